// End-to-end: the answer index `helpfirst build` writes beside the content (dist/content.index).
// The widget fetches it with the content, compressed and briefly cached like the content, and gives
// exactly the same answers with it as without it; an index that is missing or was built from other
// content is never used (the widget then builds its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDemo, ask, watch } from './harness.mjs';

const root = new URL('../..', import.meta.url).pathname;

const demo = withDemo(() => ['--no-answers']);
const QUESTIONS = ['Is there a discount for paying yearly?', 'What happens if we run out of storage?'];

// Opens the demo's home page, lets `index` answer requests for content.index, asks every question
// and returns the text of each answer (or decline) in order.
async function answers(index) {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const seen = watch(page);
  const indexRequests = [];
  await page.route('**/helpfirst/content.index', async (route) => {
    indexRequests.push(route.request().url());
    await index(route);
  });
  // The widget itself answers, not the loader's frame: this test is about the index, and the
  // frame's hand-over has its own tests (layout.test.mjs).
  await page.addInitScript(() => {
    let api;
    window.helpfirstReady = new Promise((resolve) => {
      Object.defineProperty(window, 'helpfirst', {
        configurable: true,
        get: () => api,
        set: (value) => { api = value; value.on('ready', resolve); },
      });
    });
  });
  await page.goto(new URL('/', demo.server.url).href);
  // The widget starts at the visitor's first sign of intent: the pointer over the launcher.
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.hover();
  await page.evaluate(() => window.helpfirstReady);
  await launcher.click();
  await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();
  const replies = [];
  for (const [n, question] of QUESTIONS.entries()) {
    await ask(page, question);
    const turn = page.locator('.turn.bot.answer, .turn.bot.no-answer').nth(n);
    await turn.waitFor();
    replies.push(await turn.innerText());
  }
  await context.close();
  assert.deepEqual(seen.errors.filter((e) => !/Failed to load resource/.test(e)), [], 'no errors in the page');
  // Once by the loader when the browser is idle, to put it in the HTTP cache for the widget, and
  // once by the widget (Playwright's routing turns the browser's cache off).
  assert.equal(indexRequests.length, 2, 'the index is fetched with the content, and only then');
  return replies;
}

test('content.index is sent compressed, cached like the content, and varies by encoding', async () => {
  const url = new URL('/helpfirst/content.index', demo.server.url);
  const reply = await fetch(url, { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get('content-encoding'), 'br');
  assert.equal(reply.headers.get('cache-control'), 'public, max-age=300');
  assert.match(reply.headers.get('vary') ?? '', /Accept-Encoding/);
  const bytes = Buffer.from(await reply.arrayBuffer());
  assert.match(bytes.subarray(0, 16).toString('latin1'), /^helpfirst-index /, 'fetch decodes it to the index');
});

test('answers are the same with the prebuilt index, without it, and with an index of other content', async () => {
  // The index of the demo's content with one answer changed, as a stale CDN copy would be.
  const dir = mkdtempSync(join(tmpdir(), 'helpfirst-e2e-index-'));
  cpSync(join(root, 'www/content'), join(dir, 'content'), { recursive: true });
  const faqs = join(dir, 'content/faqs.toml');
  writeFileSync(faqs, readFileSync(faqs, 'utf8').replace('annual billing is 20% cheaper', 'annual billing is 90% cheaper'));
  execFileSync(join(root, 'target/release/helpfirst'),
    ['build', '--content', join(dir, 'content'), '--out', join(dir, 'content.json')], { stdio: 'ignore' });
  const stale = readFileSync(join(dir, 'content.index'));

  const prebuilt = await answers((route) => route.continue());
  assert.ok(prebuilt.every((text) => text.length > 0));
  assert.match(prebuilt[0], /annual billing is 20% cheaper/, 'the yearly discount question is answered');

  const missing = await answers((route) => route.fulfill({ status: 404, body: 'not found' }));
  assert.deepEqual(missing, prebuilt, 'without the index the widget builds its own, and answers alike');

  const other = await answers((route) => route.fulfill({ status: 200, body: stale, contentType: 'application/octet-stream' }));
  assert.deepEqual(other, prebuilt, 'an index of other content is not used');
});
