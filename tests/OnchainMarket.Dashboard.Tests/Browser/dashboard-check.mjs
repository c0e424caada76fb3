// Opens the dashboard in headless Debian chromium (driven by playwright-core) and reports what a reader sees, as
// one JSON line on stdout: the xunit test (DashboardBrowserTests) makes the assertions. It waits, up to the given
// time, until a request row that was not on the page at load has appeared and every chart draws at least one mark,
// then saves a full-page screenshot. Usage: node dashboard-check.mjs URL SCREENSHOT TIMEOUT_SECONDS
import { chromium } from 'playwright-core';

const [url, screenshot, timeoutSeconds] = process.argv.slice(2);
if (!url || !screenshot || !(Number(timeoutSeconds) > 0)) {
  console.error('usage: node dashboard-check.mjs URL SCREENSHOT TIMEOUT_SECONDS');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Every main-frame navigation counts: a reload would add one, the page's own refresh must not.
  let navigations = 0;
  page.on('framenavigated', frame => { if (frame === page.mainFrame()) navigations++; });
  const failedRequests = [];
  page.on('requestfailed', request => failedRequests.push(request.url()));

  const response = await page.goto(url, { waitUntil: 'load' });
  const title = await page.title();
  const rows = () => page.$$eval('[data-request]', found => found.map(row => row.dataset.request));
  const marks = () => page.$$eval('section.chart', sections =>
    Object.fromEntries(sections.map(s => [s.dataset.chart, s.querySelectorAll('svg .mark').length])));
  const atLoad = await rows();
  // A marker only this document holds: after a reload it would be gone.
  await page.evaluate(() => { window.loadedOnce = true; });

  const deadline = Date.now() + Number(timeoutSeconds) * 1000;
  let appeared = [];
  let charts = await marks();
  while (Date.now() < deadline) {
    appeared = (await rows()).filter(id => !atLoad.includes(id));
    charts = await marks();
    if (appeared.length > 0 && Object.keys(charts).length > 0 && Object.values(charts).every(n => n > 0)) break;
    await page.waitForTimeout(500);
  }
  const samePage = await page.evaluate(() => window.loadedOnce === true);
  const status = await page.textContent('#status');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ httpStatus: response.status(), title, atLoad, appeared, charts, navigations, samePage, status, failedRequests }));
} finally {
  await browser.close();
}
