// Loopback load test of the collector's batch ingest: real `helpfirst collect` binaries writing to
// real SQLite files (WAL, synchronous=FULL), driven by concurrent keep-alive clients posting batches
// of widget-shaped events; then the memory (RSS) each holds with 1,000 idle connections open.
// With --old PATH it runs the old server's binary too, in the same run, for side-by-side ratios.
// With --postgres it also runs the new binary on PostgreSQL (a throw-away cluster on loopback,
// see postgres.mjs) with one replica and with two (the clients spread over both, as behind a load
// balancer), each run on a fresh database, and prints their ratios to SQLite.
// Bounded: a fixed number of batches per run, then it prints the figures and stops.
//
//   node bench/collector/ingest.mjs [--batches 400] [--size 20] [--new target/release/helpfirst]
//     [--old target/old-collector/release/helpfirst] [--postgres]
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startCluster } from './postgres.mjs';

const root = new URL('../..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : fallback;
};
const batches = Number(option('batches', 400));
const size = Number(option('size', 20));
const old = option('old', null);
const withPostgres = argv.includes('--postgres');
const IDLE = 1000;

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

async function startCollector(binary, db = join(mkdtempSync(join(tmpdir(), 'helpfirst-bench-')), 'events.db')) {
  const child = spawn(binary, ['collect', '--port', '0', '--db', db],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const match = String(chunk).match(/(http:\/\/\S+)\/v1\/batch/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`helpfirst collect exited with ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill() };
}

// Resolves with the status code, or 'no answer' when the server gave none within 10 s (the old
// server stalls under 64 keep-alive clients) or dropped the connection.
function post(agent, url, body) {
  return new Promise((resolve) => {
    const request = http.request(`${url}/v1/batch`, { method: 'POST', agent, headers: { 'Content-Type': 'text/plain' } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      });
    request.setTimeout(10_000, () => request.destroy(new Error('no answer in 10 s')));
    request.on('error', () => resolve('no answer'));
    request.end(body);
  });
}

// One bounded ingest run on a fresh database: events/s, latency percentiles, non-200 answers.
// `start` starts the collectors (one, or several replicas of one database); client n posts to
// replica n mod their number.
async function ingest(start, clients) {
  const collectors = await start();
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const bodies = Array.from({ length: batches }, () =>
    JSON.stringify({ batch: Array.from({ length: size }, widgetEvent), sentAt: new Date().toISOString() }));
  const latencies = [];
  const refused = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    const collector = collectors[client % collectors.length];
    while (next < bodies.length) {
      const body = bodies[next++];
      const sent = performance.now();
      const status = await post(agent, collector.url, body);
      latencies.push(performance.now() - sent);
      if (status !== 200) refused[status] = (refused[status] || 0) + 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  collectors.forEach((collector) => collector.stop());
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { eventsPerSecond: (batches * size) / seconds, p50: at(0.5), p99: at(0.99), refused };
}

// The collector's resident memory with IDLE connections open and idle, after a second to settle.
async function idleMemory(start) {
  const [collector, ...others] = await start();
  others.forEach((other) => other.stop());
  const { port, hostname } = new URL(collector.url);
  const before = rss(collector.pid);
  const sockets = await Promise.all(Array.from({ length: IDLE }, () => new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', () => resolve(socket));
  })));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const alive = rss(collector.pid);
  sockets.forEach((socket) => socket.destroy());
  collector.stop();
  return { before, idle: alive };
}

function rss(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return NaN; // the process is gone: it crashed under the load
  }
}

const binary = option('new', join(root, 'target/release/helpfirst'));
const one = (path) => async () => [await startCollector(path)];
// Each server: its name and how to start it on a fresh database.
const servers = [['new', one(binary)]];
if (old) servers.push(['old', one(old)]);
let cluster = null;
if (withPostgres) {
  cluster = await startCluster();
  const replicas = (count) => async () => {
    const url = cluster.database();
    return Promise.all(Array.from({ length: count }, () => startCollector(binary, url)));
  };
  servers.push(['postgres, 1 replica', replicas(1)], ['postgres, 2 replicas', replicas(2)]);
}
const results = {};
try {
  for (const [name, start] of servers) {
    results[name] = {};
    for (const clients of [8, 64]) {
      console.error(`${name}: ingest with ${clients} clients`);
      results[name][clients] = await ingest(start, clients);
    }
    console.error(`${name}: ${IDLE} idle connections`);
    results[name].memory = await idleMemory(start);
  }
} finally {
  cluster?.stop();
}

const event = JSON.stringify(widgetEvent());
const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : 'crashed');
console.log(`collector ingest: ${batches} batches x ${size} events per run, keep-alive clients, loopback`);
console.log(`  bytes per event: ${event.length}; file limit of the servers: inherited from this shell`);
const rows = [
  ['events/s, 8 clients', (r) => r[8].eventsPerSecond, 0],
  ['batch p50 ms, 8 clients', (r) => r[8].p50, 2],
  ['batch p99 ms, 8 clients', (r) => r[8].p99, 2],
  ['events/s, 64 clients', (r) => r[64].eventsPerSecond, 0],
  ['batch p50 ms, 64 clients', (r) => r[64].p50, 2],
  ['batch p99 ms, 64 clients', (r) => r[64].p99, 2],
  ['RSS MB, started', (r) => r.memory.before, 1],
  [`RSS MB, ${IDLE} idle connections`, (r) => r.memory.idle, 1],
];
// Ratios: new / old, and each PostgreSQL run / SQLite (the new binary on a file).
const ratios = [
  ...(old ? [['new / old', 'new', 'old']] : []),
  ...(withPostgres ? [['pg 1 / sqlite', 'postgres, 1 replica', 'new'], ['pg 2 / sqlite', 'postgres, 2 replicas', 'new']] : []),
];
const header = ['figure', ...servers.map(([name]) => name), ...ratios.map(([label]) => label)];
console.log(`| ${header.join(' | ')} |`);
console.log(`| --- | ${header.slice(1).map(() => '---:').join(' | ')} |`);
for (const [label, pick, digits] of rows) {
  const values = servers.map(([name]) => pick(results[name]));
  const ratio = ratios.map(([, top, bottom]) => fixed(pick(results[top]) / pick(results[bottom]), 2));
  console.log(`| ${[label, ...values.map((v) => fixed(v, digits)), ...ratio].join(' | ')} |`);
}
for (const [name] of servers) {
  for (const clients of [8, 64]) {
    const refused = results[name][clients].refused;
    console.log(`  ${name}, ${clients} clients, answers other than 200: ${JSON.stringify(refused)}`);
  }
}
