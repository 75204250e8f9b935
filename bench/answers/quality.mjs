// Answer quality, helpfirst against the npm search libraries a site would otherwise embed.
//
// What it measures: for every question of a question set that has an expected FAQ entry, the
// rank of that entry in each engine's results, summarised as top-1 and top-3 accuracy and MRR@10
// (no result, or the entry beyond rank 10, counts as a miss). Questions without an expected entry
// are left out of these figures, as in `helpfirst eval`: abstention is measured there, and the
// peers have no notion of it.
//
// Why it is fair: one run, one FAQ file, one question file for every engine. Each peer gets one
// document per FAQ entry with the same three fields (question, alternates, answer), is queried
// with the raw question text, and is measured twice: with its documented defaults, and with the
// question field boosted x2 the way its own documentation recommends. helpfirst is measured by its
// own `helpfirst eval --json` on the same two files, with the same rank definitions.
// Figures are printed, never asserted.
//
// Usage (from the repository root):
//   node bench/answers/quality.mjs [--faq PATH] [--questions PATH]
// defaults: ../shared/data/banking77/faq.csv and ../shared/data/banking77/dev-questions.csv

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";

import MiniSearch from "minisearch";
import Fuse from "fuse.js";
import { Document, Resolver } from "flexsearch";
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";

const require = createRequire(import.meta.url);
const lunr = require("lunr"); // Lunr ships CommonJS only

const FIELDS = ["question", "alternates", "answer"];
const BOOST = 2; // the question field's weight in the "boosted" configuration
const DEPTH = 10; // ranks beyond this count as misses (MRR@10)

// ---------------------------------------------------------------------------------------------
// Inputs

const { values: args } = parseArgs({
  options: {
    faq: { type: "string", default: "../shared/data/banking77/faq.csv" },
    questions: { type: "string", default: "../shared/data/banking77/dev-questions.csv" },
  },
});

/** RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes) to objects. */
function readCsv(path) {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.some((cell) => cell.trim() !== ""));
  const names = header.map((h) => h.trim());
  return body.map((r) => Object.fromEntries(names.map((name, i) => [name, r[i] ?? ""])));
}

// One document per FAQ entry; the " | "-separated alternates stay one text field for every peer.
const docs = readCsv(args.faq).map((r) => ({
  id: r.id.trim(),
  question: r.question ?? "",
  alternates: r.alternates ?? "",
  answer: r.answer ?? "",
}));
// Same reading as `helpfirst eval`: trimmed query, empty queries skipped, empty id = no entry.
const cases = readCsv(args.questions)
  .map((r) => ({ query: (r.query ?? "").trim(), expected: (r.expected_id ?? "").trim() || null }))
  .filter((c) => c.query !== "");
const answerable = cases.filter((c) => c.expected);

// ---------------------------------------------------------------------------------------------
// Peers: each adapter builds its index once and returns `query -> ranked ids`.

// MiniSearch: `fields` to index; boosting with `searchOptions.boost: { field: factor }`
// (README "Search options": "boost: { title: 2 }").
function minisearch(boosted) {
  const index = new MiniSearch({
    fields: FIELDS,
    ...(boosted && { searchOptions: { boost: { question: BOOST } } }),
  });
  index.addAll(docs);
  return (q) => index.search(q).map((r) => r.id);
}

// Lunr: `this.field(name, { boost })` in the builder (API docs, lunr.Builder#field,
// `attributes.boost`).
// Lunr parses the search string as its query language and throws on stray syntax (e.g. a
// trailing `-` or `:`), and its search pipeline (stemmer only) does not trim punctuation, so a
// query word such as "card?" would never match "card". Every integration of Lunr strips both, so
// the query keeps only letters, digits and spaces: the fair setting, and the peer's best one.
function lunrAdapter(boosted) {
  const index = lunr(function () {
    this.ref("id");
    for (const f of FIELDS) this.field(f, boosted && f === "question" ? { boost: BOOST } : {});
    for (const d of docs) this.add(d);
  });
  return (q) => index.search(q.replace(/[^\p{L}\p{N}\s]/gu, " ")).map((r) => r.ref);
}

// FlexSearch: a `Document` index over the fields. Defaults: `search(q, { merge: true })` merges
// the per-field results into one list (doc/document-search.md, "Merge Document Results"); by
// default every query term must match, which real multi-word questions rarely do.
// Boosted: the documented Resolver chain, one stage per field, the question stage with
// `boost: 2` (doc/resolver.md, "Chainable Boolean Operations"), plus `suggest: true` (README,
// "Suggestions": results that do not match every term), without which boosting has nothing to
// rank.
function flexsearch(boosted) {
  const index = new Document({ document: { id: "id", index: FIELDS } });
  for (const d of docs) index.add(d);
  if (!boosted) {
    return (q) => index.search(q, { limit: DEPTH, merge: true }).map((r) => r.id);
  }
  return (q) => {
    const [first, ...rest] = FIELDS;
    let chain = new Resolver({ index, field: first, query: q, boost: BOOST, suggest: true });
    for (const field of rest) chain = chain.or({ index, field, query: q, suggest: true });
    return chain.resolve({ limit: DEPTH });
  };
}

