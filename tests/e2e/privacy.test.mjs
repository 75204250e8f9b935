// Consent and privacy signals in a real browser: with consent "required" nothing is stored or sent
// until helpfirst.consent(true); Global Privacy Control and Do Not Track turn recording off unless
// the configuration says to ignore them; the host page hears every recorded event (on('event'),
// helpfirst:event, dataLayer) and nothing when recording is off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, query, rowsEventually, answered } from './harness.mjs';

const demo = withDemo();

async function openPage({ settings = {}, gpc = false, dnt = false } = {}) {
  const context = await demo.browser.newContext();
  await context.addInitScript(({ settings, gpc, dnt }) => {
    window.helpfirstSettings = settings;
    if (gpc) Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });
    if (dnt) Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });
    window.heard = { on: [], custom: [] };
    addEventListener('helpfirst:event', (event) => window.heard.custom.push(event.detail.event));
  }, { settings, gpc, dnt });
  const page = await context.newPage();
  await page.goto(new URL('/', demo.server.url).href);
  await page.evaluate(() => window.helpfirst.on('event', (event) => window.heard.on.push(event.event)));
  return { page, context };
}

async function ask(page, question) {
  const box = page.getByRole('textbox', { name: 'Your question' });
  if (!(await box.isVisible())) await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await box.fill(question);
  await box.press('Enter');
  await answered(page, question);
}

const storedKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('helpfirst')));
const rowsFor = (question) => query(demo.server.db,
  `select event from events where json_extract(properties, '$.question') = '${question}'`);

test('with consent "required", nothing is stored or sent until helpfirst.consent(true)', async () => {
  const { page, context } = await openPage({ settings: { consent: 'required' } });
  await ask(page, 'Is there a free plan for consent?');
  await page.waitForTimeout(1500); // longer than a batch's linger
  assert.deepEqual(rowsFor('Is there a free plan for consent?'), []);
  assert.deepEqual(await storedKeys(page), [], 'no anonymous id, no outbox');
  assert.deepEqual(await page.evaluate(() => window.heard), { on: [], custom: [] });

  await page.evaluate(() => window.helpfirst.consent(true));
  await ask(page, 'Can I cancel anytime after consent?');
  const rows = await rowsEventually(demo.server.db,
    "select context from events where json_extract(properties, '$.question') = 'Can I cancel anytime after consent?'");
  assert.ok(rows.length >= 1);
  assert.deepEqual(rowsFor('Is there a free plan for consent?'), [], 'what happened before consent stays unrecorded');

  await page.evaluate(() => window.helpfirst.consent(false));
  assert.deepEqual(await storedKeys(page), [], 'withdrawing consent forgets the anonymous id and the outbox');
  await context.close();
});

test('consent "off" never records', async () => {
  const { page, context } = await openPage({ settings: { consent: 'off' } });
  await page.evaluate(() => window.helpfirst.consent(true));
  await ask(page, 'Does consent off record this?');
  await page.waitForTimeout(1500);
  assert.deepEqual(rowsFor('Does consent off record this?'), []);
  assert.deepEqual(await storedKeys(page), []);
  await context.close();
});

test('Global Privacy Control and Do Not Track turn recording off', async () => {
  for (const signal of [{ gpc: true }, { dnt: true }]) {
    const question = `Is this recorded with ${Object.keys(signal)[0]}?`;
    const { page, context } = await openPage(signal);
    await ask(page, question);
    await page.waitForTimeout(1500);
    assert.deepEqual(rowsFor(question), [], `${Object.keys(signal)[0]} honoured`);
    assert.deepEqual(await storedKeys(page), []);
    assert.deepEqual(await page.evaluate(() => window.heard.custom), []);
    await context.close();
  }
});

test('privacySignals "ignore" records despite GPC, as the marketer configured', async () => {
  const { page, context } = await openPage({ gpc: true, settings: { privacySignals: 'ignore' } });
  await ask(page, 'Is this recorded when GPC is ignored?');
  const rows = await rowsEventually(demo.server.db,
    "select event from events where json_extract(properties, '$.question') = 'Is this recorded when GPC is ignored?'");
  assert.ok(rows.length >= 1);
  await context.close();
});

test('the host page hears every event: on("event"), helpfirst:event and dataLayer', async () => {
  const { page, context } = await openPage({ settings: { dataLayer: 'true' } });
  await ask(page, 'Can I cancel anytime?');
  const heard = await page.evaluate(() => window.heard);
  assert.deepEqual(heard.custom, ['Widget Opened', 'Question Asked', 'Answer Shown']);
  assert.deepEqual(heard.on, heard.custom);
  const layer = await page.evaluate(() => window.dataLayer);
  assert.deepEqual(layer.map((entry) => entry.event),
    ['helpfirst_widget_opened', 'helpfirst_question_asked', 'helpfirst_answer_shown']);
  const shown = layer[2];
  assert.equal(shown.question, 'Can I cancel anytime?');
  assert.ok(shown.answer_id && shown.source_url, 'properties in snake_case');
  assert.ok(Object.values(shown).every((value) => typeof value !== 'string' || value.length <= 100));
  await context.close();
});
