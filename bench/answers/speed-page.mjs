// The in-page half of the Chromium speed benchmark (`speed.mjs` serves and drives it): builds each
// engine's index over the same documents and times it, then times every question, all with
// `performance.now()` in this page.
//
// Key decisions:
// - The page is cross-origin isolated (the server sends COOP and COEP), so `performance.now()` is
//   precise to a few microseconds instead of Chromium's coarsened 100 microseconds.
// - Every engine starts from the same already-parsed objects: helpfirst from a `content.json`
//   object (what its widget gets from `JSON.parse`), the peers from the documents; parsing is not
//   counted for anyone.
// - Build time is the median of three builds after one untimed one; query time is every question
//   timed once, in the file's order, after a warm-up pass over the first WARM_UP questions, so the
//   JIT (and wasm tiering) has settled for everyone.
// - An engine slow enough to exceed BUDGET_MS of timed querying (WARM_UP_BUDGET_MS for the warm-up)
//   stops there and is summarised over the questions it got through (the report says how many):
//   Fuse.js, a fuzzy scan of every document, takes tens of milliseconds a question from 100
//   documents on, seconds at 10,000, and would otherwise run for hours.

import init, { Engine } from "/wasm/engine.js";
import { PEERS } from "./peers.mjs";

const BUILDS = 3;
const WARM_UP = 200;
const WARM_UP_BUDGET_MS = 3000;
const BUDGET_MS = 30000;

const utf8 = new TextEncoder();

/** Nearest-rank percentile of sorted values. */
function percentile(sorted, share) {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)));
  return sorted[rank - 1];
}

async function fetchJson(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** Builds one untimed index, then BUILDS timed ones; keeps the last for the queries. */
async function timedBuilds(build, discard) {
  discard(await build());
  const times = [];
  let index;
  for (let i = 0; i < BUILDS; i++) {
    if (index) discard(index);
    const started = performance.now();
    index = await build();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { index, buildMs: times[Math.floor(BUILDS / 2)] };
}

/** Per-question latency in milliseconds, sorted, after a warm-up pass; each pass within budget. */
async function timedQueries(search, questions) {
  const pass = async (list, budget) => {
    const times = [];
    let spent = 0;
    for (const q of list) {
      const started = performance.now();
      const result = search(q);
      if (result instanceof Promise) await result;
      const time = performance.now() - started;
      times.push(time);
      spent += time;
      if (spent > budget) break;
    }
    return times;
  };
  await pass(questions.slice(0, WARM_UP), WARM_UP_BUDGET_MS);
  return (await pass(questions, BUDGET_MS)).sort((a, b) => a - b);
}

function summary(engine, config, buildMs, times, bytes) {
  return {
    engine,
    config,
    buildMs,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    timed: times.length,
    bytes,
  };
}

async function helpfirst(contentText, questions) {
  const content = JSON.parse(contentText);
  const { index, buildMs } = await timedBuilds(
    () => new Engine(content),
    (engine) => engine.free(),
  );
  const times = await timedQueries((q) => index.ask(q), questions);
  index.free();
  // What the widget downloads to answer: content.json; it builds its index in the browser.
  return summary("helpfirst", "default", buildMs, times, utf8.encode(contentText).length);
}

async function peer({ engine, build, boostedLabel }, boosted, docs, questions) {
  const { index, buildMs } = await timedBuilds(
    () => build(docs, boosted),
    () => {},
  );
  const times = await timedQueries(index.search, questions);
  return summary(engine, boosted ? boostedLabel : "defaults", buildMs, times, await index.bytes());
}

/** helpfirst's top-1 on the real entries, to show the wasm ranks as the native CLI does. */
async function wasmTop1(realContent, cases) {
  const engine = new Engine(realContent);
  const answerable = cases.filter((c) => c.expected);
  const right = answerable.filter((c) => engine.ask(c.query)[0] === c.expected).length;
  engine.free();
  return right / answerable.length;
}

/**
 * Runs the whole measurement. `plan`: `{ sizes, boosted: { engine: bool } }`; the documents, the
 * content and the questions are fetched from the server.
 */
async function run(plan) {
  await init();
  const cases = await fetchJson("/corpus/questions.json");
  const questions = cases.map((c) => c.query);
  const results = {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    userAgent: navigator.userAgent,
    top1: await wasmTop1(await fetchJson("/corpus/real-content.json"), cases),
    sizes: [],
  };
  for (const size of plan.sizes) {
    const docs = await fetchJson(`/corpus/docs-${size}.json`);
    const contentText = await (await fetch(`/corpus/content-${size}.json`)).text();
    const rows = [await helpfirst(contentText, questions)];
    for (const p of PEERS) {
      rows.push(await peer(p, plan.boosted[p.engine], docs, questions));
    }
    results.sizes.push({ size, rows });
  }
  return results;
}

globalThis.bench = run;
