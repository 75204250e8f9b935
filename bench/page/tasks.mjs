// Where the widget's main-thread time goes on the host page: a Chromium performance trace of a
// demo page (with the script tag, default settings, no throttling: Lighthouse's simulated mobile
// profile multiplies each task by 4, so a task over 12.5 ms here is a long task there) from
// navigation until the widget's files are in, it has started and the page has been quiet for two
// seconds (what Lighthouse sees), then the visitor's hover on the launcher, which mounts the
// panel's component (tasks a visitor's intent causes, outside Lighthouse's window). Prints
// every main-thread task over the threshold with what ran inside it (script by URL and function,
// wasm compilation, style, layout, garbage collection; the sampling profiler's functions under
// it), and the sum of all tasks between the load event and the hover.
//
//   node bench/page/tasks.mjs [--page /pricing.html] [--over 5] [--runs 1] [--dist DIR]
import { startServer, launchBrowser } from '../../tests/e2e/harness.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : fallback;
};
const PAGE = option('page', '/pricing.html');
const OVER = Number(option('over', 5));
const RUNS = Number(option('runs', 1));
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8',
  'v8.wasm', 'disabled-by-default-v8.compile', 'blink', 'loading', 'v8.execute',
  'disabled-by-default-v8.cpu_profiler'];

// What an event inside a task is, in a few words.
function describe(event) {
  const data = event.args?.data ?? {};
  const where = (url) => (url ? url.replace(/^.*\//, '').replace(/\?.*$/, '') : '');
  switch (event.name) {
    case 'FunctionCall':
      return `script ${where(data.url)} ${data.functionName || '(anonymous)'}`;
    case 'EvaluateScript':
      return `evaluate ${where(data.url)}`;
    case 'v8.compileModule':
    case 'v8.produceModuleCache':
      return `${event.name} ${where(event.args?.fileName)}`;
    case 'TimerFire':
    case 'FireAnimationFrame':
    case 'FireIdleCallback':
    case 'EventDispatch':
      return `${event.name}${data.type ? ` ${data.type}` : ''}`;
    default:
      return event.name;
  }
}

async function trace(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    addEventListener('helpfirst:ready', () => { window.__ready = performance.now(); });
  });
  await browser.startTracing(page, { categories: CATEGORIES });
  const wasm = page.waitForResponse(/\.wasm$/);
  await page.goto(url, { waitUntil: 'load' });
  await (await wasm).finished();
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60000 });
  await page.waitForTimeout(2000);
  const hover = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Ask Kestrel' }).hover();
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60000 });
  // The panel's component is mounted into the loader's shadow root beside the launcher.
  await page.waitForFunction(() => document.querySelector('helpfirst-widget').shadowRoot.querySelector('div'), null, { timeout: 60000 });
  await page.waitForTimeout(500);
  const events = JSON.parse(await browser.stopTracing()).traceEvents;
  await context.close();
  return { events, hover };
}

function report({ events, hover }) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
    && events.some((t) => t.pid === e.pid && t.name === 'ParseHTML'));
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  // Tasks nest (a scheduler's task inside the thread's): only the outermost counts.
  const tasks = [];
  for (const task of onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    const last = tasks[tasks.length - 1];
    if (!last || task.ts >= last.ts + last.dur) tasks.push(task);
  }
  const samples = profile(events, main);
  const load = events.find((e) => e.name === 'MarkLoad' || e.name === 'loadEventEnd')?.ts
    ?? tasks[0].ts;
  const start = events.filter((e) => e.name === 'navigationStart').at(-1)?.ts ?? tasks[0].ts;
  // The page's clock starts at its navigation, as `start` does (to within a task).
  const intent = hover * 1000;
  let after = 0;
  let hovered = false;
  const long = [];
  for (const task of tasks) {
    if (!hovered && hover !== undefined && task.ts - start >= intent) {
      hovered = true;
      long.push('  --- the visitor hovers the launcher ---');
    }
    if (task.ts >= load && !hovered) after += task.dur;
    if (task.dur < OVER * 1000) continue;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur
      && e.dur >= 500 && e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask');
    const parts = new Map();
    for (const e of inside) {
      const key = describe(e);
      parts.set(key, (parts.get(key) ?? 0) + e.dur);
    }
    const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6)
      .map(([name, dur]) => `${name} ${(dur / 1000).toFixed(1)}`).join('; ');
    long.push(`  at ${((task.ts - start) / 1000).toFixed(0).padStart(6)} ms  ${(task.dur / 1000).toFixed(1).padStart(6)} ms  ${top}`);
    const own = new Map();
    for (const sample of samples.filter((s) => s.ts >= task.ts && s.ts <= task.ts + task.dur)) {
      own.set(sample.name, (own.get(sample.name) ?? 0) + sample.dt);
    }
    const hot = [...own].sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([name, dt]) => `${name} ${(dt / 1000).toFixed(1)}`).join('; ');
    if (hot) long.push(`      sampled: ${hot}`);
  }
  return { long, after: after / 1000 };
}

// The sampling profiler's samples on the main thread: time, and the function (with the nearest
// named caller for wasm frames and builtins, so "memcpy" says who copied) the sample was in.
function profile(events, main) {
  const nodes = new Map();
  const out = [];
  for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.pid === main.pid)) {
    const data = chunk.args.data;
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(`${chunk.id}:${node.id}`, { ...node, key: chunk.id });
  }
  const name = (node) => {
    const frame = node.callFrame;
    const label = frame.functionName || '(anonymous)';
    return frame.url ? `${label}@${frame.url.replace(/^.*\//, '').replace(/\?.*$/, '')}` : label;
  };
  const profileStart = new Map(events.filter((e) => e.name === 'Profile' && e.pid === main.pid)
    .map((e) => [e.id, e.args.data.startTime]));
  const clock = new Map();
  for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.pid === main.pid)) {
    const data = chunk.args.data;
    let ts = clock.get(chunk.id) ?? profileStart.get(chunk.id) ?? chunk.ts;
    const ids = data.cpuProfile?.samples ?? [];
    for (let i = 0; i < ids.length; i++) {
      const dt = data.timeDeltas[i];
      ts += dt;
      const node = nodes.get(`${chunk.id}:${ids[i]}`);
      if (!node) continue;
      const label = name(node);
      if (label === '(idle)' || label === '(program)' || label === '(root)') continue;
      out.push({ ts, dt: Math.max(dt, 0), name: label });
    }
    clock.set(chunk.id, ts);
  }
  return out;
}

const server = await startServer(option('dist', null) ? ['--dist', option('dist')] : []);
const browser = await launchBrowser();
try {
  const url = new URL(PAGE, server.url).href;
  for (let run = 0; run < RUNS; run++) {
    const { long, after } = report(await trace(browser, url));
    console.log(`${PAGE}, run ${run + 1}: main-thread tasks over ${OVER} ms (unthrottled; x4 on Lighthouse mobile), nested events in ms`);
    console.log(long.join('\n') || '  none');
    console.log(`  all main-thread tasks from the load event to the hover: ${after.toFixed(0)} ms\n`);
  }
} finally {
  await browser.close();
  server.stop();
}
