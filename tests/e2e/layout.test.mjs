// End-to-end: the panel as a visitor sees it, at 360 and 1280 px. An answer shows from its question,
// the fit result takes focus in view, the compare table keeps its header row and first column in
// view, the conversation keeps the phone's screen, the placeholder fits; the frame the loader draws
// at a tap before the widget is ready; and a hostile host page (`* { all: unset }`, a header at the
// highest z-index, a badge and a cookie banner at the launcher). axe-core audits each state.
// With SCREENSHOTS=1 it writes the conversation at 360 px (docs/conversation-360.png, the README's;
// compare.test.mjs writes the compare view).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, audit, answered, widgetOpen } from './harness.mjs';

const demo = withDemo();
const screenshots = process.env.SCREENSHOTS === '1';
const docs = new URL('../../docs/', import.meta.url).pathname;
const WIDTHS = [360, 1280];

async function visit(path, width, { height = 800, prepare = async () => {} } = {}) {
  const context = await demo.browser.newContext({ viewport: { width, height }, bypassCSP: true });
  const page = await context.newPage();
  await prepare(page);
  await page.goto(new URL(path, demo.server.url).href);
  return { page, context };
}

async function open(path, width, options) {
  const opened = await visit(path, width, options);
  await opened.page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await widgetOpen(opened.page);
  return opened;
}

function panel(page) {
  return page.getByRole('dialog', { name: 'Ask Kestrel' });
}

// The element's box in the viewport.
function box(locator) {
  return locator.evaluate((element) => {
    const { top, bottom, left, right, height, width } = element.getBoundingClientRect();
    return { top, bottom, left, right, height, width };
  });
}

// What a tap at the middle of the element would reach: 'widget' when it is the widget's own
// element (inside its shadow root), else the host page element on top there.
function onTop(locator) {
  return locator.evaluate((element) => {
    const { left, top, width, height } = element.getBoundingClientRect();
    const x = left + width / 2;
    const y = top + height / 2;
    const host = document.elementFromPoint(x, y);
    if (host?.tagName !== 'HELPFIRST-WIDGET') return host ? `${host.tagName}.${host.className}` : 'nothing';
    return host.shadowRoot.elementFromPoint(x, y) === element || element.contains(host.shadowRoot.elementFromPoint(x, y))
      ? 'widget' : 'another part of the widget';
  });
}

test('an answer comes into view at its start: the question, then the answer opening and its Yes/No', async () => {
  for (const width of WIDTHS) {
    const { page, context } = await open('/pricing.html', width);
    const questions = ['Can I cancel anytime?', 'Do you offer refunds?', 'How does the free plan work?'];
    for (const [index, question] of questions.entries()) {
      await ask(page, question);
      await page.waitForFunction((asked) => {
        const root = document.querySelector('helpfirst-widget').shadowRoot;
        return root.querySelectorAll('.turn.visitor').length === asked && !root.querySelector('.transcript .status');
      }, index + 1);
    }
    const log = panel(page).getByRole('log', { name: 'Conversation' });
    const question = log.locator('.turn.visitor').last();
    const answer = log.locator('.turn.visitor ~ .turn.bot').last();
    const shown = await box(log);
    const asked = await box(question);
    assert.ok(asked.top >= shown.top - 1 && asked.bottom <= shown.bottom, `${width}px: the question is in view (${JSON.stringify({ asked, shown })})`);
    const opening = await box(answer);
    assert.ok(opening.top < shown.bottom - 40, `${width}px: the answer's opening is in view`);
    assert.ok(await log.evaluate((l) => l.scrollHeight > l.clientHeight), `${width}px: the log scrolls, so the test means something`);
    if (width === 360) {
      // The conversation keeps most of a phone's screen.
      assert.ok(shown.height >= 0.55 * 800, `the log is ${shown.height} of 800 px`);
      if (screenshots) await page.screenshot({ path: `${docs}conversation-360.png` });
    }
    assert.deepEqual(await audit(page), []);
    await context.close();
  }
});

test('the placeholder fits in the question box at 360 px', async () => {
  const { page, context } = await open('/pricing.html', 360);
  const fits = await panel(page).getByRole('textbox', { name: 'Your question' }).evaluate((input) => {
    const style = getComputedStyle(input, '::placeholder');
    const box = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
    return { text: context.measureText(input.placeholder).width, room };
  });
  assert.ok(fits.text <= fits.room, `the placeholder is ${fits.text} px wide in ${fits.room} px`);
  await context.close();
});

