// End-to-end: how the widget starts with the default settings (issue 16). When the browser is idle
// after the page has loaded, the loader fetches everything (the wasm, compiled as it streams in,
// the glue, the strings, the content and its index) but runs none of it; the widget starts at the
// visitor's first sign of intent, answers its own requests for the content from the HTTP cache,
// and draws its panel only when it is first opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, watch, afterIdle } from './harness.mjs';

const demo = withDemo(() => ['--no-answers']);

test('files are fetched when idle, the widget starts at the first hover, and its panel is drawn when first opened', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const seen = watch(page);
  await page.addInitScript(() => {
    window.readyEvents = 0;
    addEventListener('helpfirst:ready', () => { window.readyEvents += 1; });
  });
  const fetched = ['content.json', 'content.index'].map((name) => page.waitForResponse((r) => r.url().endsWith(`/helpfirst/${name}`)));
  await page.goto(new URL('/pricing.html', demo.server.url).href);
  const wasm = await seen.wasmLoaded;
  await Promise.all(fetched);
  await afterIdle(page);
  await afterIdle(page);
  const before = await page.evaluate(() => ({
    ready: window.readyEvents,
    panel: !!document.querySelector('helpfirst-widget').shadowRoot.querySelector('#helpfirst-panel'),
  }));
  assert.deepEqual(before, { ready: 0, panel: false }, 'nothing of the widget runs before the visitor shows intent');
  assert.equal(seen.wasm.length, 1);

  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.hover();
  await page.waitForFunction(() => window.readyEvents === 1);
  assert.equal(await page.evaluate(() => !!document.querySelector('helpfirst-widget').shadowRoot.querySelector('#helpfirst-panel')),
    false, 'the panel is drawn only when first opened');
  await launcher.click();
  await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();
  assert.equal(seen.wasm.length, 1, 'the wasm is fetched once');

  // The widget's own requests for the content and its index came from the HTTP cache.
  const requests = await page.evaluate(() => ['content.json', 'content.index'].map((name) => {
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/helpfirst/${name}`));
    return { name, count: entries.length, fromCache: entries.filter((e) => e.transferSize === 0).length };
  }));
  assert.deepEqual(requests, [
    { name: 'content.json', count: 2, fromCache: 1 },
    { name: 'content.index', count: 2, fromCache: 1 },
  ]);
  assert.ok(wasm.url().includes('/helpfirst/helpfirst-'));
  assert.deepEqual(seen.errors, []);
  await context.close();
});
