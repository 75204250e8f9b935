// Takes the README's screenshots: the demo's pricing page with the assistant open and answering
// (docs/screenshot.png), and comparing Kestrel with a competitor (docs/compare.png).
// Run after `make dist`: node scripts/screenshot.mjs
import { startServer, launchBrowser } from '../tests/e2e/harness.mjs';

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(new URL('/pricing.html', server.url).href);
  await page.getByRole('button', { name: 'Ask Kestrel' }).click();
  for (const question of ['Can I cancel anytime?', 'what is the best lasagne recipe?']) {
    const box = page.getByRole('textbox', { name: 'Your question' });
    await box.fill(question);
    await box.press('Enter');
  }
  await page.locator('.no-answer').waitFor();
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });

  const box = page.getByRole('textbox', { name: 'Your question' });
  await box.fill('How do you compare to Slate Wiki?');
  await box.press('Enter');
  const table = page.getByRole('dialog').getByRole('table');
  await table.waitFor();
  await page.screenshot({ path: new URL('../docs/compare.png', import.meta.url).pathname });
} finally {
  await browser.close();
  server.stop();
}
