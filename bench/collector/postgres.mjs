// A throw-away PostgreSQL cluster for the collector benchmark, as tests/support/cluster.rs starts
// one for the tests: Debian's binaries, a fresh data directory, 127.0.0.1 on a free port, trust
// authentication, run as the `postgres` user when we are root (PostgreSQL refuses root).
// `database()` creates a fresh database and gives its URL; `stop()` stops and removes it all.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binaries() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: run `bash scripts/setup.sh` (it installs Debian\'s postgresql)');
  }
  return join(root, versions.sort((a, b) => Number(a) - Number(b)).at(-1), 'bin');
}

// A port the kernel just handed out and took back: free for the cluster a moment later.
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startCluster() {
  const bin = binaries();
  const root = process.getuid() === 0;
  const run = (program, args) => {
    const [command, all] = root
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    return execFileSync(command, all, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  const dir = mkdtempSync(join(tmpdir(), 'helpfirst-bench-pg-'));
  if (root) {
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const group = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(ids), Number(group));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running: nothing to stop.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  } catch (error) {
    stop();
    throw error;
  }
  let databases = 0;
  return {
    database() {
      databases += 1;
      const name = `bench_${databases}`;
      run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', '-c', `CREATE DATABASE ${name}`]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
