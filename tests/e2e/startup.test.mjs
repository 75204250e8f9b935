// End-to-end: how the widget starts with the default settings (issue 16). When the browser is idle
// after the page has loaded, the loader fetches everything (the wasm, compiled as it streams in,
// the glue, the strings, the compiled content) and only then, in a later idle period, starts the
// widget, so it is ready before the visitor's first tap without anyone touching it; the widget
// takes the loader's bytes of the content rather than asking for them again, and mounts and draws
// its panel only when it is first opened. A sign of intent (a hover) starts it sooner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, watch } from './harness.mjs';

const demo = withDemo(() => ['--no-answers']);

test('files are fetched when idle, the widget is ready before any tap, and its panel is drawn when first opened', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const seen = watch(page);
  await page.addInitScript(() => {
    window.readyEvents = 0;
    addEventListener('helpfirst:ready', () => { window.readyEvents += 1; });
  });
  await page.goto(new URL('/pricing.html', demo.server.url).href);
  const wasm = await seen.wasmLoaded;
  // Nobody hovers, focuses or taps: the default starts the widget once its files are in.
  await page.waitForFunction(() => window.readyEvents === 1);
  assert.equal(await page.evaluate(() => !!document.querySelector('helpfirst-widget').shadowRoot.querySelector('#helpfirst-panel')),
    false, 'the panel is drawn only when first opened');
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.click();
  await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();
  assert.equal(seen.wasm.length, 1, 'the wasm is fetched once');

  // The compiled content is fetched once (the widget takes the loader's bytes); the content's JSON
  // is not fetched at all (content.index holds the content).
  const requests = await page.evaluate(() => ['content.json', 'content.index'].map((name) => {
    const entries = performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/helpfirst/${name}`));
    return { name, count: entries.length };
  }));
  assert.deepEqual(requests, [
    { name: 'content.json', count: 0 },
    { name: 'content.index', count: 1 },
  ]);
  assert.ok(wasm.url().includes('/helpfirst/helpfirst-'));
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('a panel left open on one page of the visit opens again on the next without a tap, even with loading "interaction"', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const seen = watch(page);
  // No endpoint: nothing is recorded, so no stored outbox starts the widget on the next page.
  await page.addInitScript(() => {
    window.helpfirstSettings = { loading: 'interaction', endpoint: '' };
    window.readyEvents = 0;
    addEventListener('helpfirst:ready', () => { window.readyEvents += 1; });
  });
  await page.goto(new URL('/pricing.html', demo.server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ask Kestrel' });
  await dialog.waitFor();
  // The loader's frame opens first; the visit is the widget's to keep, once it has taken over.
  await page.waitForFunction(() => window.readyEvents === 1);
  await page.waitForFunction(() => sessionStorage.getItem('helpfirst.visit.open') === '1');
  await page.goto(new URL('/faq.html', demo.server.url).href);
  // Nobody hovers or taps here: the loader reads that the panel was open and starts the widget.
  await dialog.waitFor();
  assert.ok(await dialog.isVisible());
  assert.deepEqual(seen.errors, []);
  await context.close();
});
