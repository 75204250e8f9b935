// A real SMTP server for end-to-end tests (aiosmtpd, via tests/receivers/smtp.py, installed in
// .venv by scripts/setup.sh) and the `--notify` file that points the collector at it. Each mail it
// accepts is stored as JSON (headers, decoded text and HTML) by Python's own e-mail package.
import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A server for the whole test file. `await smtp.started()` (once, whoever asks first: Node 20 runs
// a file's `before` hooks concurrently) gives `smtp.notify`, the file to pass as `--notify`;
// `smtp.mails()` is what has arrived so far.
export function withSmtp() {
  const smtp = {};
  let child;
  let starting;
  smtp.started = () => (starting ??= start());
  before(() => smtp.started());
  after(() => child?.kill());
  return smtp;

  async function start() {
    const dir = mkdtempSync(join(tmpdir(), 'helpfirst-smtp-'));
    const port = await freePort();
    child = spawn(join(root, '.venv/bin/python'),
      [join(root, 'tests/receivers/smtp.py'), '--port', String(port), '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => { if (String(chunk).startsWith('ready')) resolve(); });
      child.on('exit', (code) => reject(new Error(`the SMTP server exited with ${code}`)));
    });
    smtp.notify = join(dir, 'notify.toml');
    writeFileSync(smtp.notify, [
      `content = "${join(root, 'www/content')}"`,
      '[email]',
      'to = "Nadia Okafor <nadia@kestrel.example>"',
      'from = "Kestrel Labs <helpfirst@kestrel.example>"',
      'server = "127.0.0.1"',
      `port = ${port}`,
      'security = "none"',
      '[delivery]',
      'first_retry = "1s"',
      '',
    ].join('\n'));
    smtp.mails = () => readdirSync(dir).filter((name) => name.endsWith('.json')).sort()
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
    return smtp;
  }
}

// Waits for `wanted` mails; bounded by attempts, and it says what it waited for.
export async function mailsEventually(smtp, wanted = 1) {
  let mails = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    mails = smtp.mails();
    if (mails.length >= wanted) return mails;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${wanted} mail(s); ${mails.length} arrived`);
}
