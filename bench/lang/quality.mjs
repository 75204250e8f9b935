// Answer quality in German on real text no one here wrote: the German Debian FAQ (Debian's
// debian-faq-de package), helpfirst against the npm peers, each with its own German support where
// it has one, in one run.
//
// What it measures: for each question of bench/lang/debian-faq-de.csv (a question a reader would
// ask, and the section of the FAQ whose answer it must cite), the rank of that section in each
// engine's results: top-1, top-3 and MRR@10. helpfirst is its widget's engine (`helpfirst eval
// --lexical`) on the content `helpfirst build --site` made of the FAQ's HTML, once with the
// content's language (German: Snowball stemmer and stop words) and once with a language it has no
// analysis for (the stemmer's effect). Every peer gets one document per section, `{ id, title,
// page, body }` (section heading, page title, section text), with its documented defaults and
// with its documented German configuration:
//   - Lunr: `lunr-languages` (`lunr.stemmer.support`, `lunr.de`, `this.use(lunr.de)`), its
//     README's way; punctuation stripped from the query as in bench/answers/peers.mjs.
//   - Orama: `@orama/stemmers/german` in `components.tokenizer` (`stemming: true`, `language`,
//     `stemmer`), its documentation's "Stemming" way.
//   - FlexSearch: the `flexsearch/lang/de` encoder preset (German stop words and stemmer) in
//     `new Encoder(...)`; `suggest: true` so a question need not match every term.
//   - MiniSearch and Fuse.js have no German support; measured with their defaults.
// Figures are printed, never asserted.
//
// Usage (from the repository root, after `helpfirst build`, as scripts/bench-lang.sh does):
//   node bench/lang/quality.mjs --content target/bench-lang/de.json --plain target/bench-lang/de-plain.json

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

import MiniSearch from 'minisearch';
import Fuse from 'fuse.js';
import { Document, Encoder } from 'flexsearch';
import German from 'flexsearch/lang/de';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import { stemmer as germanStemmer, language as germanLanguage } from '@orama/stemmers/german';
import lunr from 'lunr';

const require = createRequire(import.meta.url);
require('lunr-languages/lunr.stemmer.support')(lunr);
require('lunr-languages/lunr.de')(lunr);

const { values: args } = parseArgs({
  options: {
    content: { type: 'string', default: 'target/bench-lang/de.json' },
    plain: { type: 'string', default: 'target/bench-lang/de-plain.json' },
    questions: { type: 'string', default: 'bench/lang/debian-faq-de.csv' },
    helpfirst: { type: 'string', default: 'target/release/helpfirst' },
  },
});

const DEPTH = 10;
const FIELDS = ['title', 'page', 'body'];

const content = JSON.parse(readFileSync(args.content, 'utf8'));
const docs = content.pages.flatMap((page) => page.sections.map((s) => ({
  id: `${page.id}#${s.anchor}`, title: s.heading, page: page.title, body: s.body,
})));
const cases = readFileSync(args.questions, 'utf8').trim().split('\n').slice(1).map((line) => {
  const comma = line.lastIndexOf(',');
  const query = line.slice(0, comma).replace(/^"|"$/g, '').replace(/""/g, '"');
  return { query, expected: line.slice(comma + 1) };
});

async function measure(search) {
  let top1 = 0;
  let top3 = 0;
  let reciprocal = 0;
  for (const { query, expected } of cases) {
    const ids = (await search(query)).slice(0, DEPTH).map(String);
    const rank = ids.indexOf(expected) + 1;
    if (rank === 1) top1++;
    if (rank >= 1 && rank <= 3) top3++;
    if (rank >= 1) reciprocal += 1 / rank;
  }
  const n = cases.length;
  return { top1: top1 / n, top3: top3 / n, mrr10: reciprocal / n };
}

function minisearch() {
  const index = new MiniSearch({ fields: FIELDS });
  index.addAll(docs);
  return (q) => index.search(q).map((r) => r.id);
}

function lunrIndex(german) {
  const index = lunr(function () {
    if (german) this.use(lunr.de);
    this.ref('id');
    for (const f of FIELDS) this.field(f);
    for (const d of docs) this.add(d);
  });
  return (q) => index.search(q.replace(/[^\p{L}\p{N}\s]/gu, ' ')).map((r) => r.ref);
}

function flexsearch(german) {
  const index = new Document({
    document: { id: 'id', index: FIELDS },
    ...(german && { encoder: new Encoder(German) }),
  });
  for (const d of docs) index.add(d);
  return (q) => {
    const seen = [];
    for (const field of index.search(q, { limit: DEPTH, suggest: true })) {
      for (const id of field.result) if (!seen.includes(id)) seen.push(id);
    }
    return seen;
  };
}

function fuse() {
  const index = new Fuse(docs, { keys: FIELDS });
  return (q) => index.search(q).map((r) => r.item.id);
}

async function orama(german) {
  const db = await create({
    schema: Object.fromEntries(FIELDS.map((f) => [f, 'string'])),
    ...(german && {
      components: { tokenizer: { stemming: true, language: germanLanguage, stemmer: germanStemmer } },
    }),
  });
  await insertMultiple(db, docs);
  // A document's string `id` is Orama's id for it.
  return async (q) => (await oramaSearch(db, { term: q, limit: DEPTH })).hits.map((h) => h.id);
}

function helpfirst(path) {
  const out = execFileSync(args.helpfirst, ['eval', '--lexical', '--json', '--content', path, '--questions', args.questions],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const figures = JSON.parse(out);
  return { top1: figures.top1, top3: figures.top3, mrr10: figures.mrr10 };
}

const rows = [
  { engine: 'helpfirst (lexical, the widget\'s engine)', config: 'German: Snowball stemmer + stop words', ...helpfirst(args.content) },
  { engine: 'helpfirst (lexical, the widget\'s engine)', config: 'no language analysis', ...helpfirst(args.plain) },
  { engine: 'Lunr 2.3.9', config: 'lunr-languages 1.22.0 German', ...(await measure(lunrIndex(true))) },
  { engine: 'Lunr 2.3.9', config: 'defaults (English stemmer)', ...(await measure(lunrIndex(false))) },
  { engine: 'Orama 3.1.18', config: '@orama/stemmers German', ...(await measure(await orama(true))) },
  { engine: 'Orama 3.1.18', config: 'defaults', ...(await measure(await orama(false))) },
  { engine: 'FlexSearch 0.8.212', config: 'lang/de encoder, suggest', ...(await measure(flexsearch(true))) },
  { engine: 'FlexSearch 0.8.212', config: 'defaults, suggest', ...(await measure(flexsearch(false))) },
  { engine: 'MiniSearch 7.2.0', config: 'defaults (no German support)', ...(await measure(minisearch())) },
  { engine: 'Fuse.js 7.5.0', config: 'defaults (no German support)', ...(await measure(fuse())) },
];

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const best = Math.max(...rows.slice(2).map((r) => r.top1));
console.log(`German Debian FAQ: ${docs.length} sections, ${cases.length} questions (${args.questions})`);
console.log('| engine | configuration | top-1 | top-3 | MRR@10 | helpfirst (German) top-1 / this |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const ratio = r.top1 > 0 ? `${(rows[0].top1 / r.top1).toFixed(2)}x` : 'n/a';
  console.log(`| ${r.engine} | ${r.config} | ${pct(r.top1)} | ${pct(r.top3)} | ${r.mrr10.toFixed(3)} | ${ratio} |`);
}
console.log(`best peer top-1: ${pct(best)}; helpfirst German / best peer: ${(rows[0].top1 / best).toFixed(2)}x`);
