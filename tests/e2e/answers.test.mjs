// End-to-end: answers from the site's answer service (POST /v1/answer on `helpfirst serve`, the
// sentence encoder fused with the lexical engine) and the widget's own engine when the service is
// too slow (then it answers only when sure) or not configured. The demo's HIPAA and dark-mode questions, which the lexical engine
// once answered with a confident "Yes", get an honest "no good answer" and the offer of a person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, rowsEventually, widgetOpen } from './harness.mjs';

const demo = withDemo();
const HIPAA = 'Are you HIPAA compliant? We are a small medical clinic.';
const DARK = 'Do you have a dark mode?';

// The server embeds the content after it starts; each test waits (bounded) until it answers.
let ready;
function serviceReady() {
  ready ??= (async () => {
    // Once a second: every request counts against this address's rate limit (60 a minute).
    for (let attempt = 0; attempt < 120; attempt++) {
      const reply = await fetch(new URL('/v1/answer', demo.server.url), {
        method: 'POST',
        body: JSON.stringify({ question: 'ready?' }),
      });
      if (reply.status === 200) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('the answer service never became ready');
  })();
  return ready;
}

async function openPanel(settings) {
  await serviceReady();
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.addInitScript((s) => { window.helpfirstSettings = s; }, settings);
  return { page, context };
}

async function go(page) {
  await page.goto(new URL('/', demo.server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await widgetOpen(page);
}

const answeredBy = (question, event) =>
  `select json_extract(properties, '$.answered_by') as by from events where event = '${event}' ` +
  `and json_extract(properties, '$.question') = '${question.replaceAll("'", "''")}'`;

async function declines(page, question) {
  const before = await page.locator('.no-answer').count();
  await ask(page, question);
  const turn = page.locator('.no-answer').nth(before);
  await turn.waitFor();
  assert.match(await turn.innerText(), /don.t have a good answer/i);
  assert.ok(await turn.getByRole('button', { name: 'Ask Nadia' }).isVisible(), 'a person is offered');
}

test('with the answer service, HIPAA and dark mode are declined and a plain question is answered by it', async () => {
  const { page, context } = await openPanel({ answers: '/v1/answer' });
  const asked = [];
  page.on('request', (r) => { if (r.url().endsWith('/v1/answer')) asked.push(r.postData()); });
  await go(page);
  await declines(page, HIPAA);
  await declines(page, DARK);
  await ask(page, 'Can I cancel anytime?');
  await page.locator('article.answer').first().waitFor();
  const rows = await rowsEventually(demo.server.db, answeredBy('Can I cancel anytime?', 'Answer Shown'));
  assert.equal(rows[0].by, 'service');
  const declined = await rowsEventually(demo.server.db, answeredBy(HIPAA, 'No Answer'));
  assert.equal(declined[0].by, 'service');
  // Only the question is sent to the service.
  assert.deepEqual(JSON.parse(asked[0]), { question: HIPAA });
  await context.close();
});

test('when the service does not answer in time, the widget answers on its own, only when sure', async () => {
  const { page, context } = await openPanel({ answers: '/v1/answer' });
  // A service that hangs: the widget must not wait for it beyond its time-out.
  await page.route('**/v1/answer', () => {});
  await go(page);
  await declines(page, HIPAA);
  await declines(page, DARK);
  await ask(page, 'Is there a free trial?');
  await page.locator('article.answer').first().waitFor();
  const rows = await rowsEventually(demo.server.db, answeredBy('Is there a free trial?', 'Answer Shown'));
  assert.equal(rows[0].by, 'local');
  // The widget's own decline (the test before this one leaves the service's), so the test also
  // holds when run alone.
  const local = `${answeredBy(DARK, 'No Answer')} and json_extract(properties, '$.answered_by') = 'local'`;
  const declined = await rowsEventually(demo.server.db, local);
  assert.equal(declined[0].by, 'local');
  await context.close();
});

test('without an answer service configured, nothing is sent to one', async () => {
  const { page, context } = await openPanel({});
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/v1/answer')) asked.push(r.url()); });
  await go(page);
  await ask(page, 'Is there a free trial?');
  await page.locator('article.answer').first().waitFor();
  assert.deepEqual(asked, []);
  await context.close();
});
