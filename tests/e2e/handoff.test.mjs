// End-to-end: the honest receipt. The widget says "Sent" only once the collector has acknowledged
// the request; while the collector cannot be reached it says so, keeps the request and offers the
// direct channels; and it offers the form only when its endpoint is a helpfirst collector that
// says it tells the person. The collector runs with --notify against a real SMTP server.
// With SCREENSHOTS=1 it writes the unreachable state at 360 and 1280 px to test-results/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemo, query, rowsEventually, audit } from './harness.mjs';
import { withSmtp, mailsEventually } from './smtp.mjs';

const smtp = withSmtp();
const demo = withDemo(async () => ['--notify', (await smtp.started()).notify]);
const screenshots = process.env.SCREENSHOTS === '1';
const results = new URL('../../test-results/', import.meta.url).pathname;

async function personPane(width = 1280, prepare = async () => {}) {
  const context = await demo.browser.newContext({ viewport: { width, height: 860 }, bypassCSP: true });
  const page = await context.newPage();
  await prepare(page);
  await page.goto(new URL('/index.html', demo.server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  const panel = page.getByRole('dialog', { name: 'Ask Kestrel' });
  await panel.getByRole('button', { name: 'Ask Nadia' }).click();
  return { page, context, person: panel.getByRole('region', { name: 'Ask Nadia' }) };
}

async function send(person, email) {
  await person.getByRole('textbox', { name: 'Your e-mail, for the reply' }).fill(email);
  await person.getByRole('textbox', { name: 'Your question' }).fill('Can we pay by invoice?');
  await person.getByRole('checkbox').check();
  await person.getByRole('button', { name: 'Send to Nadia' }).click();
}

test('while the collector is unreachable the widget says so, keeps the request, and says "Sent" only once it is stored', async () => {
  for (const width of [360, 1280]) {
    const email = `offline-${width}@prospect.example`;
    const { page, context, person } = await personPane(width);
    await page.route('**/v1/batch', (route) => route.abort('connectionrefused'));
    await send(person, email);
    const waiting = person.locator('.waiting');
    await waiting.waitFor();
    assert.match(await waiting.innerText(), /Not sent yet: we can't reach our server right now, so Nadia has not been told/);
    assert.equal(await person.locator('.sent').count(), 0, 'no "Sent" before the collector acknowledged');
    assert.match(await person.innerText(), /Other ways to reach us/);
    assert.equal(query(demo.server.db, `select 1 from events where properties like '%${email}%'`).length, 0);
    assert.deepEqual(await audit(page), []);
    if (screenshots) await page.getByRole('dialog').screenshot({ path: `${results}handoff-waiting-${width}.png` });

    // The connection comes back: the kept request goes, and only then does the widget say "Sent".
    await page.unroute('**/v1/batch');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await person.locator('.sent').waitFor();
    assert.match(await person.locator('.sent').innerText(), new RegExp(`Nadia will reply to ${email}`));
    await rowsEventually(demo.server.db, `select 1 from events where properties like '%${email}%'`);
    await context.close();
  }
  // Each request told Nadia exactly once.
  await rowsEventually(demo.server.db, "select 1 from notifications where state = 'delivered'", 2);
  const mails = await mailsEventually(smtp, 2);
  const replyTos = mails.map((mail) => mail.headers['reply-to']).sort();
  assert.deepEqual(replyTos, ['offline-1280@prospect.example', 'offline-360@prospect.example']);
});

test('an endpoint that does not say it tells the person gets no form, only the direct channels', async () => {
  // A helpfirst collector without --notify says so; a third-party pipeline says nothing at all.
  const { context, person } = await personPane(1280, (page) => page.route('**/v1/capabilities', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ collector: 'helpfirst', handoffs: { delivered: false, channels: [] } }),
  })));
  await person.getByRole('link', { name: /E-mail nadia@kestrel\.example/ }).waitFor();
  // The answer has arrived once the pane is no longer busy asking.
  await person.and(person.page().locator('section.handoff:not([aria-busy])')).waitFor();
  assert.equal(await person.getByRole('button', { name: 'Send to Nadia' }).count(), 0);
  await context.close();
});

test('a problem in the handoff form goes as soon as its field is fixed, not at the next "Send"', async () => {
  for (const width of [360, 1280]) {
    const { context, person } = await personPane(width);
    const email = person.getByRole('textbox', { name: 'Your e-mail, for the reply' });
    const question = person.getByRole('textbox', { name: 'Your question' });
    await question.fill('');
    await person.getByRole('button', { name: 'Send to Nadia' }).click();
    await person.locator('.form-problems').waitFor();
    assert.equal(await person.locator('.problem').count(), 3);
    await email.fill('not-an-address');
    assert.equal(await email.getAttribute('aria-invalid'), 'true', 'still wrong, still marked');
    await email.fill('ada@prospect.example');
    await person.locator('#hf-email-problem').waitFor({ state: 'detached' });
    assert.equal(await email.getAttribute('aria-invalid'), null);
    await question.fill('Can we pay by invoice?');
    await person.locator('#hf-question-problem').waitFor({ state: 'detached' });
    assert.equal(await person.locator('.form-problems').count(), 1, 'one problem left: the banner stays');
    await person.getByRole('checkbox').check();
    await person.locator('#hf-consent-problem').waitFor({ state: 'detached' });
    await person.locator('.form-problems').waitFor({ state: 'detached' });
    await context.close();
  }
});