// Fuse.js: `keys` to search. Boosted: weighted keys `{ name, weight }` (fusejs.io, "Weighted
// search"), plus `ignoreLocation: true` (fusejs.io, "Fuzzy Search": otherwise a match more than
// `distance` = 100 characters from the start of a field is penalised out, which long fields such
// as the alternates need).
function fuse(boosted) {
  const options = boosted
    ? {
        keys: FIELDS.map((name) => ({ name, weight: name === "question" ? BOOST : 1 })),
        ignoreLocation: true,
      }
    : { keys: FIELDS };
  const index = new Fuse(docs, options);
  return (q) => index.search(q).map((r) => r.item.id);
}

// Orama: a schema of string properties, full-text `search`; boosting with
// `boost: { question: 2 }` (docs "Fields Boosting").
async function orama(boosted) {
  const db = await create({
    schema: Object.fromEntries(FIELDS.map((f) => [f, "string"])),
  });
  await insertMultiple(db, docs);
  return async (q) => {
    const params = { term: q, limit: DEPTH, ...(boosted && { boost: { question: BOOST } }) };
    const result = await oramaSearch(db, params);
    return result.hits.map((h) => h.id);
  };
}

// [engine, adapter, label of the boosted configuration]
const PEERS = [
  ["MiniSearch", minisearch, `question x${BOOST}`],
  ["Lunr", lunrAdapter, `question x${BOOST}`],
  ["FlexSearch", flexsearch, `question x${BOOST}, suggest`],
  ["Fuse.js", fuse, `question x${BOOST}, ignoreLocation`],
  ["Orama", orama, `question x${BOOST}`],
];

// ---------------------------------------------------------------------------------------------
// Measurement

async function measure(search) {
  let top1 = 0;
  let top3 = 0;
  let reciprocal = 0;
  for (const { query, expected } of answerable) {
    const ids = (await search(query)).slice(0, DEPTH).map(String);
    const rank = ids.indexOf(expected) + 1; // 0 = miss
    if (rank === 1) top1++;
    if (rank >= 1 && rank <= 3) top3++;
    if (rank >= 1) reciprocal += 1 / rank;
  }
  const n = answerable.length || 1;
  return { top1: top1 / n, top3: top3 / n, mrr10: reciprocal / n };
}

function helpfirst() {
  const binary = "target/release/helpfirst";
  if (!existsSync(binary)) {
    // Cargo waits on its own build lock if another build is running.
    execFileSync("cargo", ["build", "--release", "--bin", "helpfirst"], { stdio: "inherit" });
  }
  const out = execFileSync(
    binary,
    ["eval", "--content", args.faq, "--questions", args.questions, "--json"],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const figures = JSON.parse(out);
  if (figures.answerable !== answerable.length) {
    console.warn(
      `warning: helpfirst counted ${figures.answerable} questions with an entry, this script ${answerable.length}`,
    );
  }
  return { top1: figures.top1, top3: figures.top3, mrr10: figures.mrr10 };
}

const rows = [{ engine: "helpfirst", config: "default", ...helpfirst() }];
for (const [engine, adapter, boostedLabel] of PEERS) {
  for (const boosted of [false, true]) {
    const search = await adapter(boosted);
    rows.push({
      engine,
      config: boosted ? boostedLabel : "defaults",
      ...(await measure(search)),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const ours = rows[0];
const peers = rows.slice(1);
const best = peers.reduce((a, b) => (b.top1 > a.top1 ? b : a));

console.log(
  `Answer quality: ${docs.length} FAQ entries (${args.faq}), ${cases.length} questions ` +
    `(${args.questions}), ${answerable.length} with an entry.\n`,
);
console.log("| engine | config | top-1 | top-3 | MRR@10 | helpfirst top-1 / this |");
console.log("| --- | --- | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const ratio = r === ours ? "—" : r.top1 > 0 ? `${(ours.top1 / r.top1).toFixed(2)}x` : "∞";
  console.log(
    `| ${r.engine} | ${r.config} | ${pct(r.top1)} | ${pct(r.top3)} | ${r.mrr10.toFixed(3)} | ${ratio} |`,
  );
}
const points = (ours.top1 - best.top1) * 100;
console.log(
  `\nhelpfirst top-1 vs the best peer (${best.engine}, ${best.config}): ` +
    `${points >= 0 ? "+" : ""}${points.toFixed(1)} points ` +
    `(${pct(ours.top1)} vs ${pct(best.top1)}).`,
);