test('"Show what fits" moves focus to the result, in view, which names the recommendation', async () => {
  for (const width of WIDTHS) {
    const { page, context } = await open('/pricing.html', width);
    await panel(page).getByRole('button', { name: 'Find my fit' }).click();
    await page.getByRole('spinbutton', { name: 'How many people will use it?' }).fill('6');
    await page.getByRole('button', { name: 'Show what fits' }).click();
    const result = panel(page).getByRole('heading', { name: 'What fits' });
    await result.waitFor();
    await page.waitForFunction(() => document.querySelector('helpfirst-widget').shadowRoot.activeElement?.id === 'hf-fit-result');
    // Announced: the focused heading is described by the recommendation.
    assert.match(await result.evaluate((h) => h.getRootNode().getElementById(h.getAttribute('aria-describedby')).textContent),
      /^Kestrel Team \(ours\) fits best/);
    const pane = await box(panel(page).locator('.pane'));
    const heading = await box(result);
    assert.ok(heading.top >= pane.top && heading.bottom <= pane.bottom, `${width}px: the result is in view`);
    assert.deepEqual(await audit(page), []);
    await context.close();
  }
});

test('the compare table gets the panel\'s height and keeps its header row and first column in view', async () => {
  for (const width of WIDTHS) {
    const { page, context } = await open('/pricing.html', width);
    await ask(page, 'How do you compare to Slate Wiki?');
    const scroller = panel(page).getByRole('region', { name: /side by side/ });
    await scroller.waitFor();
    // The option picker is folded away, one click from the table.
    assert.equal(await panel(page).getByRole('checkbox', { name: /Papertrail Docs/ }).isVisible(), false);
    const whole = await box(panel(page));
    const table = await box(scroller);
    assert.ok(table.height >= 0.5 * whole.height, `${width}px: the table has ${table.height} of the panel's ${whole.height} px`);
    await scroller.evaluate((s) => { s.scrollTop = 400; s.scrollLeft = 300; });
    const header = await box(scroller.locator('thead th').first());
    const column = await box(scroller.locator('tbody tr').nth(8).locator('th'));
    assert.ok(Math.abs(header.top - table.top) <= 2, `${width}px: the header row stays at the top (${header.top} vs ${table.top})`);
    assert.ok(Math.abs(column.left - table.left) <= 2, `${width}px: the first column stays at the left (${column.left} vs ${table.left})`);
    // Unfolded, the picker works as before.
    await panel(page).getByText('Choose the options').click();
    await panel(page).getByRole('checkbox', { name: /Papertrail Docs/ }).check();
    await scroller.getByRole('columnheader', { name: /Papertrail Docs/ }).waitFor();
    assert.deepEqual(await audit(page), []);
    await context.close();
  }
});

// A visit whose widget is held back (loading "interaction", its wasm not let through until
// `release()`), from the moment the frame module is in: a tap then opens the loader's frame.
// `prepare(page)` runs first, before the page loads.
async function visitHeld(width, prepare = async () => {}) {
  let release;
  let fetched;
  const gate = new Promise((resolve) => { release = resolve; });
  const { page, context } = await visit('/pricing.html', width, {
    prepare: async (page) => {
      await prepare(page);
      await page.addInitScript(() => { window.helpfirstSettings = { loading: 'interaction' }; });
      await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
      fetched = page.waitForResponse(/helpfirst-frame-[0-9a-f]+\.js/);
    },
  });
  await fetched; // the frame module, fetched once the page has loaded
  return { page, context, release };
}

test('a tap before the widget is ready opens the frame at once; typing and questions carry over', async () => {
  for (const width of WIDTHS) {
    const { page, context, release } = await visitHeld(width);
    await page.getByRole('button', { name: 'Ask Kestrel' }).click();
    await panel(page).waitFor();
    assert.ok(await panel(page).getByRole('progressbar', { name: 'Getting answers ready' }).isVisible());
    const box1 = await box(panel(page).getByRole('textbox', { name: 'Your question' }));
    assert.equal(await page.evaluate(() => document.querySelector('helpfirst-widget').shadowRoot.activeElement?.id), 'hf-question');
    assert.deepEqual(await audit(page), []);
    await page.keyboard.type('Can I cancel anytime?');
    await page.keyboard.press('Enter');
    await panel(page).getByText('Looking that up…').waitFor();
    await page.keyboard.type('Do you offer');
    release();
    // The widget replaces the frame: the question is answered, the typing is still there.
    await panel(page).getByRole('article').first().waitFor();
    const box2 = await box(panel(page).getByRole('textbox', { name: 'Your question' }));
    assert.deepEqual(box2, box1, `${width}px: the widget's question box is where the frame's was`);
    assert.equal(await panel(page).getByRole('textbox', { name: 'Your question' }).inputValue(), 'Do you offer');
    assert.equal(await page.evaluate(() => document.querySelector('helpfirst-widget').shadowRoot.activeElement?.id), 'hf-question');
    assert.equal(await panel(page).getByRole('progressbar').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelector('helpfirst-widget').shadowRoot.querySelectorAll('.panel').length), 1);
    await context.close();
  }
});

