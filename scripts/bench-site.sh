#!/usr/bin/env bash
# `make bench-answers` (site part): index two real sites' built HTML that no one here wrote (the
# PostgreSQL 15 and SQLite manuals from Debian's postgresql-doc-15 and sqlite3-doc) and the demo
# site, print pages, sections, index time and the compiled content's raw and brotli size per 100
# pages, then ask each outside site its committed questions (bench/site/*.csv: query and the
# section each answer must cite), and the Git and Python manuals their development questions.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Git and Python manuals (Debian's git-doc and python3-doc) are the ranking's development sets
# (bench/site/git.csv, bench/site/python.csv): ranking changes for sectioned sites are judged on
# both, never on the two sets above. Only this benchmark needs them, so they are installed here
# rather than by scripts/setup.sh (which `make test` runs).
missing=()
for package in git-doc python3-doc; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

cargo build --release --quiet --bin helpfirst
out=target/bench-site
mkdir -p "$out"
rm -f "$out"/*.manifest.json

# name, folder, extra options (the SQLite manual marks its own non-searchable parts .nosearch)
sites=(
  "postgresql|/usr/share/doc/postgresql-doc-15/html|"
  "sqlite|/usr/share/doc/sqlite3|--ignore .nosearch"
  "demo|www|"
  "git|/usr/share/doc/git-doc|"
  "python|/usr/share/doc/python3-doc/html|"
)
printf '%-11s %6s %9s %9s %12s %14s %14s\n' site pages sections "index s" "raw bytes" "raw/100 pages" "br/100 pages"
for entry in "${sites[@]}"; do
  IFS='|' read -r name dir extra <<<"$entry"
  # shellcheck disable=SC2086
  report=$(target/release/helpfirst build --site "$dir" $extra --out "$out/$name.json" 2>/dev/null)
  pages=$(sed -n 's/.*site: \([0-9]*\) pages, \([0-9]*\) sections.* in \([0-9.]*\) s;.*/\1/p' <<<"$report")
  sections=$(sed -n 's/.*site: \([0-9]*\) pages, \([0-9]*\) sections.* in \([0-9.]*\) s;.*/\2/p' <<<"$report")
  seconds=$(sed -n 's/.*site: \([0-9]*\) pages, \([0-9]*\) sections.* in \([0-9.]*\) s;.*/\3/p' <<<"$report")
  raw=$(stat -c %s "$out/$name.json")
  br=$(brotli -q 11 -c "$out/$name.json" | wc -c)
  printf '%-11s %6s %9s %9s %12s %14s %14s\n' "$name" "$pages" "$sections" "$seconds" "$raw" \
    "$((raw * 100 / pages))" "$((br * 100 / pages))"
done

# Both rankers: the lexical engine, which is what the widget runs on a site's index in the browser,
# and the fused one the answer service (/v1/answer) runs. On a manual (more than 2,000 sections) the
# fused ranker reranks each question's 50 best lexical candidates by meaning, embedding them when
# first asked; the vectors are kept in target/embeddings, so a re-run embeds only what is new.
for name in git python postgresql sqlite; do
  for ranker in --lexical ""; do
    echo
    echo "questions: bench/site/$name.csv"
    start=$SECONDS
    # shellcheck disable=SC2086
    target/release/helpfirst eval $ranker --cache target/embeddings --content "$out/$name.json" \
      --questions "bench/site/$name.csv"
    echo "wall time           $((SECONDS - start)) s (loading, embedding what the cache lacks, asking)"
  done
done
