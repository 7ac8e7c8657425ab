// Drives the order page in Debian's Chromium with Playwright (playwright-core: no browser download). Run by
// WorkflowPageBrowserIT, which starts the server and passes its address:
//   HERALD_PAGE_URL=http://127.0.0.1:PORT SCREENSHOT_DIR=target/failsafe-reports node place-order.mjs
// Places an order through the form, waits until the order list shows it CONFIRMED and its timeline holds the
// events of the four services, checks keyboard selection and the phone layout, and takes two screenshots.
// Prints key=value lines for the Java test; any failure exits non-zero with the reason.
import path from 'node:path';
import { WAIT_MS, settings, withPage } from './browser.mjs';

const { shots } = settings();
const EXPECTED = ['OrderPlaced', 'StockReserved', 'PaymentSucceeded', 'OrderConfirmed', 'EmailSent'];

await withPage(async (page) => {
  // every form control has a label
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((input) => input.labels.length === 0).map((input) => input.name || input.id));
  if (unlabelled.length) throw new Error(`inputs without a label: ${unlabelled.join(', ')}`);

  await page.getByLabel('User', { exact: true }).fill('browser-user');
  await page.getByLabel('Location', { exact: true }).fill('Porto');
  const firstItem = page.locator('#items li').first();
  await firstItem.getByLabel('SKU').fill('sku-mug');
  await firstItem.getByLabel('Quantity').fill('3');
  await page.getByRole('button', { name: 'Place order' }).click();

  const message = page.locator('#place-message');
  await message.filter({ hasText: 'accepted' }).waitFor({ timeout: WAIT_MS });
  const orderId = (await message.textContent()).match(/Order (\S+) accepted/)[1];
  console.log(`orderId=${orderId}`);

  const row = page.locator(`#orders [data-order-id="${orderId}"]`);
  await row.locator('.badge.state-confirmed').waitFor({ timeout: WAIT_MS });
  // the email is the last step: once it is in, nothing is pending
  await page.locator('#timeline .event-type', { hasText: 'EmailSent' }).waitFor({ timeout: WAIT_MS });
  if (await page.locator('#timeline .role-pending').count() !== 0) throw new Error('a confirmed, emailed order still shows a pending step');

  const types = await page.locator('#timeline .event-type').allTextContents();
  const services = await page.locator('#timeline .event-service').allTextContents();
  const offsets = await page.locator('#timeline .event-where').allTextContents();
  console.log(`types=${types.join(',')}`);
  console.log(`services=${services.join(',')}`);
  console.log(`state=${(await row.locator('.badge').textContent()).trim()}`);
  if (types.join(',') !== EXPECTED.join(',')) throw new Error(`timeline shows ${types}, expected ${EXPECTED}`);
  if (!offsets.every((where) => /partition \d+ · offset \d+/.test(where))) throw new Error(`offsets missing: ${offsets}`);

  // keyboard: focus the order, press Enter, the timeline heading takes the focus
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'timeline-heading', null, { timeout: WAIT_MS });
  console.log('keyboard=ok');

  await page.screenshot({ path: path.join(shots, 'WorkflowPageBrowserIT-desktop.png'), fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`the phone layout scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: path.join(shots, 'WorkflowPageBrowserIT-phone.png'), fullPage: true });
  console.log('phone=ok');

});
