// End-to-end: the demo site served by `helpfirst serve`, the widget loaded by its one script tag,
// in Debian's Chromium, with the events checked in the collector's SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, query, rowsEventually, watch, afterIdle, axeSource, widgetOpen } from './harness.mjs';

const demo = withDemo();

async function openPage(path, options = {}) {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 }, ...options.context });
  const page = await context.newPage();
  if (options.settings) {
    await page.addInitScript((settings) => { window.helpfirstSettings = settings; }, options.settings);
  }
  const seen = watch(page);
  await page.goto(new URL(path, demo.server.url).href);
  return { page, seen, context };
}

test('the wasm is fetched only after the page has loaded, never during it', async () => {
  const { page, seen, context } = await openPage('/');
  const wasm = await seen.wasmLoaded;
  const timing = await page.evaluate((url) => {
    const [nav] = performance.getEntriesByType('navigation');
    const entry = performance.getEntriesByName(url)[0];
    return { loadEnd: nav.loadEventEnd, wasmStart: entry.startTime };
  }, wasm.url());
  assert.ok(timing.loadEnd > 0, 'the load event has finished');
  assert.ok(timing.wasmStart >= timing.loadEnd, `wasm started at ${timing.wasmStart}, load ended at ${timing.loadEnd}`);
  await context.close();
});

test('with loading "interaction", nothing is fetched until the launcher is hovered', async () => {
  const { page, seen, context } = await openPage('/', { settings: { loading: 'interaction' } });
  await afterIdle(page);
  assert.deepEqual(seen.wasm, [], 'no wasm before interaction');
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.hover();
  await seen.wasmLoaded;
  assert.equal(seen.wasm.length, 1);
  await context.close();
});

