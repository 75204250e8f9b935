// Loopback load test of the collector's batch ingest: a real `helpfirst collect` writing to a real
// SQLite file (WAL, synchronous=FULL), driven by concurrent keep-alive clients posting batches of
// widget-shaped events. Bounded: a fixed number of batches, then it prints the figures and stops.
//
//   node bench/collector/ingest.mjs [--batches 400] [--size 20] [--clients 8]
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const root = new URL('../..', import.meta.url).pathname;
const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((pair) => pair.trim().split(/\s+/)).map(([key, value]) => [key, Number(value)]));
const batches = args.batches || 400;
const size = args.size || 20;
const clients = args.clients || 8;

// One event exactly as the widget sends it (see schema/events.schema.json).
export function widgetEvent() {
  return {
    type: 'track',
    event: 'Question Asked',
    properties: { question: 'Can I cancel anytime, or am I locked into a yearly contract?' },
    anonymousId: randomUUID(),
    messageId: randomUUID(),
    timestamp: new Date().toISOString(),
    context: {
      page: { path: '/pricing.html', url: 'https://kestrel.example/pricing.html', title: 'Pricing · Kestrel', referrer: '' },
      locale: 'en-GB',
      library: { name: 'helpfirst', version: '0.1.0' },
    },
  };
}

async function startCollector() {
  const db = join(mkdtempSync(join(tmpdir(), 'helpfirst-bench-')), 'events.db');
  const child = spawn(join(root, 'target/release/helpfirst'), ['collect', '--port', '0', '--db', db],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const match = String(chunk).match(/(http:\/\/\S+)\/v1\/batch/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`helpfirst collect exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/v1/batch`, { method: 'POST', agent, headers: { 'Content-Type': 'text/plain' } },
      (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
      });
    request.on('error', reject);
    request.end(body);
  });
}

const collector = await startCollector();
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const bodies = Array.from({ length: batches }, () =>
  JSON.stringify({ batch: Array.from({ length: size }, widgetEvent), sentAt: new Date().toISOString() }));
const latencies = [];
let next = 0;
const started = performance.now();
await Promise.all(Array.from({ length: clients }, async () => {
  while (next < bodies.length) {
    const body = bodies[next++];
    const sent = performance.now();
    await post(agent, collector.url, body);
    latencies.push(performance.now() - sent);
  }
}));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
collector.stop();

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
const event = JSON.stringify(widgetEvent());
console.log(`collector ingest: ${batches} batches x ${size} events, ${clients} concurrent keep-alive clients, loopback`);
console.log(`  events/s:            ${Math.round((batches * size) / seconds)}`);
console.log(`  batches/s:           ${Math.round(batches / seconds)}`);
console.log(`  batch latency p50:   ${at(0.5).toFixed(2)} ms`);
console.log(`  batch latency p99:   ${at(0.99).toFixed(2)} ms`);
console.log(`  bytes per event:     ${event.length} (one Question Asked event, as the widget sends it)`);
console.log(`  bytes per batch:     ${Math.round(bodies.reduce((sum, body) => sum + body.length, 0) / batches)}`);
