// Opens the acctseg serve dashboard in headless Chromium and enters a token:
// shared by the browser test (dashboard_test.mjs) and the load bench, which
// keeps the page open and polling while it measures (bench/serve/run.sh).
// playwright-core is resolved from web/node_modules (web/package.json).
import {createRequire} from 'node:module';
import path from 'node:path';

// Launches Debian's Chromium (playwright-core downloads no browser).
export async function launchBrowser(webDir, executablePath = '/usr/bin/chromium') {
  const require = createRequire(path.join(path.resolve(webDir), 'package.json'));
  const {chromium} = require('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    // Chromium's sandbox cannot start as root (containers, CI); and a
    // container's /dev/shm is often 64 MB, too small for its shared memory.
    args: ['--disable-dev-shm-usage'].concat(
        process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
  });
}

// A new page on `url` with `token` entered; `errors` collects the page's
// uncaught exceptions and console errors. `initScript`: JavaScript run in
// the page before its own (injected by the browser protocol, so the page's
// CSP does not apply). `viewport`: the window's size in CSS pixels.
export async function openDashboard(browser, url, token, initScript = '',
                                    viewport = {width: 1400, height: 1100}) {
  const page = await browser.newPage({viewport});
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  if (initScript) await page.addInitScript({content: initScript});
  await page.goto(url);
  await page.fill('#token', token);
  await page.click('#token-form button[type=submit]');
  return {page, errors};
}