test('a visitor asks, sees a cited answer, and the interaction is stored in SQLite', async () => {
  const { page, seen, context } = await openPage('/pricing.html');
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.click();
  await widgetOpen(page);
  assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
  await ask(page, 'Can I cancel anytime?');
  const answer = page.locator('article.answer').first();
  await answer.waitFor();
  assert.match(await answer.innerText(), /cancel/i);
  const source = answer.getByRole('link');
  assert.match(await source.getAttribute('href'), /^\/faq\.html#/);

  const rows = await rowsEventually(demo.server.db,
    "select event, properties, context from events where json_extract(properties, '$.question') = 'Can I cancel anytime?' order by event");
  assert.deepEqual(rows.map((r) => r.event), ['Answer Shown', 'Question Asked']);
  const shown = JSON.parse(rows[0].properties);
  assert.match(shown.source_url, /^\/faq\.html#/);
  const context_ = JSON.parse(rows[0].context);
  assert.equal(context_.library.name, 'helpfirst');
  assert.equal(context_.page.path, '/pricing.html');

  await answer.getByRole('group', { name: 'Did this help?' }).getByRole('button', { name: 'Yes' }).click();
  const rated = await rowsEventually(demo.server.db,
    `select properties from events where event = 'Answer Rated' and json_extract(properties, '$.answer_id') = '${shown.answer_id}'`);
  assert.equal(JSON.parse(rated[0].properties).helpful, true);
  assert.deepEqual(seen.errors, [], 'no errors or CSP violations in the page');
  await context.close();
});

test('a related question under an answer asks it in one click', async () => {
  const { page, context } = await openPage('/');
  await page.evaluate(() => window.helpfirst.ask('How much does Kestrel cost?'));
  const related = page.locator('article.answer .related button').first();
  await related.waitFor();
  const question = await related.innerText();
  await related.click();
  await page.locator('.turn.visitor', { hasText: question }).waitFor();
  assert.equal(await page.locator('.turn.visitor').count(), 2);
  await context.close();
});

test('a question the content cannot answer is declined honestly and recorded as No Answer', async () => {
  const { page, context } = await openPage('/');
  await page.evaluate(() => window.helpfirst.ask('what is the best lasagne recipe?'));
  await page.locator('.no-answer').waitFor();
  assert.equal(await page.locator('article.answer').count(), 0);
  // The content names a person, so the decline offers her rather than a bare contact link.
  await page.locator('.no-answer').getByRole('button', { name: 'Ask Nadia' }).click();
  await page.getByRole('region', { name: 'Ask Nadia' }).waitFor();
  const rows = await rowsEventually(demo.server.db,
    "select event from events where event = 'No Answer' and json_extract(properties, '$.question') = 'what is the best lasagne recipe?'");
  assert.equal(rows.length, 1);
  await context.close();
});

test('host API calls made before the widget loads are queued and replayed', async () => {
  const { page, context } = await openPage('/faq.html', { settings: { loading: 'interaction' } });
  const events = await page.evaluate(() => new Promise((resolve) => {
    const names = [];
    window.helpfirst.on('open', () => names.push('open'));
    window.helpfirst.on('answer', () => { names.push('answer'); resolve(names); });
    window.helpfirst.ask('does it work offline?');
  }));
  assert.deepEqual(events, ['open', 'answer']);
  assert.ok(await page.getByRole('dialog', { name: 'Ask Kestrel' }).isVisible());
  await context.close();
});

// Whether `locator` has focus within a few seconds: a tap before the widget is ready focuses the
// loader's frame, whose box the widget's own replaces (and focuses) once it is ready.
async function comesToFocus(locator) {
  for (let tries = 0; tries < 50; tries++) {
    if (await locator.evaluate((el) => el.getRootNode().activeElement === el).catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

test('Escape closes the panel and returns focus to the launcher', async () => {
  const { page, context } = await openPage('/');
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.waitFor();
  assert.ok(await comesToFocus(box), 'the question box has focus');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  assert.ok(await launcher.evaluate((el) => el.getRootNode().activeElement === el), 'focus is back on the launcher');
  await context.close();
});

test('including the script twice mounts one widget', async () => {
  const { page, context } = await openPage('/');
  await page.evaluate(() => new Promise((resolve) => {
    const again = document.createElement('script');
    again.src = '/helpfirst/helpfirst.js';
    again.onload = resolve;
    document.body.append(again);
  }));
  assert.equal(await page.locator('helpfirst-widget').count(), 1);
  await context.close();
});

test('bad options give one console warning and fall back to defaults', async () => {
  const { page, seen, context } = await openPage('/', { settings: { position: 'top-middle', color: 'not-a-colour', colour: 'red' } });
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.waitFor();
  const mine = seen.warnings.filter((w) => w.startsWith('helpfirst:'));
  assert.equal(mine.length, 1, mine.join('\n'));
  assert.match(mine[0], /position "top-middle"/);
  assert.match(mine[0], /color "not-a-colour"/);
  assert.match(mine[0], /unknown option "colour"/);
  assert.equal(await page.locator('helpfirst-widget').getAttribute('data-position'), 'bottom-right');
  await context.close();
});

test('host CSS cannot restyle the widget, and the widget adds no style to the host', async () => {
  const { page, context } = await openPage('/', { context: { bypassCSP: true } });
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.waitFor();
  const before_ = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
  const sheetsBefore = await page.evaluate(() => document.styleSheets.length + document.adoptedStyleSheets.length);
  await page.addStyleTag({ content: 'button { background: rgb(255, 0, 0) !important; display: none !important; }' });
  assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), before_);
  assert.ok(await launcher.isVisible());
  await launcher.click();
  await page.getByRole('dialog').waitFor();
  const sheetsAfter = await page.evaluate(() => document.styleSheets.length + document.adoptedStyleSheets.length);
  assert.equal(sheetsAfter, sheetsBefore + 1, 'only the test stylesheet was added to the host page');
  const globals = await page.evaluate(() => Object.keys(window).filter((k) => /helpfirst/i.test(k)));
  assert.deepEqual(globals.sort(), ['helpfirst']);
  await context.close();
});

test('a failing endpoint never breaks the page or the answers', async () => {
  const { page, seen, context } = await openPage('/');
  await page.route('**/v1/batch', (route) => route.abort('connectionrefused'));
  await page.evaluate(() => window.helpfirst.ask('Is there a free trial?'));
  await page.locator('article.answer').first().waitFor();
  assert.deepEqual(seen.errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)), []);
  await context.close();
});

test('axe-core finds no accessibility violations in the open panel with an answer', async () => {
  // axe is injected as a script, which the demo's strict CSP would rightly refuse.
  const { page, context } = await openPage('/pricing.html', { context: { bypassCSP: true } });
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await ask(page, 'How much is the Team plan?');
  await page.locator('article.answer, .no-answer').first().waitFor();
  await page.addScriptTag({ path: axeSource });
  const result = await page.evaluate(() => window.axe.run(document.querySelector('helpfirst-widget')));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, []);
  assert.ok(result.passes.length > 0, 'axe ran its checks');
  await context.close();
});

test('the collector table is readable with sqlite3', () => {
  const columns = query(demo.server.db, 'select name from pragma_table_info(\'events\')').map((r) => r.name);
  for (const column of ['message_id', 'event', 'anonymous_id', 'timestamp', 'properties', 'context']) {
    assert.ok(columns.includes(column), `column ${column}`);
  }
});