test('typing on through the moment the widget takes the frame\'s place loses no key, and the question is asked', async () => {
  const { page, context, release } = await visitHeld(360, (page) => page.addInitScript(() => {
    window.asked = [];
    addEventListener('helpfirst:event', (event) => {
      if (event.detail.event === 'Question Asked') window.asked.push(event.detail.properties.question);
    });
  }));
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await panel(page).waitFor();
  // A slow phone's CPU: the panel's first render is then longer than the 16 ms Yew renders for
  // before it lets the browser run input events in between.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  release();
  // A word at a time, each key its own input event, until the widget has taken over (bounded).
  const frameShown = () => page.evaluate(() => !!document.querySelector('helpfirst-widget').shadowRoot.querySelector('.panel[aria-busy]'));
  const words = [];
  for (let word = 0; word < 400 && (word < 3 || await frameShown()); word++) {
    words.push(`w${word}`);
    await page.keyboard.type(`w${word} `);
  }
  assert.equal(await frameShown(), false, 'the widget took the frame\'s place while the visitor typed');
  await page.keyboard.type('end');
  const question = `${words.join(' ')} end`;
  assert.equal(await panel(page).getByRole('textbox', { name: 'Your question' }).inputValue(), question);
  await page.keyboard.press('Enter');
  await answered(page, question);
  assert.deepEqual(await page.evaluate(() => window.asked), [question]);
  await context.close();
});

test('a frame closed before the widget is ready stays closed, and Escape closes it', async () => {
  const { page, context, release } = await visitHeld(360);
  const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
  await launcher.click();
  await panel(page).waitFor();
  await page.keyboard.press('Escape');
  await panel(page).waitFor({ state: 'hidden' });
  assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
  // Listening before the wasm is let through, so "ready" cannot come before the listener.
  await page.evaluate(() => { window.helpfirstReady = new Promise((resolve) => window.helpfirst.on('ready', resolve)); });
  release();
  await page.evaluate(() => window.helpfirstReady);
  assert.equal(await panel(page).isVisible(), false);
  await launcher.click();
  await panel(page).waitFor();
  await context.close();
});

test('a hostile page: its z-index and offset work under `* { all: unset }`, and a header at the top z-index does not cover the close button', async () => {
  for (const width of WIDTHS) {
    const { page, context } = await visit('/hostile.html', width);
    const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
    await launcher.waitFor();
    const height = page.viewportSize().height;
    // --helpfirst-offset-y: 40px, and --helpfirst-z-index: 10 over the page's badge at 9.
    assert.equal(Math.round((await box(launcher)).bottom), height - 40);
    assert.equal(await onTop(launcher), 'widget');
    await launcher.click();
    await widgetOpen(page);
    const close = panel(page).getByRole('button', { name: 'Close' });
    assert.equal(await onTop(close), 'widget', `${width}px: the close button is above the host's header`);
    if (width === 1280) assert.equal(Math.round((await box(panel(page))).bottom), height - 40 - 60);
    else assert.equal(Math.round((await box(panel(page))).top), 0, 'full screen on a phone');
    assert.deepEqual(await audit(page), []);
    await close.click();
    await panel(page).waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.querySelector('helpfirst-widget').shadowRoot.activeElement?.className), 'launcher');
    await context.close();
  }
});

test('a hostile page: a cookie banner over the launcher moves it up, and back once accepted', async () => {
  for (const width of WIDTHS) {
    const { page, context } = await visit('/hostile.html?banner', width);
    const launcher = page.getByRole('button', { name: 'Ask Kestrel' });
    const banner = page.getByRole('region', { name: 'Cookies' });
    await banner.waitFor();
    await page.waitForFunction(() => {
      const launcher = document.querySelector('helpfirst-widget').shadowRoot.querySelector('.launcher');
      const banner = document.querySelector('.cookie-banner');
      return launcher.getBoundingClientRect().bottom <= banner.getBoundingClientRect().top;
    });
    assert.equal(await onTop(launcher), 'widget');
    await launcher.click();
    await widgetOpen(page);
    assert.equal(await onTop(panel(page).getByRole('button', { name: 'Close' })), 'widget');
    await panel(page).getByRole('button', { name: 'Close' }).click();
    await banner.getByRole('button', { name: 'Accept' }).click();
    await page.waitForFunction((height) => Math.round(document.querySelector('helpfirst-widget').shadowRoot
      .querySelector('.launcher').getBoundingClientRect().bottom) === height - 40, page.viewportSize().height);
    await context.close();
  }
});
