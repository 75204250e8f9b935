// Segment compatibility as the README promises it: the official `@segment/analytics-node` client,
// unchanged but for its host, tracks events into a real `helpfirst collect` with a write key, and
// they land in the SQLite file. Its events carry no context.locale, which the widget's own events
// must have: the collector holds other clients only to what Segment's spec requires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { query } from './harness.mjs';

const root = new URL('../..', import.meta.url).pathname;

async function collect(args) {
  const db = join(mkdtempSync(join(tmpdir(), 'helpfirst-segment-')), 'events.db');
  const child = spawn(join(root, 'target/release/helpfirst'), ['collect', '--port', '0', '--db', db, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/(http:\/\/\S+)\/v1\/batch/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`helpfirst collect exited with ${code}: ${seen}`)));
  });
  return { url, db, stop: () => child.kill() };
}

test('@segment/analytics-node tracks into the collector unchanged', { timeout: 60_000 }, async () => {
  const collector = await collect(['--write-key', 'wk_node']);
  try {
    const analytics = new Analytics({ writeKey: 'wk_node', host: collector.url, flushAt: 3, maxRetries: 0 });
    const statuses = [];
    analytics.on('http_response', (response) => statuses.push(response.status));
    analytics.track({ anonymousId: 'visitor-1', event: 'Question Asked', properties: { question: 'Can I cancel?' } });
    analytics.track({ userId: 'user-7', event: 'Plan Chosen', properties: { plan: 'team' } });
    analytics.identify({ userId: 'user-7', traits: { plan: 'team' } });
    await analytics.closeAndFlush({ timeout: 30_000 });

    assert.deepEqual(statuses, [200]);
    const rows = query(collector.db, 'SELECT type, event, anonymous_id FROM events ORDER BY rowid');
    assert.deepEqual(rows.map((row) => [row.type, row.event]), [
      ['track', 'Question Asked'], ['track', 'Plan Chosen'], ['identify', null],
    ]);
    assert.equal(rows[0].anonymous_id, 'visitor-1');
  } finally {
    collector.stop();
  }
});

test('a wrong write key from the official client is refused and nothing is stored', { timeout: 60_000 }, async () => {
  const collector = await collect(['--write-key', 'wk_node']);
  try {
    const analytics = new Analytics({ writeKey: 'wk_wrong', host: collector.url, flushAt: 1, maxRetries: 0 });
    const statuses = [];
    analytics.on('http_response', (response) => statuses.push(response.status));
    analytics.track({ anonymousId: 'visitor-1', event: 'Question Asked', properties: { question: 'Can I cancel?' } });
    await analytics.closeAndFlush({ timeout: 30_000 });

    assert.deepEqual(statuses, [401]);
    assert.deepEqual(query(collector.db, 'SELECT COUNT(*) AS n FROM events'), [{ n: 0 }]);
  } finally {
    collector.stop();
  }
});
