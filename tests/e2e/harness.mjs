// Shared set-up for the end-to-end tests: a real `helpfirst serve` on a free loopback port with a
// fresh SQLite file, and Debian's Chromium driven by playwright-core.
import { before, after } from 'node:test';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;

// `args`: more options for `helpfirst serve`, such as `['--notify', file]`.
export async function startServer(args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'helpfirst-e2e-'));
  const db = join(dir, 'events.db');
  const child = spawn(join(root, 'target/release/helpfirst'), ['serve', '--port', '0', '--db', db, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/serving the demo at (http:\/\/\S+\/)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`helpfirst serve exited with ${code}: ${seen}`)));
  });
  return { url, db, stop: () => child.kill() };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Rows from the collector's SQLite file, read with the sqlite3 shell as a person would.
export function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

// Waits for rows to appear: the widget sends events without blocking the visitor, so they land
// shortly after the answer is shown. Bounded by attempts, and it says what it waited for.
export async function rowsEventually(db, sql, wanted = 1) {
  let rows = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    rows = query(db, sql);
    if (rows.length >= wanted) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${wanted} row(s) for: ${sql}; found ${rows.length}`);
}

// Collects what the page reports: errors, console warnings, CSP violations and wasm requests.
export function watch(page) {
  const seen = { errors: [], warnings: [], wasm: [] };
  // Registered before navigation, so a fetch that happens at any moment is not missed.
  seen.wasmLoaded = new Promise((resolve) => {
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('.wasm')) resolve(request);
    });
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
    if (message.type() === 'warning') seen.warnings.push(message.text());
  });
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) seen.wasm.push(request.url());
  });
  return seen;
}

// Resolves after the browser has been idle twice following the page's load event.
export function afterIdle(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const idle = () => requestIdleCallback(() => requestIdleCallback(resolve));
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }));
}

export const axeSource = join(root, 'node_modules/axe-core/axe.min.js');

// One server and one browser for a whole test file, started before its first test and stopped
// after its last. The returned object's `server` and `browser` are set once `before` has run.
// `args()` gives more options for the server (or a promise of them), read when it starts.
export function withDemo(args = () => []) {
  const demo = {};
  before(async () => {
    demo.server = await startServer(await args());
    demo.browser = await launchBrowser();
  });
  after(async () => {
    await demo.browser?.close();
    demo.server?.stop();
  });
  return demo;
}

// Types a question into the open panel and sends it, as a visitor would.
export async function ask(page, question) {
  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.fill(question);
  await box.press('Enter');
}

// Waits until the widget's own panel is open: the frame the loader draws at a tap that comes before
// the widget is ready has given way to it. Tests that measure or count what is in the panel wait
// for this, since the frame looks the same but has only a question box.
export async function widgetOpen(page) {
  await page.waitForFunction(() =>
    !!document.querySelector('helpfirst-widget')?.shadowRoot.querySelector('.panel:not([aria-busy]):popover-open'));
}

// Waits until the widget's panel (not the frame the loader draws at an early tap, which is busy)
// shows `question` asked and is no longer looking it up: its answer, or its decline, is shown.
export async function answered(page, question) {
  await page.waitForFunction((question) => {
    const panel = document.querySelector('helpfirst-widget')?.shadowRoot.querySelector('.panel:not([aria-busy])');
    return !!panel && !panel.querySelector('.transcript .status') &&
      [...panel.querySelectorAll('.turn.visitor')].some((turn) => turn.textContent.endsWith(question));
  }, question);
}

// axe-core's violations in the widget (or the whole page, where there is no widget), one line
// each. axe is injected as an inline script, so the page's context must bypass the demo's CSP.
export async function audit(page) {
  await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(() => window.axe.run(document.querySelector('helpfirst-widget') || document));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
