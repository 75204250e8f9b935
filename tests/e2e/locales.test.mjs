// The panel in five languages: the German demo page (www/de/) with its German content, and the
// same page with the `locale` option set to each locale. Checked in Chromium: no English string of
// the table is left in the visible panel, only the chosen locale's table is downloaded, the reply
// time is said in the locale, and the Arabic panel is right to left with no axe violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
