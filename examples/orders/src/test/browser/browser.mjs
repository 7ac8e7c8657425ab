// Shared by the browser scripts: launches Debian's Chromium through playwright-core (no browser download), opens
// the page, collects page errors and console errors, and fails with them at the end.
import { chromium } from 'playwright-core';

export const WAIT_MS = 30_000;

export function settings() {
  const base = process.env.HERALD_PAGE_URL;
  const shots = process.env.SCREENSHOT_DIR;
  if (!base || !shots) {
    console.error('set HERALD_PAGE_URL and SCREENSHOT_DIR');
    process.exit(2);
  }
  return { base, shots, executablePath: process.env.CHROMIUM || '/usr/bin/chromium' };
}

/** Runs `scenario(page)` on a fresh page of the order page, then checks nothing went wrong in the browser. */
export async function withPage(scenario) {
  const { base, executablePath } = settings();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
    await page.goto(base);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: WAIT_MS });
    await scenario(page);
    if (problems.length) throw new Error(problems.join('; '));
    console.log('result=passed');
  } finally {
    await browser.close();
  }
}

/** Fills the order form as `userId` and places the order; returns the order id the page reports. */
export async function placeOrder(page, userId, location) {
  const message = page.locator('#place-message');
  const before = await message.textContent();
  await page.getByLabel('User', { exact: true }).fill(userId);
  await page.getByLabel('Location', { exact: true }).fill(location);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForFunction((previous) => {
    const text = document.getElementById('place-message').textContent;
    return text !== previous && /Order \S+ accepted/.test(text);
  }, before, { timeout: WAIT_MS });
  return (await message.textContent()).match(/Order (\S+) accepted/)[1];
}
