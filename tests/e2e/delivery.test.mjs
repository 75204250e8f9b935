// Delivery under faults, through a misbehaving proxy in front of the real collector: the endpoint
// down then up, 500s and 429s, slow answers, navigation and tab close mid-batch, offline then
// online, two tabs at once, and a long run of scripted interactions. Each test ends with the
// collector's SQLite file holding exactly the events the widget emitted, once each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, query, answered } from './harness.mjs';
import { startFaultProxy } from './faults.mjs';

let server;
let proxy;
let browser;

before(async () => {
  server = await startServer();
  proxy = await startFaultProxy(server.url);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
  server?.stop();
});

// A browser context (one visitor, shared storage) that notes every event the widget emits.
async function visitor() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const emitted = new Set();
  await context.exposeBinding('hfEmitted', (_source, id) => emitted.add(id));
  await context.addInitScript(() => {
    addEventListener('helpfirst:event', (event) => window.hfEmitted(event.detail.messageId));
  });
  return { context, emitted };
}

async function open(context, path) {
  const page = await context.newPage();
  await page.goto(new URL(path, proxy.url).href);
  return page;
}

async function ask(page, question) {
  const box = page.getByRole('textbox', { name: 'Your question' });
  // open() rather than a launcher click: the panel may be reopening by itself (it was open on
  // the previous page of the visit), and a click would then close it.
  await page.evaluate(() => window.helpfirst.open());
  await box.fill(question);
  await box.press('Enter');
  await answered(page, question);
}

function stored(ids) {
  if (!ids.size) return [];
  const list = [...ids].map((id) => `'${id}'`).join(',');
  return query(server.db, `select message_id from events where message_id in (${list})`).map((r) => r.message_id);
}

// Waits, within a bound, until every emitted event is stored; then checks there is nothing else.
async function allStored(emitted, attempts = 600) {
  let found = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    found = stored(emitted);
    if (found.length === emitted.size) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(found.length, emitted.size, `stored ${found.length} of ${emitted.size} emitted events`);
  assert.equal(new Set(found).size, found.length, 'no event is stored twice');
}

async function until(condition, what, attempts = 300) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

test('endpoint down, then up: events wait in localStorage and all arrive once', async () => {
  const { context, emitted } = await visitor();
  proxy.set('down');
  const failuresBefore = proxy.state.failures;
  const page = await open(context, '/');
  await ask(page, 'Can I cancel anytime?');
  await ask(page, 'Does it work offline?');
  await until(() => proxy.state.failures >= failuresBefore + 2, 'two failed sends');
  assert.deepEqual(stored(emitted), [], 'nothing reached the collector while it was down');
  const waiting = await page.evaluate(() => Object.keys(localStorage)
    .filter((key) => key.startsWith('helpfirst.outbox.'))
    .flatMap((key) => JSON.parse(localStorage.getItem(key)).entries.map((entry) => entry.id)));
  assert.deepEqual(new Set(waiting), emitted, 'every emitted event is kept in the outbox');
  proxy.set('pass');
  await allStored(emitted);
  await context.close();
});

test('500s and 429s are retried until the collector takes the events', async () => {
  const { context, emitted } = await visitor();
  proxy.set('500');
  const page = await open(context, '/pricing.html');
  await ask(page, 'How much is the Team plan?');
  await until(() => proxy.state.requests.some((r) => r.mode === '500'), 'a 500');
  proxy.set('429');
  await ask(page, 'Is there a free plan?');
  await until(() => proxy.state.requests.some((r) => r.mode === '429'), 'a 429');
  proxy.set('pass');
  await allStored(emitted);
  await context.close();
});

test('navigating away mid-batch, with slow answers, loses nothing', async () => {
  const { context, emitted } = await visitor();
  proxy.set('slow', 1500);
  const page = await open(context, '/');
  await ask(page, 'Can I export my data?');
  // Before the batch's linger ends: the pagehide flush or the next page must carry it.
  await page.goto(new URL('/faq.html', proxy.url).href);
  await ask(page, 'Do you offer SSO?');
  await page.goto(new URL('/security.html', proxy.url).href);
  proxy.set('pass');
  await allStored(emitted);
  await context.close();
});

test('a tab closed while the endpoint is down hands its events to the next tab', async () => {
  const { context, emitted } = await visitor();
  proxy.set('down');
  const first = await open(context, '/');
  await ask(first, 'What happens when my trial ends?');
  const owed = new Set(emitted);
  await first.close({ runBeforeUnload: true });
  assert.deepEqual(stored(owed), [], 'nothing delivered while down');
  proxy.set('pass');
  // The next page loads the widget because events are owed, adopts the closed tab's outbox, sends.
  await open(context, '/pricing.html');
  await allStored(owed);
  await context.close();
});

