// The npm search libraries helpfirst is compared with, each configured the way its documentation
// says, shared by the quality benchmark (Node) and the speed benchmark (Chromium, where an import
// map resolves the same package names), so both measure exactly the same configurations.
//
// Every peer gets one document per FAQ entry, `{ id, question, alternates, answer }` (alternates as
// one text field), and is measured with its documented defaults and with the question field
// boosted x2. `build(docs, boosted)` returns `{ search(query) -> ranked ids, bytes() -> size of its
// serialised index, or null where it has no serialisation }`; `search` may return a promise.

import MiniSearch from "minisearch";
import Fuse from "fuse.js";
import { Document, Resolver } from "flexsearch";
import { create, insertMultiple, save, search as oramaSearch } from "@orama/orama";
import lunr from "lunr";

export const FIELDS = ["question", "alternates", "answer"];
export const BOOST = 2; // the question field's weight in the "boosted" configuration
export const DEPTH = 10; // results asked for where a peer takes a limit (MRR@10 reads no further)

const utf8 = new TextEncoder();
/** Bytes of a value serialised as JSON, as it would be stored or sent. */
const jsonBytes = (value) => utf8.encode(JSON.stringify(value)).length;

// MiniSearch: `fields` to index; boosting with `searchOptions.boost: { field: factor }`
// (README "Search options": "boost: { title: 2 }"). Serialised with `JSON.stringify` (its toJSON).
function minisearch(docs, boosted) {
  const index = new MiniSearch({
    fields: FIELDS,
    ...(boosted && { searchOptions: { boost: { question: BOOST } } }),
  });
  index.addAll(docs);
  return { search: (q) => index.search(q).map((r) => r.id), bytes: () => jsonBytes(index) };
}

// Lunr: `this.field(name, { boost })` in the builder (API docs, lunr.Builder#field,
// `attributes.boost`). Lunr parses the search string as its query language and throws on stray
// syntax (e.g. a trailing `-` or `:`), and its search pipeline (stemmer only) does not trim
// punctuation, so a query word such as "card?" would never match "card". Every integration of Lunr
// strips both, so the query keeps only letters, digits and spaces: the fair setting, and the peer's
// best one. Serialised with `JSON.stringify` (its toJSON).
function lunrAdapter(docs, boosted) {
  const index = lunr(function () {
    this.ref("id");
    for (const f of FIELDS) this.field(f, boosted && f === "question" ? { boost: BOOST } : {});
    for (const d of docs) this.add(d);
  });
  return {
    search: (q) => index.search(q.replace(/[^\p{L}\p{N}\s]/gu, " ")).map((r) => r.ref),
    bytes: () => jsonBytes(index),
  };
}

// FlexSearch: a `Document` index over the fields. Defaults: `search(q, { merge: true })` merges
// the per-field results into one list (doc/document-search.md, "Merge Document Results"); by
// default every query term must match, which real multi-word questions rarely do.
// Boosted: the documented Resolver chain, one stage per field, the question stage with
// `boost: 2` (doc/resolver.md, "Chainable Boolean Operations"), plus `suggest: true` (README,
// "Suggestions": results that do not match every term), without which boosting has nothing to
// rank. Serialised with `export(handler)` (doc/export-import.md): the bytes of every exported part.
function flexsearch(docs, boosted) {
  const index = new Document({ document: { id: "id", index: FIELDS } });
  for (const d of docs) index.add(d);
  const bytes = async () => {
    let total = 0;
    await index.export((key, data) => {
      total += utf8.encode(String(key)).length;
      if (data == null) return;
      total += utf8.encode(typeof data === "string" ? data : JSON.stringify(data)).length;
    });
    return total;
  };
  if (!boosted) {
    const search = (q) => index.search(q, { limit: DEPTH, merge: true }).map((r) => r.id);
    return { search, bytes };
  }
  const search = (q) => {
    const [first, ...rest] = FIELDS;
    let chain = new Resolver({ index, field: first, query: q, boost: BOOST, suggest: true });
    for (const field of rest) chain = chain.or({ index, field, query: q, suggest: true });
    return chain.resolve({ limit: DEPTH });
  };
  return { search, bytes };
}

// Fuse.js: `keys` to search. Boosted: weighted keys `{ name, weight }` (fusejs.io, "Weighted
// search"), plus `ignoreLocation: true` (fusejs.io, "Fuzzy Search": otherwise a match more than
// `distance` = 100 characters from the start of a field is penalised out, which long fields such
// as the alternates need). Serialised with `getIndex().toJSON()` (fusejs.io, "Indexing"); searching
// also needs the documents themselves.
function fuse(docs, boosted) {
  const options = boosted
    ? {
        keys: FIELDS.map((name) => ({ name, weight: name === "question" ? BOOST : 1 })),
        ignoreLocation: true,
      }
    : { keys: FIELDS };
  const index = new Fuse(docs, options);
  return {
    search: (q) => index.search(q).map((r) => r.item.id),
    bytes: () => jsonBytes(index.getIndex()),
  };
}

// Orama: a schema of string properties, full-text `search`; boosting with
// `boost: { question: 2 }` (docs "Fields Boosting"). Serialised with `save(db)` (docs "Data
// persistence"). Its calls return promises only when a plugin or component is asynchronous.
async function orama(docs, boosted) {
  const db = await create({ schema: Object.fromEntries(FIELDS.map((f) => [f, "string"])) });
  await insertMultiple(db, docs);
  const params = { limit: DEPTH, ...(boosted && { boost: { question: BOOST } }) };
  const hits = (result) => result.hits.map((h) => h.id);
  return {
    search: (q) => {
      const result = oramaSearch(db, { term: q, ...params });
      return result instanceof Promise ? result.then(hits) : hits(result);
    },
    bytes: () => jsonBytes(save(db)),
  };
}

/** The peers, with the label of each one's boosted configuration. */
export const PEERS = [
  { engine: "MiniSearch", build: minisearch, boostedLabel: `question x${BOOST}` },
  { engine: "Lunr", build: lunrAdapter, boostedLabel: `question x${BOOST}` },
  { engine: "FlexSearch", build: flexsearch, boostedLabel: `question x${BOOST}, suggest` },
  { engine: "Fuse.js", build: fuse, boostedLabel: `question x${BOOST}, ignoreLocation` },
  { engine: "Orama", build: orama, boostedLabel: `question x${BOOST}` },
];
