// Loads canister pages through the edge in headless Chromium (Debian's
// chromium driven by playwright-core), as a person with a browser would.
//
// Usage: node edge-browser.mjs < {"urls": [...], "args": [...], "home": DIR,
//          "screenshot_dir": DIR, "fetch": [path, ...], "probe": SELECTOR}
// For every URL it reports the status, the navigation's nextHopProtocol,
// the protocol of each sub-resource the page loaded (including the paths in
// "fetch", fetched from the page), console errors, failed requests and the
// path of a screenshot of the viewport. With "probe", it waits until the
// element (if the page has it) has a data-state other than "loading" and
// reports its state and text (pages that check something with a script
// say so there):
//   {"pages": [{"url", "status", "protocol", "title", "resources":
//     [{"name", "protocol", "status"}], "console_errors", "failed", "screenshot"}]}
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, print, readStdin } from './lib.mjs';

const input = await readStdin();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', ...input.args],
  // HOME holds the NSS database (~/.pki/nssdb) that trusts the local CA,
  // as `threshold trust` sets it up.
  env: { ...process.env, HOME: input.home },
  timeout: 30000,
});
const pages = [];
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  for (const [i, url] of input.urls.entries()) {
    const page = await context.newPage();
    const report = { url, console_errors: [], failed: [], resources: [] };
    page.on('console', (m) => { if (m.type() === 'error') report.console_errors.push(m.text()); });
    page.on('pageerror', (e) => report.console_errors.push(describe(e)));
    page.on('requestfailed', (r) => report.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) report.failed.push(`${r.url()}: status ${r.status()}`); });
    try {
      const resp = await page.goto(url, { waitUntil: 'load', timeout: 20000 });
      report.status = resp ? resp.status() : 0;
      report.title = await page.title();
      if (input.probe) {
        await page.waitForFunction((sel) => {
          const el = document.querySelector(sel);
          return !el || el.dataset.state !== 'loading';
        }, input.probe, { timeout: 20000 });
        report.probe = await page.evaluate((sel) => {
          const el = document.querySelector(sel);
          return el ? { state: el.dataset.state, text: el.textContent } : null;
        }, input.probe);
      }
      Object.assign(report, await page.evaluate(async (paths) => {
        const fetched = [];
        for (const p of paths) {
          const r = await fetch(p, { cache: 'no-store' });
          fetched.push({ path: p, status: r.status, bytes: (await r.arrayBuffer()).byteLength });
        }
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          protocol: nav.nextHopProtocol,
          fetched,
          resources: performance.getEntriesByType('resource').map((e) => ({
            name: e.name, protocol: e.nextHopProtocol, status: e.responseStatus,
          })),
        };
      }, input.fetch ?? []));
      report.screenshot = join(input.screenshot_dir, `page${i}.png`);
      await page.screenshot({ path: report.screenshot, fullPage: false });
    } catch (e) {
      report.error = describe(e);
    }
    pages.push(report);
    await page.close();
  }
} finally {
  await browser.close();
}
print({ pages });