test('an outbox stored by the previous release (serde JSON) is read and its event delivered', async () => {
  const { context } = await visitor();
  proxy.set('pass');
  const id = `old-release-${Date.now()}`;
  // Exactly what the previous release wrote (the outbox's serde derive through
  // serde-wasm-bindgen): a tab that went away (released) leaving one event owed.
  const event = {
    type: 'track', event: 'Widget Opened', properties: { visit_id: 'visit-old' },
    anonymousId: 'anon-old', messageId: id, timestamp: new Date().toISOString(),
    context: {
      page: { path: '/', url: new URL('/', proxy.url).href, title: 'Kestrel', referrer: '' },
      locale: 'en', library: { name: 'helpfirst', version: '0.1.0' },
    },
  };
  const outbox = {
    entries: [{ id, event: JSON.stringify(event), attempts: 1, notBefore: 0, alone: false }],
    dropped: 0, heartbeat: 1, released: true,
  };
  await context.addInitScript((text) => {
    if (!localStorage.getItem('helpfirst.outbox.old-tab')) localStorage.setItem('helpfirst.outbox.old-tab', text);
  }, JSON.stringify(outbox));
  const page = await open(context, '/pricing.html');
  await allStored(new Set([id]));
  await until(() => page.evaluate(() => localStorage.getItem('helpfirst.outbox.old-tab') === null), 'the old outbox adopted');
  await context.close();
});

test('offline, then online: events go as soon as the network is back', async () => {
  const { context, emitted } = await visitor();
  proxy.set('pass');
  const page = await open(context, '/');
  await ask(page, 'Where is my data stored?');
  await allStored(emitted);
  await context.setOffline(true);
  await ask(page, 'Can guests edit pages?');
  await page.waitForTimeout(1500); // a batch's linger passes while offline
  await context.setOffline(false);
  await allStored(emitted);
  await context.close();
});

test("two live tabs never send each other's events", async () => {
  const { context, emitted } = await visitor();
  proxy.set('down');
  const tabs = [await open(context, '/'), await open(context, '/pricing.html')];
  const sentBy = tabs.map(() => new Set());
  tabs.forEach((tab, index) => tab.on('request', (request) => {
    if (!request.url().includes('/v1/batch')) return;
    for (const event of JSON.parse(request.postData() || '{"batch":[]}').batch) sentBy[index].add(event.messageId);
  }));
  const own = [new Set(), new Set()];
  for (const [index, tab] of tabs.entries()) {
    const before = new Set(emitted);
    await ask(tab, index ? 'Is there a discount for nonprofits?' : 'Can I change plans later?');
    for (const id of emitted) if (!before.has(id)) own[index].add(id);
  }
  await until(() => sentBy.every((sent) => sent.size > 0), 'both tabs to try sending');
  proxy.set('pass');
  await allStored(emitted);
  for (const index of [0, 1]) {
    const other = own[1 - index];
    assert.ok([...sentBy[index]].every((id) => !other.has(id)), `tab ${index} sent only its own events`);
  }
  await context.close();
});

test('200+ scripted interactions through every fault: stored equals emitted, no duplicates', async () => {
  const { context, emitted } = await visitor();
  const questions = ['Can I cancel anytime?', 'Does it work offline?', 'How much is the Team plan?',
    'Do you offer SSO?', 'Can I import from Confluence?', 'what colour is the moon'];
  const faults = [['pass'], ['500'], ['down'], ['slow', 800], ['429'], ['pass']];
  let page = await open(context, '/');
  let interactions = 0;
  for (let round = 0; round < 12; round++) {
    proxy.set(...faults[round % faults.length]);
    for (const question of questions) {
      await ask(page, question);
      interactions++;
      const rated = page.getByRole('button', { name: 'Yes' }).last();
      if (await rated.isVisible()) {
        await rated.click();
        interactions++;
      }
    }
    if (round % 3 === 2) page = await (async () => {
      await page.goto(new URL(round % 2 ? '/faq.html' : '/', proxy.url).href);
      return page;
    })();
  }
  proxy.set('pass');
  assert.ok(interactions >= 100 && emitted.size >= 200, `${interactions} interactions, ${emitted.size} events`);
  await allStored(emitted, 900);
  await context.close();
});
