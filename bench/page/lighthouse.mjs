// What the widget costs the host page's speed, measured as a marketer would: Lighthouse (npm
// `lighthouse`, Debian Chromium) on the demo's home and pricing pages, mobile and desktop, with the
// script tag exactly as the demo embeds it (default settings) and without it. The real
// `helpfirst serve` sends the pages and the widget's dist/ build.
//
// The machine is noisy, so the three variants (with, without, and without again) are alternated
// in every round, a fixed number of rounds each; the median "without vs without again" delta is
// the A/A figure: a delta no larger than it is noise. With `--before DIR` (an earlier build's
// dist/), a fourth variant serves the page with that build, so a change is measured in one run.
//
//   node bench/page/lighthouse.mjs [--runs 5] [--pages home,pricing] [--forms mobile,desktop] [--before DIR]
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : fallback;
};
const runs = Number(option('runs', 5));
const pages = { home: 'index', pricing: 'pricing' };
const chosenPages = option('pages', 'home,pricing').split(',');
const forms = option('forms', 'mobile,desktop').split(',');
const before = option('before', null);
const SCRIPT_TAG = /<script src="\/helpfirst\/helpfirst\.js"[^>]*><\/script>\n?/;

// The demo site as it is, plus a copy of each page without the script tag, beside it so every
// other request is the same.
function site() {
  const dir = join(root, 'target/bench-page/site');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'www'), dir, { recursive: true });
  for (const name of Object.values(pages)) {
    const html = readFileSync(join(dir, `${name}.html`), 'utf8');
    if (!SCRIPT_TAG.test(html)) throw new Error(`www/${name}.html has no helpfirst script tag`);
    writeFileSync(join(dir, `${name}.bare.html`), html.replace(SCRIPT_TAG, ''));
  }
  return dir;
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function serve(siteDir, dist = join(root, 'dist')) {
  const port = await freePort();
  const db = join(mkdtempSync(join(tmpdir(), 'helpfirst-bench-page-')), 'events.db');
  const child = spawn(join(root, 'target/release/helpfirst'),
    ['serve', '--port', String(port), '--db', db, '--site', siteDir, '--dist', dist,
      '--no-answers'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('http://')) resolve(); });
    child.on('exit', (code) => reject(new Error(`helpfirst serve exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function lighthouse(url, form) {
  const args = [join(root, 'node_modules/lighthouse/cli/index.js'), url, '--quiet',
    '--only-categories=performance', '--output=json', '--output-path=stdout',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
  if (form === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args,
      { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 256 << 20 },
      (error, stdout) => {
        if (error) return reject(error);
        const report = JSON.parse(stdout);
        const audit = (id) => report.audits[id]?.numericValue ?? NaN;
        resolve({
          score: Math.round(report.categories.performance.score * 100),
          tbt: audit('total-blocking-time'),
          cls: audit('cumulative-layout-shift'),
          lcp: audit('largest-contentful-paint'),
          bytes: audit('total-byte-weight'),
        });
      });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const signed = (value, digits = 0) => (value > 0 ? '+' : '') + value.toFixed(digits);

const siteDir = site();
const server = await serve(siteDir);
const earlier = before ? await serve(siteDir, before) : null;
const results = [];
try {
  for (const page of chosenPages) {
    for (const form of forms) {
      const variants = {
        with: `${server.base}/${pages[page]}.html`,
        without: `${server.base}/${pages[page]}.bare.html`,
        again: `${server.base}/${pages[page]}.bare.html`,
      };
      if (earlier) variants.before = `${earlier.base}/${pages[page]}.html`;
      const order = Object.keys(variants);
      const measured = Object.fromEntries(order.map((variant) => [variant, []]));
      for (let round = 0; round < runs; round++) {
        // Each round starts with a different variant, so none always runs first.
        for (let step = 0; step < order.length; step++) {
          const variant = order[(round + step) % order.length];
          measured[variant].push(await lighthouse(variants[variant], form));
        }
        process.stderr.write(`${page} ${form}: round ${round + 1} of ${runs}\n`);
      }
      const m = (variant, key) => median(measured[variant].map((run) => run[key]));
      results.push({
        page, form,
        score: { with: m('with', 'score'), without: m('without', 'score'), again: m('again', 'score'),
          before: earlier ? m('before', 'score') : NaN },
        tbt: { with: m('with', 'tbt'), without: m('without', 'tbt'), again: m('again', 'tbt'),
          before: earlier ? m('before', 'tbt') : NaN },
        cls: { with: Math.max(...measured.with.map((run) => run.cls)) },
        bytes: { with: m('with', 'bytes'), without: m('without', 'bytes') },
        runs: measured,
      });
    }
  }
} finally {
  server.stop();
  earlier?.stop();
}

writeFileSync(join(root, 'target/bench-page/lighthouse.json'), JSON.stringify(results, null, 2));
console.log(`Lighthouse ${JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'))).version}, performance, median of ${runs} alternated runs each; A/A = without vs without again\n`);
console.log(`page     form     score with/without  delta  A/A   TBT with/without ms  delta   A/A  CLS max  KB with/without${before ? '  before: score delta, TBT delta' : ''}`);
for (const r of results) {
  console.log([
    r.page.padEnd(8), r.form.padEnd(8),
    `${r.score.with}/${r.score.without}`.padStart(19),
    signed(r.score.with - r.score.without).padStart(6),
    signed(r.score.again - r.score.without).padStart(5),
    `${Math.round(r.tbt.with)}/${Math.round(r.tbt.without)}`.padStart(20),
    signed(r.tbt.with - r.tbt.without).padStart(6),
    signed(r.tbt.again - r.tbt.without).padStart(5),
    r.cls.with.toFixed(3).padStart(8),
    `${Math.round(r.bytes.with / 1024)}/${Math.round(r.bytes.without / 1024)}`.padStart(16),
    before ? `${signed(r.score.before - r.score.without).padStart(15)}, ${signed(r.tbt.before - r.tbt.without)}` : '',
  ].join(' '));
}
