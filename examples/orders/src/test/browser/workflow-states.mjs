// Drives the order page in Debian's Chromium (see browser.mjs) through the states that are not "done": an order
// waiting for its payment must look pending, a failed payment must show its compensation, a rejected and a held
// order their reasons, and a fraud alert must appear as it fires. Run by WorkflowPageBrowserIT against PageTestServer, whose stand-in Order service picks the
// flow by the user's name: "slow-..." stops after StockReserved, "decline-..." has its payment declined, and a load
// with a fraud burst writes a FraudSuspected alert. Prints key=value lines; any failure exits non-zero.
import path from 'node:path';
import { WAIT_MS, placeOrder, settings, withPage } from './browser.mjs';

const { shots } = settings();

await withPage(async (page) => {
  // pending: stock reserved, no payment yet
  const waiting = await placeOrder(page, 'slow-user', 'Braga');
  const waitingRow = page.locator(`#orders [data-order-id="${waiting}"]`);
  await waitingRow.locator('.order-pending', { hasText: 'waiting for payment…' }).waitFor({ timeout: WAIT_MS });
  const waitingBadge = waitingRow.locator('.badge');
  if (!(await waitingBadge.getAttribute('class')).includes('pending')) throw new Error('a waiting order is not drawn as pending');
  if (!(await waitingBadge.textContent()).includes('(in progress)')) throw new Error('a waiting order does not say it is in progress');
  await page.locator('#timeline .role-pending', { hasText: 'waiting for payment…' }).waitFor({ timeout: WAIT_MS });
  console.log(`pending=${(await waitingBadge.locator('.badge-text').textContent()).trim()}`);

  // rejected (no stock) and held (fraud review): settled, with their reasons
  for (const [user, state, key] of [['nostock-user', 'rejected', 'rejected'], ['held-user', 'held', 'held']]) {
    const orderId = await placeOrder(page, user, 'Evora');
    await page.locator(`#orders [data-order-id="${orderId}"] .badge.state-${state}`).waitFor({ timeout: WAIT_MS });
    await page.locator('.summary-title .order-id', { hasText: orderId }).waitFor({ timeout: WAIT_MS });
    if (await page.locator('#timeline .role-pending').count() !== 0) throw new Error(`a ${state} order shows a pending step`);
    console.log(`${key}=${(await page.locator('.summary-reason').textContent()).trim()}`);
  }

  // compensation: PaymentFailed, then StockReleased and OrderCancelled
  const declined = await placeOrder(page, 'decline-user', 'Faro');
  await page.locator(`#orders [data-order-id="${declined}"] .badge.state-cancelled`).waitFor({ timeout: WAIT_MS });
  await page.locator('#timeline .role-compensation', { hasText: 'StockReleased' }).waitFor({ timeout: WAIT_MS });
  await page.locator('#timeline .event-type', { hasText: 'OrderCancelled' }).waitFor({ timeout: WAIT_MS });
  await page.locator('.summary-compensation').waitFor({ timeout: WAIT_MS });
  console.log(`compensation=${(await page.locator('#timeline .event-type').allTextContents()).join(',')}`);
  console.log(`reason=${(await page.locator('.summary-reason').textContent()).trim()}`);
  const released = page.locator('#timeline .event', { hasText: 'StockReleased' });
  console.log(`cause=${(await released.locator('.event-cause').textContent()).trim()}`);

  // a load with a fraud burst: the alert appears
  await page.getByLabel('Number of orders').fill('3');
  await page.getByLabel(/fraud burst/).check();
  await page.getByRole('button', { name: 'Start load' }).click();
  await page.locator('#load-message', { hasText: 'Load of 3 orders started' }).waitFor({ timeout: WAIT_MS });
  const alert = page.locator('#alerts .alert', { hasText: 'FraudSuspected' }).first();
  await alert.waitFor({ timeout: WAIT_MS });
  console.log(`alert=${(await alert.locator('.event-service').textContent()).trim()}`);

  await page.screenshot({ path: path.join(shots, 'WorkflowPageBrowserIT-compensation.png'), fullPage: true });
});
