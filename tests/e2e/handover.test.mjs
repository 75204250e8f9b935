// End-to-end: the moment the widget takes the place of the loader's frame (issue 16). A visitor
// who asks just before, at, or just after that moment must get every question answered, in the
// order asked: questions sent in the frame are queued and replayed to the widget, questions sent in
// the widget's own box wait for the content. Nothing asked may be dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo } from './harness.mjs';

const demo = withDemo(() => ['--no-answers']);
const ASKED = 'Can I cancel anytime?';

// In the page: from now on, every task asks a numbered question in whichever question box is
// there (the frame's, then the widget's), through its form as Enter would, until `after` tasks
// after the widget's panel has replaced the frame (or `most` questions). Resolves with the
// questions asked, and how many were asked in the frame and in the widget.
function askEveryTask({ asking, after, most }) {
  return new Promise((resolve) => {
    const root = document.querySelector('helpfirst-widget').shadowRoot;
    const asked = { frame: 0, widget: 0, questions: [] };
    let left = after;
    const tick = () => {
      const panel = root.querySelector('#helpfirst-panel');
      const box = root.querySelector('#hf-question');
      const fromWidget = panel && !panel.hasAttribute('aria-busy');
      if (box && box.form) {
        const question = `${asked.questions.length + 1}: ${asking}`;
        box.value = question;
        box.form.requestSubmit();
        asked.questions.push(question);
        asked[fromWidget ? 'widget' : 'frame'] += 1;
      }
      if (fromWidget) left -= 1;
      if (left <= 0 || asked.questions.length >= most) resolve(asked);
      else setTimeout(tick, 0);
    };
    tick();
  });
}

test('questions asked in every task around the widget taking over from the frame are all answered, in order', async () => {
  for (const width of [360, 1280]) {
    const context = await demo.browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    let release;
    const gate = new Promise((resolve) => { release = resolve; });
    await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
    const frameModule = page.waitForResponse(/helpfirst-frame-[0-9a-f]+\.js/);
    await page.goto(new URL('/pricing.html', demo.server.url).href);
    await frameModule;
    await page.getByRole('button', { name: 'Ask Kestrel' }).click();
    await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();

    // The questions start while the wasm is held back, and go on while it arrives and starts.
    const asking = page.evaluate(askEveryTask, { asking: ASKED, after: 20, most: 60 });
    await page.waitForFunction(() => document.querySelector('helpfirst-widget').shadowRoot
      .querySelectorAll('.turn.visitor').length >= 3);
    release();
    const asked = await asking;
    assert.ok(asked.frame >= 3, `${width}px: asked ${asked.frame} in the frame`);
    assert.ok(asked.widget >= 1, `${width}px: asked ${asked.widget} in the widget (it took over within ${asked.questions.length} tasks)`);

    // Bounded: a dropped question would never be answered; the lists below then say which.
    const replies = page.locator('.turn.bot.answer, .turn.bot.no-answer');
    await page.waitForFunction((count) => document.querySelector('helpfirst-widget').shadowRoot
      .querySelectorAll('.turn.bot.answer, .turn.bot.no-answer').length >= count, asked.questions.length, { timeout: 30000 })
      .catch(() => {});
    const visitor = await page.locator('.turn.visitor').allInnerTexts();
    assert.deepEqual(visitor.map((text) => text.replace(/^You asked:\s*/, '')), asked.questions,
      `${width}px: every question is in the conversation once, in the order asked`);
    assert.equal(await replies.count(), asked.questions.length, `${width}px: and every one has its reply`);
    assert.equal(await page.evaluate(() => document.querySelector('helpfirst-widget').shadowRoot.querySelectorAll('.panel').length), 1);
    await context.close();
  }
});
