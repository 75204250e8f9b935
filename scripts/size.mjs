// The widget's size budget: what every visitor downloads, measured the way a server sends it
// (gzip -9 and brotli -q 11 of each file in dist/), against the limits in size-budget.json.
//
//   node scripts/size.mjs --check            fail (exit 1) naming each file over its budget
//   node scripts/size.mjs [NAME=PATH ...]    print every file against its budget, its goal and
//                                             the extra files given (the bare Yew floor)
//
// Sizes are deterministic for a given build, so the check is a check, not a timed test. The
// budgets live in one file so that raising one is a visible, reviewed change.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const budgetFile = join(root, 'size-budget.json');
const { files } = JSON.parse(readFileSync(budgetFile, 'utf8'));

/** The one file a pattern such as `dist/helpfirst-*.wasm` names (a `*` in the file name only). */
function resolve(pattern) {
  const folder = join(root, dirname(pattern));
  const [before, after = null] = basename(pattern).split('*');
  if (after === null) return existsSync(join(folder, before)) ? [join(folder, before)] : [];
  const names = existsSync(folder) ? readdirSync(folder) : [];
  return names
    .filter((n) => n.startsWith(before) && n.endsWith(after) && n.length >= before.length + after.length)
    .map((n) => join(folder, n));
}

function measure(path) {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const problems = [];
const rows = [];
const measured = {};
for (const entry of files) {
  const paths = entry.parts.flatMap((part) => {
    const found = resolve(part);
    if (found.length !== 1) {
      problems.push(`${entry.name}: expected one file for ${part}, found ${found.length} (run bash scripts/dist.sh)`);
    }
    return found;
  });
  if (paths.length !== entry.parts.length) continue;
  const size = { raw: 0, gzip: 0, brotli: 0 };
  for (const path of paths) {
    const part = measured[path] ?? (measured[path] = measure(path));
    for (const key of Object.keys(size)) size[key] += part[key];
  }
  rows.push({ name: entry.name, size, budget: entry.budget, goal: entry.goal ?? {} });
  for (const [encoding, limit] of Object.entries(entry.budget)) {
    if (size[encoding] > limit) {
      problems.push(
        `${entry.name} (${entry.parts.join(' + ')}) is ${size[encoding]} bytes ${encoding}, ` +
          `over its budget of ${limit} in size-budget.json by ${size[encoding] - limit}`,
      );
    }
  }
}

const check = process.argv.includes('--check');
if (!check) {
  const fmt = (n) => (n === undefined ? '' : n.toLocaleString('en-US'));
  const line = (cells) => console.log(cells.map((c, i) => (i ? String(c).padStart(10) : String(c).padEnd(30))).join(' '));
  line(['file', 'raw', 'gzip', 'brotli', 'budget br', 'budget gz', 'goal br', 'goal gz']);
  for (const { name, size, budget, goal } of rows) {
    line([name, fmt(size.raw), fmt(size.gzip), fmt(size.brotli), fmt(budget.brotli), fmt(budget.gzip), fmt(goal.brotli), fmt(goal.gzip)]);
  }
  for (const arg of process.argv.slice(2)) {
    const [name, path] = arg.split('=');
    const size = measure(path);
    line([name, fmt(size.raw), fmt(size.gzip), fmt(size.brotli)]);
  }
}
if (problems.length) {
  for (const problem of problems) console.error(`size budget: ${problem}`);
  process.exit(1);
}
if (check) console.log(`size budget: ${rows.length} files within their budgets (size-budget.json)`);
