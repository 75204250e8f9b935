// Derives the second-domain question set, `sets/clinc150/`, from CLINC150's `data_full.json`
// (https://github.com/clinc/oos-eval, Larson et al. 2019, CC BY 3.0), the same way the shared
// BANKING77 set was built, so that the engine is judged on a domain it was not tuned on.
//
// Why this shape: a marketer's FAQ has one entry per topic with a handful of "also asked as"
// phrasings, and visitors ask in their own words, sometimes about topics the FAQ lacks. So:
// - 135 of the 150 intents become FAQ entries: `question` is the intent's name in words,
//   `alternates` five of its training utterances, `answer` a short stand-in;
// - the other 15 intents are left out on purpose, as topics with no entry;
// - the questions are 8 test utterances of every intent (those of the 15 left-out intents expect
//   no entry) and 100 of the out-of-scope test utterances (no entry either).
// Every choice is drawn from a seeded generator, so the files are reproducible byte for byte.
//
// Usage (from the repository root; the output is committed, this is how it was made):
//   node bench/answers/sets/derive-clinc150.mjs path/to/data_full.json

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { generator } from "../corpus.mjs";

const LEFT_OUT = 15;
const ALTERNATES = 5;
const QUESTIONS_PER_INTENT = 8;
const OUT_OF_SCOPE = 100;
const OUT_DIR = new URL("./clinc150/", import.meta.url);

function shuffled(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function csvCell(text) {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csv(header, rows) {
  return [header.join(","), ...rows.map((row) => row.map(csvCell).join(","))].join("\n") + "\n";
}

function byIntent(pairs) {
  const groups = new Map();
  for (const [utterance, intent] of pairs) {
    if (!groups.has(intent)) groups.set(intent, []);
    groups.get(intent).push(utterance);
  }
  return groups;
}

const path = process.argv[2];
if (!path) {
  console.error("usage: node bench/answers/sets/derive-clinc150.mjs path/to/data_full.json");
  process.exit(2);
}
const data = JSON.parse(readFileSync(path, "utf8"));
const random = generator(150);
const train = byIntent(data.train);
const test = byIntent(data.test);
const intents = [...train.keys()].sort();
const leftOut = new Set(shuffled(intents, random).slice(0, LEFT_OUT));

const faq = intents
  .filter((intent) => !leftOut.has(intent))
  .map((intent) => {
    const words = intent.replaceAll("_", " ");
    const name = words[0].toUpperCase() + words.slice(1);
    const alternates = shuffled(train.get(intent), random).slice(0, ALTERNATES);
    return [intent, name, `Answer about ${words}.`, `https://example.com/help/${intent}`, alternates.join(" | ")];
  });

const questions = intents.flatMap((intent) =>
  shuffled(test.get(intent), random)
    .slice(0, QUESTIONS_PER_INTENT)
    .map((query) => [query, leftOut.has(intent) ? "" : intent]),
);
const outOfScope = shuffled(
  data.oos_test.map(([query]) => query),
  random,
).slice(0, OUT_OF_SCOPE);
questions.push(...outOfScope.map((query) => [query, ""]));

mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(new URL("faq.csv", OUT_DIR), csv(["id", "question", "answer", "url", "alternates"], faq));
writeFileSync(
  new URL("questions.csv", OUT_DIR),
  csv(["query", "expected_id"], shuffled(questions, random)),
);
console.log(
  `clinc150: ${faq.length} FAQ entries, ${questions.length} questions ` +
    `(${questions.filter(([, id]) => id === "").length} without an entry)`,
);
