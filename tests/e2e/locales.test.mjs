// The panel in five languages: the German demo page (www/de/) with its German content, and the
// same page with the `locale` option set to each locale. Checked in Chromium: no English string of
// the table is left in the visible panel (conversation, person, compare and fit panes), only the
// chosen locale's table is downloaded, the reply time is said in the locale, money and dates are
// written the locale's way by the browser's Intl, and the Arabic panel is right to left with no
// axe violations. With SCREENSHOTS=1 it also writes the German and Arabic compare and fit panes at
// 360 and 1280 px to target/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { withDemo, audit } from './harness.mjs';

const demo = withDemo();
const table = (lang) => JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), 'utf8'));
const english = table('en');

// Friday 27 November 2026, 18:05 in London, 19:05 in Berlin: closed until Monday morning.
const FRIDAY_EVENING = new Date('2026-11-27T18:05:00Z');

async function openPanel(locale, width = 1280) {
  const context = await demo.browser.newContext({ viewport: { width, height: 860 }, bypassCSP: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(FRIDAY_EVENING);
  if (locale) await page.addInitScript((l) => { window.helpfirstSettings = { locale: l }; }, locale);
  const tables = [];
  page.on('request', (request) => { if (request.url().includes('/locales/')) tables.push(new URL(request.url()).pathname); });
  await page.goto(new URL('/de/', demo.server.url).href);
  const strings = table(locale || 'de');
  await page.getByRole('button', { name: strings['launcher.title'] }).click();
  const panel = page.locator('#helpfirst-panel');
  await panel.getByText(strings['transcript.starters']).waitFor();
  return { page, context, panel, strings, tables };
}

// The English strings a panel in another language must not show: each string's text outside its
// placeholders, in pieces long enough not to be a shared word.
function englishLeft(text, strings) {
  const left = [];
  for (const [key, value] of Object.entries(english)) {
    if (strings[key] === value) continue;
    for (const piece of value.split(/\{[a-z_]+\}/)) {
      const words = piece.trim().replace(/[.:,]$/, '');
      if (words.length >= 8 && text.includes(words)) left.push(`${key}: "${words}"`);
    }
  }
  return left;
}

const screenshots = process.env.SCREENSHOTS === '1';
const shots = new URL('../../target/screenshots/', import.meta.url).pathname;

// The compare pane, then the fit finder answered for 6 people (so every option gets points,
// reasons and arithmetic), each with every folded part unfolded: what the panes say, in full.
async function compareAndFit(page, panel, strings, name) {
  await panel.getByRole('button', { name: strings['tools.compare'] }).click();
  const table = panel.getByRole('table');
  await table.waitFor();
  await panel.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
  if (name) await page.screenshot({ path: `${shots}${name}-compare.png` });
  const compare = await panel.innerText();
  await panel.getByRole('button', { name: strings['tools.fit'] }).click();
  await panel.getByRole('spinbutton', { name: strings['fit.seats'] }).fill('6');
  await panel.getByRole('button', { name: strings['fit.show'] }).click();
  await panel.locator('#hf-fit-recommendation').waitFor();
  await panel.locator('details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
  if (name) {
    await panel.locator('#hf-fit-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}${name}-fit.png` });
  }
  return `${compare}\n${await panel.innerText()}`;
}

async function visibleText(page, panel) {
  const text = await panel.innerText();
  const placeholder = await page.getByRole('textbox').first().getAttribute('placeholder');
  return `${text}\n${placeholder}`;
}

for (const locale of ['de', 'fr', 'es', 'ar']) {
  test(`the ${locale} panel shows no English left from the string table`, async () => {
    const { page, context, panel, strings, tables } = await openPanel(locale === 'de' ? '' : locale);
    assert.equal(await panel.getAttribute('lang'), locale);
    let text = await visibleText(page, panel);
    // The person's pane: the reply-time sentence, the form and the other ways to reach her.
    await panel.getByRole('button', { name: strings['person.ask'].replace('{name}', 'Nadia') }).click();
    await panel.getByRole('heading', { name: strings['person.ask'].replace('{name}', 'Nadia') }).waitFor();
    text += `\n${await panel.innerText()}`;
    const panes = await compareAndFit(page, panel, strings);
    text += `\n${panes}`;
    for (const key of ['table.price', 'table.best_for', 'fit.what_fits', 'need.team_size']) {
      assert.ok(panes.includes(strings[key]), `${key}: "${strings[key]}" is shown`);
    }
    assert.deepEqual(englishLeft(text, strings), []);
    for (const key of ['tools.questions', 'transcript.starters', 'handoff.other_ways']) {
      assert.ok(text.includes(strings[key]), `${key}: "${strings[key]}" is shown`);
    }
    assert.deepEqual(tables, [`/helpfirst/locales/${locale}.json`], 'only the chosen table is fetched');
    await context.close();
  });
}

test('the German panel says when Nadia will reply, in German, and shows the content\'s override', async () => {
  const { page, context, panel, strings } = await openPanel('');
  assert.equal(
    await page.getByRole('textbox').first().getAttribute('placeholder'),
    'Fragen zu Tarifen, Preisen, Offline-Nutzung…',
    'the override in www/de/content replaces the table\'s placeholder'
  );
  assert.notEqual(strings['composer.placeholder'], 'Fragen zu Tarifen, Preisen, Offline-Nutzung…');
  await panel.getByRole('button', { name: 'Nadia fragen' }).click();
  await panel.getByText('Wir haben gerade geschlossen. Nadia antwortet am Montagvormittag.').waitFor();
  await context.close();
});

test('money, dates and counts in the German panes are written the German way by Intl', async () => {
  const { page, context, panel, strings } = await openPanel('');
  const text = await compareAndFit(page, panel, strings);
  // Kestrel Team: 8.00 EUR per seat a month; 6 seats billed monthly for 12 months is 576.00 EUR.
  assert.match(text, /8,00\s€ pro Platz und Monat/);
  assert.match(text, /576,00\s€/);
  assert.match(text, /Summe für 12 Monate: 576,00\s€\./);
  // The price's "verified on" date, for screen readers: 2 Nov 2026 as German writes it.
  assert.match(text, /geprüft am 02\.11\.2026/);
  assert.match(text, /Passt für 6 Personen\./);
  await context.close();
});

test('the Arabic fit result uses Arabic plural forms and the browser\'s Arabic numbers', async () => {
  const { page, context, panel, strings } = await openPanel('ar');
  const text = await compareAndFit(page, panel, strings);
  // Six people is "few" in Arabic (3-10): أشخاص, not the "many" form (11-99) شخصًا.
  const six = await page.evaluate(() => new Intl.NumberFormat('ar').format(6));
  assert.ok(text.includes(strings['count.people.few'].replace('{count}', six)), `"${six} أشخاص" is shown`);
  assert.ok(!text.includes(strings['count.people.many'].replace('{count}', six)));
  assert.deepEqual(await audit(page), [], 'the Arabic fit result has no axe violations');
  await context.close();
});

if (screenshots) {
  test('screenshots of the German and Arabic compare and fit panes at 360 and 1280 px', async () => {
    mkdirSync(shots, { recursive: true });
    for (const locale of ['de', 'ar']) {
      for (const width of [360, 1280]) {
        const { page, context, panel, strings } = await openPanel(locale === 'de' ? '' : locale, width);
        await compareAndFit(page, panel, strings, `${locale}-${width}`);
        await context.close();
      }
    }
  });
}

test('the loader\'s frame, shown at a tap before the widget is ready, speaks the page\'s language', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  await page.addInitScript(() => { window.helpfirstSettings = { loading: 'interaction' }; });
  await page.route('**/*.wasm', async (route) => { await gate; await route.continue(); });
  const fetched = page.waitForResponse(/helpfirst-frame-[0-9a-f]+\.js/);
  await page.goto(new URL('/de/', demo.server.url).href);
  await fetched;
  const strings = table('de');
  await page.getByRole('button', { name: strings['launcher.title'] }).click();
  const frame = page.locator('#helpfirst-panel');
  // The table is fetched at the tap, beside the held-back wasm; the frame takes its words.
  await frame.getByRole('progressbar', { name: strings['panel.preparing'] }).waitFor();
  const box = frame.getByRole('textbox', { name: strings['composer.label'] });
  assert.equal(await box.getAttribute('placeholder'), strings['composer.placeholder']);
  const text = await visibleText(page, frame);
  assert.ok(text.includes(strings['panel.greeting']), 'the greeting is the table\'s');
  assert.deepEqual(englishLeft(text, strings), []);
  release();
  await context.close();
});

test('a German question is answered from the German content with the German stemmer', async () => {
  const { page, context, panel } = await openPanel('');
  const box = page.getByRole('textbox', { name: 'Ihre Frage' });
  // "Kündigungen" is not written anywhere in the content; its stem is ("kündigen", "Kündigung").
  await box.fill('Wie funktionieren Kündigungen?');
  await box.press('Enter');
  const answer = panel.locator('article.answer').first();
  await answer.waitFor();
  assert.match(await answer.getByRole('link').getAttribute('href'), /#kuendigung$/);
  await context.close();
});

for (const width of [360, 1280]) {
  test(`the Arabic panel is right to left with no axe violations at ${width} px`, async () => {
    const { page, context, panel } = await openPanel('ar', width);
    assert.equal(await panel.getAttribute('dir'), 'rtl');
    assert.equal(await panel.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.deepEqual(await audit(page), []);
    await context.close();
  });
}
