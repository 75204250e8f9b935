// End-to-end: a visitor's whole visit on the demo site. Questions, a comparison and the fit finder
// across two pages of the site, the sales asks appearing only after the third helpful touch, and a
// handoff to Nadia, with every event checked in the collector's real SQLite file and the mail that
// tells Nadia checked as a real SMTP server received it.
// With SCREENSHOTS=1 it also writes the README's screenshots to docs/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, ask, audit, rowsEventually, query, widgetOpen } from './harness.mjs';
import { withSmtp, mailsEventually } from './smtp.mjs';

const smtp = withSmtp();
const demo = withDemo(async () => ['--notify', (await smtp.started()).notify]);

const screenshots = process.env.SCREENSHOTS === '1';
const docs = new URL('../../docs/', import.meta.url).pathname;

// Friday 27 November 2026, 18:05 in London: after hours, so the reply time is "Monday morning".
const FRIDAY_EVENING = new Date('2026-11-27T18:05:00Z');

async function visit(path, width = 1280) {
  // axe-core is injected as an inline script, which the demo's strict CSP would refuse.
  const context = await demo.browser.newContext({ viewport: { width, height: 860 }, bypassCSP: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(FRIDAY_EVENING);
  await page.goto(new URL(path, demo.server.url).href);
  return { page, context };
}

function panel(page) {
  return page.getByRole('dialog', { name: 'Ask Kestrel' });
}

function asks(page) {
  return page.getByRole('complementary', { name: "When you're ready" });
}

function properties(rows) {
  return rows.map((row) => JSON.parse(row.properties));
}

test('a visit: help first across pages, the ask only after the third helpful touch, then a handoff', async () => {
  const { page, context } = await visit('/index.html');
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await widgetOpen(page);
  // An empty conversation offers questions from the content, and says it is automated.
  const starters = panel(page).getByRole('list', { name: 'Questions people ask' });
  assert.ok(await starters.getByRole('button').count() >= 2);
  assert.match(await panel(page).locator('#hf-note').innerText(), /^Automated assistant\./);

  // Touch 1: an answer the visitor says helped.
  await ask(page, 'Can I cancel anytime?');
  await panel(page).getByRole('article').first().waitFor();
  await panel(page).getByRole('group', { name: 'Did this help?' }).getByRole('button', { name: 'Yes' }).click();
  await panel(page).getByText('Thanks, glad it helped.').waitFor();
  assert.equal(await asks(page).count(), 0, 'no ask after one helpful touch');

  // The visit goes on on another page: the panel is open again, with the conversation in it.
  await page.goto(new URL('/pricing.html', demo.server.url).href);
  await panel(page).waitFor();
  assert.ok(await panel(page).getByText('Can I cancel anytime?').isVisible());
  assert.ok(await panel(page).getByText('Thanks, glad it helped.').isVisible());

  // Touch 2: a comparison.
  await panel(page).getByRole('button', { name: 'Compare options' }).click();
  await panel(page).getByRole('table').waitFor();
  assert.equal(await asks(page).count(), 0, 'no ask after two helpful touches');
  // Ticking boxes only changes the selection: the view counts once per visit, whatever it shows.
  await panel(page).getByText('Choose the options').click();
  await panel(page).getByRole('checkbox', { name: /Slate Wiki/ }).check();
  await panel(page).getByRole('table').getByRole('columnheader', { name: /Slate Wiki/ }).waitFor();
  assert.equal(await asks(page).count(), 0, 'changing the selection is not more help');
  // Looking at the same comparison again is not more help.
  await panel(page).getByRole('button', { name: 'Questions', exact: true }).click();
  await panel(page).getByRole('button', { name: 'Compare options' }).click();
  assert.equal(await asks(page).count(), 0, 'the same comparison counts once');

  // Touch 3: the fit finder's result. Now, and only now, the asks appear.
  await panel(page).getByRole('button', { name: 'Find my fit' }).click();
  await page.getByRole('spinbutton', { name: 'How many people will use it?' }).fill('6');
  await page.getByRole('button', { name: 'Show what fits' }).click();
  await page.locator('.recommendation').waitFor();
  assert.equal(await asks(page).count(), 0, 'the asks never take room from the fit result');
  // They are a turn of the conversation, right after the fit result they follow.
  await panel(page).getByRole('button', { name: 'Questions', exact: true }).click();
  await asks(page).waitFor();
  const turns = panel(page).getByRole('log', { name: 'Conversation' }).locator('.turn');
  assert.match((await turns.allInnerTexts()).at(-2), /^The fit finder recommended Kestrel Team\./);
  assert.equal(await turns.last().evaluate((turn) => turn.getAttribute('aria-labelledby')), 'hf-asks-title');
  const offered = await asks(page).getByRole('link').allInnerTexts();
  assert.deepEqual(offered, ['Start a 14-day free trial', 'Book a 30-minute demo']);
  assert.match(await asks(page).innerText(), /No card needed/);
  assert.deepEqual(await audit(page), []);

  const shown = properties(await rowsEventually(demo.server.db,
    "select properties from events where event = 'Call To Action Shown'"));
  assert.equal(shown.length, 1);
  assert.equal(shown[0].help_count, 3);
  assert.equal(shown[0].reason, 'helped');
  assert.deepEqual(shown[0].actions, ['trial', 'demo']);

  // The transcript holds the comparison and the fit result too.
  const log = panel(page).getByRole('log', { name: 'Conversation' });
  assert.match(await log.innerText(), /You compared Kestrel Free, Kestrel Team/);
  assert.match(await log.innerText(), /The fit finder recommended Kestrel Team\./);
  if (screenshots) {
    // The end of the conversation: the fit result and the asks after it.
    await log.evaluate((l) => { l.scrollTop = l.scrollHeight; });
    await panel(page).screenshot({ path: `${docs}conversation.png` });
  }

  // The handoff: a named person, honest hours, and a form that sends nothing without consent.
  await panel(page).getByRole('button', { name: 'Ask Nadia' }).click();
  const person = panel(page).getByRole('region', { name: 'Ask Nadia' });
  await person.waitFor();
  assert.match(await person.innerText(), /Nadia Okafor/);
  assert.match(await person.innerText(), /Solutions engineer, Kestrel Labs/);
  assert.match(await person.innerText(), /We're closed now, Nadia will reply Monday morning\./);
  assert.match(await person.innerText(), /Mon–Fri 9:00\sAM–5:30\sPM \(London time\)/);
  if (screenshots) await panel(page).screenshot({ path: `${docs}handoff.png` });
  const question = person.getByRole('textbox', { name: 'Your question' });
  assert.equal(await question.inputValue(), 'Can I cancel anytime?', 'pre-filled from the conversation');
  await question.fill('Can I cancel anytime, and do I get the unused months back?');
  await person.getByRole('textbox', { name: 'Your e-mail, for the reply' }).fill('sam@prospect.example');
  await person.getByRole('button', { name: 'Send to Nadia' }).click();
  await person.getByRole('alert').waitFor();
  const consent = person.getByRole('checkbox');
  assert.equal(await consent.getAttribute('aria-invalid'), 'true');
  assert.equal(await consent.isChecked(), false, 'never pre-ticked');
  assert.match(await person.innerText(), /Tick the box to agree/);
  assert.equal(query(demo.server.db, "select 1 from events where event = 'Handoff Requested'").length, 0,
    'nothing is sent without consent');
  await consent.check();
  await person.getByRole('button', { name: 'Send to Nadia' }).click();
  // "Sent" appears only once the collector has acknowledged the request.
  await person.locator('.sent').waitFor();
  assert.match(await person.locator('.sent').innerText(), /Nadia will reply to sam@prospect\.example/);
  assert.equal(query(demo.server.db, "select 1 from events where event = 'Handoff Requested'").length, 1);
  assert.deepEqual(await audit(page), []);

  const [handoff] = properties(await rowsEventually(demo.server.db,
    "select properties from events where event = 'Handoff Requested'"));
  assert.equal(handoff.email, 'sam@prospect.example');
  assert.equal(handoff.question, 'Can I cancel anytime, and do I get the unused months back?');
  assert.equal(handoff.consent, true);
  assert.equal(handoff.person, 'Nadia Okafor');
  assert.equal(handoff.help_count, 3);
  assert.equal(handoff.visit_id, shown[0].visit_id, 'one visit across both pages');
  const visitIds = properties(query(demo.server.db, 'select properties from events where event is not null')).map((p) => p.visit_id);
  assert.deepEqual([...new Set(visitIds)], [handoff.visit_id], 'every event of the visit carries its id');

  // Nadia is actually told: one mail, replying to the visitor, with what the visit already saw.
  const [mail] = await mailsEventually(smtp);
  assert.equal(mail.headers['reply-to'], 'sam@prospect.example');
  assert.deepEqual(mail.rcpt_tos, ['nadia@kestrel.example']);
  assert.match(mail.text, /> Can I cancel anytime, and do I get the unused months back\?/);
  assert.match(mail.text, /Reply due: \w+day \d+ \w+, \d\d:\d\d London time/);
  assert.match(mail.text, /"Can I cancel anytime\?"\n  Answered with: /);
  assert.match(mail.text, /Comparisons:\n- Kestrel Free vs Kestrel Team/);
  assert.match(mail.text, /Fit finder:\n- /);
  assert.doesNotMatch(mail.html, /<img/i);
  await rowsEventually(demo.server.db, "select 1 from notifications where state = 'delivered'");

  // The marketer's report reads the same SQLite file: the visit's help before the ask, the handoff.
  const report = await context.newPage();
  await report.goto(new URL('/report', demo.server.url).href);
  const glance = report.getByRole('region', { name: 'At a glance' });
  assert.match(await glance.innerText(), /Median helpful touches before the ask\s+3/);
  assert.match(await glance.innerText(), /Handoffs to a person\s+1/);
  const visits = report.getByRole('table', { name: 'Help before the ask, per visit' });
  assert.deepEqual((await visits.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).slice(0, 2),
    ['3', 'helped enough']);
  const handoffs = report.getByRole('table', { name: 'Handoffs to a person' });
  assert.match(await handoffs.innerText(), /sam@prospect\.example/);
  assert.match(await handoffs.innerText(), /email: delivered/);
  assert.deepEqual(await audit(report), []);
  if (screenshots) await report.screenshot({ path: `${docs}report.png`, fullPage: true });
  await report.close();

  // Start over: one click empties the conversation, here and on the next page.
  await panel(page).getByRole('button', { name: 'Questions', exact: true }).click();
  await panel(page).getByRole('button', { name: 'Start over' }).click();
  assert.equal(await log.getByText('Can I cancel anytime?').count(), 0);
  await starters.waitFor();
  await page.reload();
  await panel(page).waitFor();
  assert.equal(await panel(page).getByText('Can I cancel anytime?').count(), 0);
  await context.close();
});

test('a visitor who asks for a demo gets the asks at once, with no help counted', async () => {
  const { page, context } = await visit('/index.html');
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await ask(page, 'Can I book a demo with someone?');
  await asks(page).waitFor();
  const shown = properties(await rowsEventually(demo.server.db,
    "select properties from events where event = 'Call To Action Shown' and properties like '%\"asked\"%'"));
  assert.equal(shown[0].help_count, 0);
  // Following one is recorded with the same help count.
  await page.route('https://calendar.kestrel.example/**', (route) => route.fulfill({ body: 'calendar' }));
  await asks(page).getByRole('link', { name: 'Book a 30-minute demo' }).click();
  await page.waitForURL('https://calendar.kestrel.example/**');
  const [clicked] = properties(await rowsEventually(demo.server.db,
    "select properties from events where event = 'Call To Action Clicked'"));
  assert.equal(clicked.action_id, 'demo');
  assert.equal(clicked.help_count, 0);
  await context.close();
});

test('a question the content cannot answer offers Nadia, and a new visit starts afresh', async () => {
  const { page, context } = await visit('/index.html', 360);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await ask(page, 'Do you integrate with our mainframe COBOL payroll?');
  const offer = panel(page).getByRole('button', { name: 'Ask Nadia' }).last();
  await offer.waitFor();
  await offer.click();
  assert.equal(await panel(page).getByRole('textbox', { name: 'Your question' }).inputValue(),
    'Do you integrate with our mainframe COBOL payroll?');
  assert.deepEqual(await audit(page), []);
  await context.close();
  // A new tab is a new visit: nothing of the old conversation is there.
  const fresh = await visit('/index.html');
  await fresh.page.getByRole('button', { name: 'Ask Kestrel' }).click();
  await panel(fresh.page).getByRole('list', { name: 'Questions people ask' }).waitFor();
  assert.equal(await panel(fresh.page).getByRole('article').count(), 0);
  await fresh.context.close();
});
