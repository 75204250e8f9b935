// Bytes on the wire for one `Question Asked` event: what the real widget POSTs to the collector,
// beside what the real `@segment/analytics-next` sends for the same track call, on the same demo
// page in the same headless Chromium, in one run (so every ratio compares figures of that run).
//
//   node bench/events/wire.mjs
//
// helpfirst: a real `helpfirst serve`, the visitor opens the panel and asks; the bodies are the
// exact `postData` of the widget's requests to /v1/batch. Segment: its browser build
// (dist/umd/index.js, the same code its CDN snippet loads) on the same page, with the CDN
// settings given inline; every request to a Segment host is answered here and never leaves the
// machine. Both are configured with the same 32-character write key (Segment cannot run without
// one; the widget carries it only if configured), and Segment is given the widget's anonymous id.
import { readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { startServer, launchBrowser } from '../../tests/e2e/harness.mjs';

const root = new URL('../..', import.meta.url).pathname;
const segmentDist = join(root, 'node_modules/@segment/analytics-next/dist/umd');
const segmentVersion = JSON.parse(readFileSync(join(segmentDist, '../../package.json'), 'utf8')).version;

const QUESTION = 'Can I cancel anytime, or am I locked into a yearly contract?';
const PAGE = '/pricing.html';
const WRITE_KEY = 'fakeWriteKey0123456789abcdefABCD'; // the length of a real Segment write key
const BATCH = 20;
// The same browser settings for both, so context.locale and the page fields can agree.
const CONTEXT = { viewport: { width: 1280, height: 860 }, locale: 'en-GB' };

// Request bodies are UTF-8 on the wire; the page title has a "·", so characters are not bytes.
const bytes = (text) => Buffer.byteLength(text, 'utf8');
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, ready, ms = 15000) {
  for (const start = Date.now(); Date.now() - start < ms; await wait(50)) {
    const value = ready();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Chromium reports CORS preflights on the DevTools protocol only: Playwright answers them itself
// for routed requests and never shows them as page requests, so they are counted here.
async function countPreflights(context, page) {
  const cdp = await context.newCDPSession(page);
  const preflights = [];
  cdp.on('Network.requestWillBeSent', (event) => {
    if (event.type === 'Preflight' || event.initiator?.type === 'preflight') preflights.push(event.request.url);
  });
  await cdp.send('Network.enable');
  return preflights;
}

// The headers that differ between the two: Content-Type (the widget leaves it to fetch, which
// says text/plain for a string body) and Segment's Authorization. The others (User-Agent,
// sec-ch-ua, Origin, Referer...) are the browser's and the same for both.
function ownHeaders(headers) {
  return Object.entries(headers).filter(([name]) => ['content-type', 'authorization'].includes(name.toLowerCase()));
}
const headerBytes = (pairs) => pairs.reduce((sum, [name, value]) => sum + bytes(`${name}: ${value}\r\n`), 0);

// ---- helpfirst: the real widget, asked through its panel as a visitor would -------------------

async function measureHelpfirst(browser, server) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  await page.addInitScript((key) => { window.helpfirstSettings = { writeKey: key }; }, WRITE_KEY);
  const preflights = await countPreflights(context, page);
  const sent = [];
  page.on('requestfinished', async (request) => {
    if (!request.url().endsWith('/v1/batch')) return;
    const response = await request.response();
    sent.push({ body: request.postData(), headers: request.headers(), status: response.status() });
  });
  await page.goto(new URL(PAGE, server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();
  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.fill(QUESTION);
  await box.press('Enter');
  await page.locator('article.answer').first().waitFor();
  const request = await until('the widget to send Question Asked',
    () => sent.find((r) => r.body.includes('"Question Asked"')));
  await context.close();
  if (request.status !== 200) throw new Error(`the collector answered ${request.status}`);

  // The widget builds a body by joining its events' JSON text (src/events/outbox.rs), so parsing it
  // and printing it again must give back the very bytes sent; checked, so the split below is exact.
  for (const { body } of sent) {
    if (JSON.stringify(JSON.parse(body)) !== body) throw new Error('a body did not re-serialise to itself');
  }
  const envelope = JSON.parse(request.body);
  const event = envelope.batch.find((e) => e.event === 'Question Asked');
  return { sent, request, envelope, event, preflights: preflights.length };
}

// A helpfirst body holding `count` copies of the event, exactly as outbox.rs joins them. The
// widget always sends Answer Shown with Question Asked, so a batch of one or of twenty Question
// Asked events never occurs by itself; its bytes follow from the measured envelope and event.
function helpfirstBody(envelope, event, count) {
  return JSON.stringify({ ...envelope, batch: Array(count).fill(event) });
}

// ---- Segment: analytics-next on the same page, every Segment host answered here ---------------

async function measureSegment(browser, server, anonymousId, { batching, count }) {
  // The demo page's Content-Security-Policy (script-src and connect-src 'self') would block
  // Segment's script and its requests; a host that uses Segment lists its hosts there. Bypassing
  // the policy changes nothing in what is sent.
  const context = await browser.newContext({ ...CONTEXT, bypassCSP: true });
  const page = await context.newPage();
  const preflights = await countPreflights(context, page);
  const sent = [];
  const chunks = [];
  const isSegment = (url) => /(^|\.)segment\.(io|com)$/.test(url.hostname);
  await context.route(isSegment, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    // Code-split chunks, which the browser build fetches from its CDN, served from the package.
    const chunk = join(segmentDist, basename(url.pathname));
    if (url.hostname === 'cdn.segment.com' && url.pathname.startsWith('/analytics-next/bundles/') && existsSync(chunk)) {
      chunks.push(basename(url.pathname));
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(chunk) });
    }
    sent.push({ url: url.href, body: request.postData() ?? '', headers: request.headers() });
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': new URL(server.url).origin },
      body: '{"success":true}',
    });
  });
  await page.goto(new URL(PAGE, server.url).href);
  await page.addScriptTag({ path: join(segmentDist, 'index.js') });
  await page.evaluate(async ({ writeKey, anonymousId, question, batching, count }) => {
    // The least a Segment source's CDN settings hold, so nothing is fetched from cdn.segment.com.
    const cdnSettings = { integrations: { 'Segment.io': { apiKey: writeKey } } };
    const options = batching
      ? { integrations: { 'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 20, timeout: 1000 } } } } }
      : {};
    const [analytics] = await window.AnalyticsNext.AnalyticsBrowser.load({ writeKey, cdnSettings }, options);
    analytics.setAnonymousId(anonymousId);
    await Promise.all(Array.from({ length: count }, () => analytics.track('Question Asked', { question })));
  }, { writeKey: WRITE_KEY, anonymousId, question: QUESTION, batching, count });
  const events = () => sent.filter((r) => /\/v1\/[tb]$/.test(r.url));
  await until(`Segment to send ${count} event(s)`, () =>
    events().reduce((n, r) => n + (JSON.parse(r.body).batch?.length ?? 1), 0) >= count);
  await wait(200); // a preflight's DevTools event may trail the request a little
  await context.close();
  return { sent, events: events(), chunks, preflights: preflights.length };
}

// ---- which fields make the difference ----------------------------------------------------------

// Bytes of each `"key":value` member, top level and inside context (and context.page), so the
// difference can be read field by field.
function members(event, prefix = '') {
  const out = {};
  for (const [key, value] of Object.entries(event)) {
    const name = prefix + key;
    if ((key === 'context' || key === 'page') && value && typeof value === 'object') {
      Object.assign(out, members(value, `${name}.`));
      out[name] = 2 + bytes(JSON.stringify(key)) + 1; // its key, the colon and the braces
    } else {
      out[name] = bytes(JSON.stringify(key)) + 1 + bytes(JSON.stringify(value));
    }
  }
  return out;
}

const server = await startServer();
const browser = await launchBrowser();
let hf, single, batched1, batched20;
try {
  hf = await measureHelpfirst(browser, server);
  single = await measureSegment(browser, server, hf.event.anonymousId, { batching: false, count: 1 });
  batched1 = await measureSegment(browser, server, hf.event.anonymousId, { batching: true, count: 1 });
  batched20 = await measureSegment(browser, server, hf.event.anonymousId, { batching: true, count: BATCH });
} finally {
  await browser.close();
  server.stop();
}

// helpfirst figures, from the bytes it sent.
const hfEvent = bytes(JSON.stringify(hf.event));
const hfOne = bytes(helpfirstBody(hf.envelope, hf.event, 1));
const hfMany = bytes(helpfirstBody(hf.envelope, hf.event, BATCH));
const hfEnvelope = hfOne - hfEvent;
const hfKey = bytes(`,"writeKey":${JSON.stringify(WRITE_KEY)}`);

// Segment figures, each from a body it sent.
const sgT = single.events.find((r) => r.url.endsWith('/v1/t'));
const sgOneBody = batched1.events.find((r) => r.url.endsWith('/v1/b'));
const sgManyBody = batched20.events.find((r) => r.url.endsWith('/v1/b') && JSON.parse(r.body).batch.length === BATCH);
if (!sgT || !sgOneBody || !sgManyBody) throw new Error('Segment did not send the expected requests');
const sgEvent = JSON.parse(sgT.body); // the /v1/t body is the event itself
const sgInBatch = JSON.parse(sgOneBody.body).batch[0]; // in a batch, sentAt moves to the envelope
const sgBatchEvent = bytes(JSON.stringify(sgInBatch));
// The same visitor for both: Segment was handed the widget's anonymous id.
for (const r of [sgT, sgOneBody, sgManyBody]) {
  const body = JSON.parse(r.body);
  if (![body, ...(body.batch ?? [])].every((e) => e.anonymousId === undefined || e.anonymousId === hf.event.anonymousId)) {
    throw new Error('Segment sent another anonymous id');
  }
}
const sgOne = bytes(sgOneBody.body);
const sgMany = bytes(sgManyBody.body);

const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const pad = (text, width) => String(text).padEnd(width);
const num = (n) => String(Math.round(n)).padStart(8);
console.log(`bytes on the wire for one "Question Asked" event, ${PAGE}, headless Chromium`);
console.log(`helpfirst ${hf.event.context.library.version} (real widget) vs @segment/analytics-next ${segmentVersion} (dist/umd), same write key, same anonymous id`);
console.log(`question: "${QUESTION}"`);
console.log();
console.log(`${pad('figure', 58)}${pad('helpfirst', 10)}${pad('segment', 10)}helpfirst / segment`);
const row = (label, a, b) => console.log(`${pad(label, 58)}${num(a)}  ${num(b)}  ${ratio(a, b)}`);
row('one event in one request: body (segment default: /v1/t)', hfOne, bytes(sgT.body));
row('one event in one request: body (segment batching: /v1/b)', hfOne, sgOne);
row('the event object inside a batch', hfEvent, sgBatchEvent);
row(`per event in a ${BATCH}-event batch (body / ${BATCH})`, hfMany / BATCH, sgMany / BATCH);
row(`${BATCH}-event batch body`, hfMany, sgMany);
row('batch envelope (body less its one event)', hfEnvelope, sgOne - sgBatchEvent);
console.log();
console.log(`helpfirst: the real body that carried Question Asked held ${hf.envelope.batch.length} event(s) `
  + `(${hf.envelope.batch.map((e) => e.event).join(', ')}), ${bytes(hf.request.body)} bytes; `
  + `${hf.sent.length} request(s) to /v1/batch in all, the write key is ${hfKey} bytes of each body`);
console.log(`helpfirst's batch of one and of ${BATCH}: its measured envelope and event joined as outbox.rs joins them `
  + '(the widget always sends Answer Shown with Question Asked); segment\'s: bodies it sent');
console.log(`segment: default sent ${single.events.length} request(s) (${single.events.map((r) => new URL(r.url).pathname).join(', ')}); `
  + `batching sent ${batched20.events.length} for ${BATCH} events; other Segment requests: `
  + `${[...single.sent, ...batched1.sent, ...batched20.sent].filter((r) => !/\/v1\/[tb]$/.test(r.url)).map((r) => new URL(r.url).pathname).join(', ') || 'none'}; `
  + `chunks fetched: ${[...new Set([...single.chunks, ...batched1.chunks, ...batched20.chunks])].join(', ') || 'none'}`);
console.log();
console.log('request headers that differ (content-type, authorization), and CORS preflights seen:');
const hfOwn = ownHeaders(hf.request.headers);
const sgOwn = ownHeaders(sgT.headers);
console.log(`  helpfirst: ${hfOwn.map(([n, v]) => `${n}: ${v}`).join(' | ')} (${headerBytes(hfOwn)} bytes); preflights: ${hf.preflights}`);
console.log(`  segment:   ${sgOwn.map(([n, v]) => `${n}: ${v}`).join(' | ')} (${headerBytes(sgOwn)} bytes); `
  + `preflights: ${single.preflights} default, ${batched1.preflights} batching one event, ${batched20.preflights} batching ${BATCH}`);
console.log();

// Field by field: the widget's event, Segment's /v1/t body (the event with its own sentAt) and
// Segment's event inside a batch (configured for batching, it also names Segment.io in
// integrations).
console.log('field bytes (`"key":value`) of the event object:');
const fields = [members(hf.event), members(sgEvent), members(sgInBatch)];
console.log(`  ${pad('field', 28)}${pad('helpfirst', 10)}${pad('segment /v1/t', 15)}segment in a batch`);
for (const name of [...new Set(fields.flatMap(Object.keys))].sort()) {
  const show = (n) => (n === undefined ? '       —' : num(n));
  console.log(`  ${pad(name, 28)}${show(fields[0][name])}  ${pad(show(fields[1][name]), 15)}${show(fields[2][name])}`);
}
const segmentOnly = Object.keys(fields[2]).filter((name) => !(name in fields[0]));
console.log(`  only segment sends: ${segmentOnly.map((name) => `${name} ${fields[2][name]}`).join(', ')}; `
  + `${segmentOnly.reduce((sum, name) => sum + fields[2][name] + 1, 0)} bytes with their commas`);
console.log();
console.log('helpfirst event as sent:');
console.log(`  ${JSON.stringify(hf.event)}`);
console.log('segment event as sent (default, /v1/t body):');
console.log(`  ${sgT.body}`);
