// Answer speed in headless Chromium: helpfirst's engine compiled to wasm against the npm search
// libraries, in the same browser and the same run, at 100, 1,000 and 10,000 documents.
//
// What it measures, per engine and size (`speed-page.mjs` does the timing inside the page): index
// build time, query latency p50 and p99 over every real question of the question set, and the
// index's size in bytes (helpfirst: the content.json its widget downloads and indexes in the
// browser; the peers: their own serialisation, where they have one). Documents: `corpus.mjs`.
// Each peer runs in the configuration with the better top-1 in the quality benchmark (the one a
// site would ship). Figures are printed, never asserted.
//
// Usage (from the repository root, after `scripts/bench-answers.sh` has built the wasm):
//   node bench/answers/speed.mjs [--faq PATH] [--questions PATH] [--wasm DIR] [--sizes 100,1000]
// defaults: ../shared/data/banking77/{faq,dev-questions}.csv, target/bench-answers, 100,1000,10000

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

import { readFaqs, readQuestions } from "./dataset.mjs";
import { content, documents } from "./corpus.mjs";

const { values: args } = parseArgs({
  options: {
    faq: { type: "string", default: "../shared/data/banking77/faq.csv" },
    questions: { type: "string", default: "../shared/data/banking77/dev-questions.csv" },
    wasm: { type: "string", default: "target/bench-answers" },
    sizes: { type: "string", default: "100,1000,10000" },
  },
});
const sizes = args.sizes.split(",").map(Number);

// The better configuration of each peer in the quality table (`quality.mjs`): true = boosted.
const BOOSTED = { MiniSearch: false, Lunr: false, FlexSearch: true, "Fuse.js": true, Orama: false };

// ---------------------------------------------------------------------------------------------
// What the page is served

const faqs = readFaqs(args.faq);
const generated = new Map([
  ["/corpus/questions.json", JSON.stringify(readQuestions(args.questions))],
  ["/corpus/real-content.json", JSON.stringify(content(faqs))],
]);
for (const size of sizes) {
  const docs = documents(faqs, size);
  generated.set(`/corpus/docs-${size}.json`, JSON.stringify(docs));
  generated.set(`/corpus/content-${size}.json`, JSON.stringify(content(docs)));
}

// Lunr ships a classic script only: the page loads it first, and this module hands its global to
// `peers.mjs`, which imports "lunr" like in Node.
generated.set("/lunr-module.js", "export default globalThis.lunr;");
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>helpfirst answer speed</title>
<script type="importmap">${JSON.stringify({
  imports: {
    minisearch: "/node_modules/minisearch/dist/es/index.js",
    "fuse.js": "/node_modules/fuse.js/dist/fuse.mjs",
    flexsearch: "/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs",
    "@orama/orama": "/node_modules/@orama/orama/dist/browser/index.js",
    lunr: "/lunr-module.js",
  },
})}</script>
<script src="/node_modules/lunr/lunr.js"></script>
<script type="module" src="/bench/answers/speed-page.mjs"></script>`;
generated.set("/", PAGE);

// Served from disk: only these folders (URL prefix -> folder).
const FOLDERS = [
  ["/node_modules/", "node_modules"],
  ["/bench/answers/", "bench/answers"],
  ["/wasm/", args.wasm],
];
const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

async function respond(request, response) {
  const path = new URL(request.url, "http://localhost").pathname;
  // Cross-origin isolation: it gives the page a precise performance.now().
  const headers = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cache-Control": "no-store",
  };
  let body = generated.get(path);
  let type = path === "/" ? TYPES[".html"] : TYPES[extname(path)] ?? "application/octet-stream";
  if (body === undefined) {
    const folder = FOLDERS.find(([prefix]) => path.startsWith(prefix));
    const rest = folder && normalize(decodeURIComponent(path.slice(folder[0].length)));
    if (!folder || rest.startsWith("..")) {
      response.writeHead(404, headers).end();
      return;
    }
    try {
      body = await readFile(join(folder[1], rest));
    } catch {
      response.writeHead(404, headers).end();
      return;
    }
  }
  response.writeHead(200, { ...headers, "Content-Type": type }).end(body);
}

// ---------------------------------------------------------------------------------------------
// The run

const server = createServer((request, response) => {
  respond(request, response).catch((error) => response.writeHead(500).end(String(error)));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
let results;
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => typeof globalThis.bench === "function");
  results = await page.evaluate((plan) => globalThis.bench(plan), { sizes, boosted: BOOSTED });
} finally {
  await browser.close();
  server.close();
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x) => (x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));
const ratio = (peer, ours) => {
  if (!(ours > 0)) return "—";
  const r = peer / ours;
  return `${r >= 0.1 ? r.toFixed(1) : r.toPrecision(1)}x`;
};
const bytes = (n) => (n == null ? "n/a" : n.toLocaleString("en-US"));

console.log(
  `Answer speed in Chromium (${results.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium"}), ` +
    `${faqs.length} real FAQ entries (${args.faq}) and seeded variants, ` +
    `${JSON.parse(generated.get("/corpus/questions.json")).length} questions (${args.questions}).`,
);
console.log(
  `Cross-origin isolated (precise timer): ${results.crossOriginIsolated}. ` +
    `helpfirst wasm top-1 on the real entries in Chromium: ${(results.top1 * 100).toFixed(1)}%.\n`,
);
for (const { size, rows } of results.sizes) {
  const ours = rows[0];
  console.log(`${size.toLocaleString("en-US")} documents\n`);
  const columns = ["engine", "config", "build ms", "query p50 ms", "query p99 ms"];
  columns.push("questions timed", "index bytes", "p50 / helpfirst", "build / helpfirst");
  console.log(`| ${columns.join(" | ")} |`);
  console.log(`| --- | --- |${" ---: |".repeat(columns.length - 2)}`);
  for (const r of rows) {
    const mine = r === ours;
    const cells = [r.engine, r.config, ms(r.buildMs), ms(r.p50), ms(r.p99), r.timed];
    cells.push(bytes(r.bytes), mine ? "—" : ratio(r.p50, ours.p50));
    cells.push(mine ? "—" : ratio(r.buildMs, ours.buildMs));
    console.log(`| ${cells.join(" | ")} |`);
  }
  console.log("");
}
