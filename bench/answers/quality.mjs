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
// question field boosted x2 the way its own documentation recommends (`peers.mjs`, shared with the
// Chromium speed benchmark). helpfirst is measured by its
// own `helpfirst eval --json` on the same two files, with the same rank definitions.
// Figures are printed, never asserted.
//
// Usage (from the repository root):
//   node bench/answers/quality.mjs [--faq PATH] [--questions PATH]
// defaults: ../shared/data/banking77/faq.csv and ../shared/data/banking77/dev-questions.csv

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

import { readFaqs, readQuestions } from "./dataset.mjs";
import { DEPTH, PEERS } from "./peers.mjs";

// ---------------------------------------------------------------------------------------------
// Inputs

const { values: args } = parseArgs({
  options: {
    faq: { type: "string", default: "../shared/data/banking77/faq.csv" },
    questions: { type: "string", default: "../shared/data/banking77/dev-questions.csv" },
  },
});

const docs = readFaqs(args.faq);
const cases = readQuestions(args.questions);
const answerable = cases.filter((c) => c.expected);

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

// helpfirst's three rankers: fused (what visitors get from the answer service), the sentence
// encoder alone, and the lexical engine alone (what the widget computes without the service).
const RANKERS = [
  { config: "fused (default)", extra: [] },
  { config: "semantic only", extra: ["--set", "semantic_weight=1"] },
  { config: "lexical only", extra: ["--lexical"] },
];

function helpfirst(extra) {
  const binary = "target/release/helpfirst";
  if (!existsSync(binary)) {
    // Cargo waits on its own build lock if another build is running.
    execFileSync("cargo", ["build", "--release", "--bin", "helpfirst"], { stdio: "inherit" });
  }
  const out = execFileSync(
    binary,
    // The entries' vectors are kept between runs (--cache): only the questions are embedded again.
    [
      "eval", "--content", args.faq, "--questions", args.questions, "--json", "--sweep",
      "--cache", "target/embeddings", ...extra,
    ],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const figures = JSON.parse(out);
  if (figures.answerable !== answerable.length) {
    console.warn(
      `warning: helpfirst counted ${figures.answerable} questions with an entry, this script ${answerable.length}`,
    );
  }
  const at95 = figures.sweep.best.find((b) => b.min_answered_rate === 0.95);
  return {
    top1: figures.top1,
    top3: figures.top3,
    mrr10: figures.mrr10,
    abstain95: at95 ? at95.abstain_recall : null,
  };
}

const rows = RANKERS.map(({ config, extra }) => ({ engine: "helpfirst", config, ...helpfirst(extra) }));
for (const { engine, build, boostedLabel } of PEERS) {
  for (const boosted of [false, true]) {
    const { search } = await build(docs, boosted);
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
const peers = rows.filter((r) => r.engine !== "helpfirst");
const best = peers.reduce((a, b) => (b.top1 > a.top1 ? b : a));

console.log(
  `Answer quality: ${docs.length} FAQ entries (${args.faq}), ${cases.length} questions ` +
    `(${args.questions}), ${answerable.length} with an entry.\n`,
);
console.log(
  "| engine | config | top-1 | top-3 | MRR@10 | abstains on (no entry), answering ≥95% | helpfirst fused top-1 / this |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const ratio = r === ours ? "—" : r.top1 > 0 ? `${(ours.top1 / r.top1).toFixed(2)}x` : "∞";
  // The peers rank; they have no notion of "no good answer".
  const abstain = r.abstain95 == null ? "—" : pct(r.abstain95);
  console.log(
    `| ${r.engine} | ${r.config} | ${pct(r.top1)} | ${pct(r.top3)} | ${r.mrr10.toFixed(3)} | ${abstain} | ${ratio} |`,
  );
}
const points = (ours.top1 - best.top1) * 100;
console.log(
  `\nhelpfirst fused top-1 vs the best peer (${best.engine}, ${best.config}): ` +
    `${points >= 0 ? "+" : ""}${points.toFixed(1)} points ` +
    `(${pct(ours.top1)} vs ${pct(best.top1)}).`,
);
