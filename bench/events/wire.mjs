// Bytes on the wire for the same event: helpfirst's widget against the real @segment/analytics-next
// (from npm), both in the same headless Chromium, on the same demo page, in one run.
//
// What is measured: the request bodies each library actually sends for a `Question Asked` track
// event with the same question. From them: the event's own bytes (its JSON inside the body), the
// envelope (the rest of the body), a request carrying that one event, and the share of a 20-event
// batch. Segment is loaded with inline CDN settings and its requests are answered locally, so
// nothing leaves the machine.
//
//   node bench/events/wire.mjs
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser } from '../../tests/e2e/harness.mjs';

const require = createRequire(import.meta.url);
const segmentDir = join(dirname(require.resolve('@segment/analytics-next/package.json')), 'dist/umd');
const segmentVersion = require('@segment/analytics-next/package.json').version;
const QUESTION = 'Can I cancel anytime, or am I locked into a yearly contract?';
const BATCH = 20;

const server = await startServer();
const browser = await launchBrowser();

// helpfirst: the widget on the demo page, asked the question; its /v1/batch bodies are captured.
async function helpfirst() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/v1/batch')) bodies.push(request.postData());
  });
  await page.goto(new URL('/pricing.html', server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.fill(QUESTION);
  await box.press('Enter');
  const body = await waitFor(() => bodies.find((b) => b.includes('"Question Asked"')));
  await context.close();
  return measure(body, (parsed) => parsed.batch.find((e) => e.event === 'Question Asked'));
}

// Segment: analytics-next's browser build on the same page, settings given inline; its chunks
// are served from the npm package and api.segment.io is answered locally.
async function segment(batching) {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const bodies = [];
  await page.route('https://cdn.segment.com/**', (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop();
    route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(segmentDir, file)) });
  });
  await page.route('https://api.segment.io/**', (route) => {
    bodies.push({ url: route.request().url(), body: route.request().postData() });
    route.fulfill({ contentType: 'application/json', body: '{"success":true}' });
  });
  await page.goto(new URL('/pricing.html', server.url).href);
  await page.addScriptTag({ path: join(segmentDir, 'index.js') });
  await page.evaluate(async ({ question, batching, size }) => {
    const settings = { apiKey: 'bench-write-key' };
    if (batching) settings.deliveryStrategy = { strategy: 'batching', config: { size, timeout: 1000 } };
    const [analytics] = await window.AnalyticsNext.AnalyticsBrowser.load({
      writeKey: 'bench-write-key',
      cdnSettings: { integrations: { 'Segment.io': settings } },
    });
    const sends = Array.from({ length: batching ? size : 1 }, () => analytics.track('Question Asked', { question }));
    await Promise.all(sends);
  }, { question: QUESTION, batching, size: BATCH });
  const sent = await waitFor(() => bodies.find((b) => b.body.includes('"Question Asked"')));
  await context.close();
  return {
    path: new URL(sent.url).pathname,
    ...measure(sent.body, (parsed) => (parsed.batch ? parsed.batch[0] : parsed)),
    events: JSON.parse(sent.body).batch?.length ?? 1,
  };
}

// The event's bytes as serialised in the body, and the envelope: whatever the body holds besides
// its events (the batch array's brackets and commas, sentAt, writeKey, ...).
function measure(body, pick) {
  const parsed = JSON.parse(body);
  const events = parsed.batch ?? [parsed];
  const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
  const all = events.reduce((sum, event) => sum + bytes(event), 0) + (events.length - 1);
  const event = pick(parsed);
  return { body: Buffer.byteLength(body), event: bytes(event), envelope: Buffer.byteLength(body) - all, json: event };
}

async function waitFor(find) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = find();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no request carrying the event was sent');
}

const ours = await helpfirst();
const single = await segment(false);
const batched = await segment(true);
await browser.close();
server.stop();

const rows = [
  ['', 'helpfirst', `Segment ${segmentVersion}`, 'ratio'],
  ['the event (JSON in the body)', ours.event, single.event, ours.event / single.event],
  ['one event in its own request', ours.event + ours.envelope, single.body, (ours.event + ours.envelope) / single.body],
  [`per event in a ${BATCH}-event batch`, ours.event + ours.envelope / BATCH, batched.event + batched.envelope / BATCH,
    (ours.event + ours.envelope / BATCH) / (batched.event + batched.envelope / BATCH)],
];
console.log(`Bytes on the wire for one "Question Asked" event (same question, same page, Chromium, one run)`);
console.log(`Segment endpoints: ${single.path} alone, ${batched.path} batched (${batched.events} events in the request)\n`);
for (const [label, a, b, ratio] of rows) {
  const cell = (v) => (typeof v === 'number' ? v.toFixed(0) : v).padStart(16);
  console.log(`${label.padEnd(34)}${cell(a)}${cell(b)}${typeof ratio === 'number' ? ratio.toFixed(2).padStart(8) + 'x' : ratio.padStart(9)}`);
}
// What each carries, so the difference can be explained rather than only measured.
const keys = (value, prefix = '') => Object.entries(value).flatMap(([key, v]) =>
  v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${key}.`) : [`${prefix}${key}`]);
const mine = new Set(keys(ours.json));
const theirs = keys(single.json);
console.log(`\nonly in Segment's event: ${theirs.filter((k) => !mine.has(k)).join(', ')}`);
console.log(`only in helpfirst's event: ${[...mine].filter((k) => !theirs.includes(k)).join(', ') || '(none)'}`);
