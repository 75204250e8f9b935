// End-to-end: the compiled content `helpfirst build` writes beside the content's JSON
// (dist/content.index: the content with its answer index). The widget fetches only that file,
// compressed and briefly cached like the content, and answers from it; a file of another release
// is refused by name, and the panel says plainly that it cannot answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, watch, widgetOpen } from './harness.mjs';

const demo = withDemo(() => ['--no-answers']);
const QUESTIONS = ['Is there a discount for paying yearly?', 'What happens if we run out of storage?'];

// Opens the demo's home page, lets `index` answer requests for content.index, asks every question
// and returns the text of each answer (or decline) in order, with the page's warnings.
async function answers(index) {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const seen = watch(page);
  const indexRequests = [];
  await page.route('**/helpfirst/content.index', async (route) => {
    indexRequests.push(route.request().url());
    await index(route);
  });
  const jsonRequests = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/content.json')) jsonRequests.push(request.url());
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
  await widgetOpen(page);
  const replies = [];
  for (const [n, question] of QUESTIONS.entries()) {
    await ask(page, question);
    const turn = page.locator('.turn.bot.answer, .turn.bot.no-answer').nth(n);
    await turn.waitFor();
    replies.push(await turn.innerText());
  }
  await context.close();
  assert.deepEqual(seen.errors.filter((e) => !/Failed to load resource/.test(e)), [], 'no errors in the page');
  // Once, by the loader when the browser is idle: the widget takes those bytes.
  assert.equal(indexRequests.length, 1, 'the compiled content is fetched once, by the loader');
  assert.deepEqual(jsonRequests, [], 'the content\'s JSON is not fetched: content.index holds the content');
  return { replies, warnings: seen.warnings };
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

test('the widget answers from content.index alone, and refuses one of another release by name', async () => {
  const { replies } = await answers((route) => route.continue());
  assert.ok(replies.every((text) => text.length > 0));
  assert.match(replies[0], /annual billing is 20% cheaper/, 'the yearly discount question is answered');

  const old = await answers((route) => route.fulfill({
    status: 200, body: 'helpfirst-index 1 0.0.0\n\u0000\u0001', contentType: 'application/octet-stream',
  }));
  for (const text of old.replies) assert.match(text, /can't reach this site's answers/, 'no answer from a file it cannot read');
  assert.ok(old.warnings.some((w) => /content\.index is not helpfirst content: it is not "?helpfirst-index 2 .*helpfirst build/.test(w)),
    `the console names the file and the reason: ${old.warnings.join(' | ')}`);
});
