// End-to-end: the compare view and fit finder on the demo site, with its two competitors and a
// do-it-yourself alternative, in Chromium at desktop and phone widths, with axe-core audits and
// the events checked in the collector's SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, audit, rowsEventually } from './harness.mjs';

const demo = withDemo();

async function openPanel(width, options = {}) {
  const context = await demo.browser.newContext({ viewport: { width, height: 800 }, ...options });
  const page = await context.newPage();
  await page.goto(new URL('/pricing.html', demo.server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await page.getByRole('dialog', { name: 'Ask Kestrel' }).waitFor();
  return { page, context };
}

test('asking how Kestrel compares to a competitor opens a table with both, every claim sourced', async () => {
  const { page, context } = await openPanel(1280);
  await ask(page, 'How do you compare to Slate Wiki?');
  const table = page.getByRole('dialog', { name: 'Ask Kestrel' }).getByRole('table');
  await table.waitFor();
  assert.match(await table.locator('caption').innerText(), /Kestrel Free, Kestrel Team and Slate Wiki side by side/);
  const columns = await table.locator('thead th[scope=col]').allInnerTexts();
  assert.deepEqual(columns, ['Kestrel Free (ours)', 'Kestrel Team (ours)', 'Slate Wiki (competitor)']);
  // Our weakness is shown: Slate Wiki has a whiteboard, we do not.
  const whiteboard = table.getByRole('row', { name: /Whiteboard/ });
  // Each value is followed, for screen readers, by whose claim it is and when it was verified.
  const cells = await whiteboard.locator('td').allInnerTexts();
  assert.deepEqual(cells.map((text) => text.split('\n')[0]), ['No', 'No', 'Yes']);
  assert.match(cells[2], /\(Slate Wiki, verified 2026-11-05\)/);
  assert.equal(await whiteboard.locator('td a').nth(2).getAttribute('href'), 'https://slatewiki.example/features/whiteboard');
  const rows = await table.locator('tbody tr').count();
  await page.getByRole('checkbox', { name: 'Only differences' }).check();
  assert.ok(await table.locator('tbody tr').count() < rows, 'rows where all agree are hidden');
  assert.equal(await table.getByRole('row', { name: /Offline editing in the browser/ }).count(), 0);
  // Adding the other competitor gives four columns, and the row where it differs comes back.
  await page.getByRole('checkbox', { name: /Papertrail Docs/ }).check();
  assert.equal(await table.locator('thead th[scope=col]').count(), 4);
  assert.equal(await table.getByRole('row', { name: /Offline editing in the browser/ }).count(), 1);

  const viewed = await rowsEventually(demo.server.db,
    "select properties from events where event = 'Comparison Viewed' order by timestamp", 2);
  assert.deepEqual(JSON.parse(viewed[0].properties).options, ['free', 'team', 'slate-wiki']);
  assert.deepEqual(JSON.parse(viewed.at(-1).properties).options, ['free', 'team', 'slate-wiki', 'papertrail-docs']);
  await context.close();
});

test('the fit finder points a small team to the cheapest plan and shows the arithmetic', async () => {
  const { page, context } = await openPanel(1280);
  await page.getByRole('button', { name: 'Find my fit' }).click();
  await page.getByRole('spinbutton', { name: 'How many people will use it?' }).fill('6');
  await page.getByRole('checkbox', { name: 'Guest access' }).check();
  await page.getByRole('checkbox', { name: 'Real-time co-editing' }).check();
  await page.getByRole('radio', { name: 'Yearly' }).check();
  await page.getByRole('button', { name: 'Show what fits' }).click();
  const recommendation = page.locator('.recommendation');
  await recommendation.waitFor();
  assert.match(await recommendation.innerText(), /^Kestrel Team \(ours\) fits best/);
  const first = page.locator('.ranked').first();
  assert.match(await first.locator('.arithmetic').innerText(), /\$6\.40 × 6 seat\(s\) × 12 month\(s\) = \$460\.80/);
  assert.equal(await page.locator('.ranked').count(), 7, 'every option is ranked');
  const fit = await rowsEventually(demo.server.db,
    "select properties from events where event = 'Fit Recommended' order by timestamp");
  const properties = JSON.parse(fit.at(-1).properties);
  assert.equal(properties.option_id, 'team');
  assert.equal(properties.relation, 'ours');
  await context.close();
});

test('a need Kestrel cannot meet yields the competitor that meets it', async () => {
  const { page, context } = await openPanel(1280);
  await page.getByRole('button', { name: 'Find my fit' }).click();
  await page.getByRole('checkbox', { name: 'End-to-end encryption' }).check();
  await page.getByRole('button', { name: 'Show what fits' }).click();
  const recommendation = page.locator('.recommendation');
  await recommendation.waitFor();
  assert.match(await recommendation.innerText(), /^Papertrail Docs \(competitor\) fits best/);
  await context.close();
});

for (const width of [1280, 360]) {
  test(`axe-core finds no violations with the compare view open at ${width} px`, async () => {
    // axe is injected as a script, which the demo's strict CSP would rightly refuse.
    const { page, context } = await openPanel(width, { bypassCSP: true });
    await ask(page, 'What is the difference between Team and Business?');
    await page.getByRole('dialog', { name: 'Ask Kestrel' }).getByRole('table').waitFor();
    assert.deepEqual(await audit(page), []);
    // At 360 px the table scrolls inside its region rather than widening the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(overflow, 'the page does not scroll sideways');
    if (width === 360) {
      const panel = await page.locator('#helpfirst-panel').boundingBox();
      assert.equal(panel.width, 360, 'the panel takes the whole width of a phone');
    }
    await page.getByRole('button', { name: 'Find my fit' }).click();
    await page.getByRole('button', { name: 'Skip the questions' }).click();
    await page.locator('.recommendation').waitFor();
    assert.deepEqual(await audit(page), []);
    await context.close();
  });
}
