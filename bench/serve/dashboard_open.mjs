// Keeps the dashboard open in headless Chromium, polling the server as a
// user's browser would, while bench/serve/run.sh measures; prints
// "dashboard open" once the heat map is drawn, and on SIGTERM (or after
// --seconds) how many API requests the page made and their failures.
//   node dashboard_open.mjs --url URL --token-file FILE --web-dir WEB [--seconds 600]
import fs from 'node:fs';
import {parseArgs} from 'node:util';

import {launchBrowser, openDashboard} from '../../tests/browser/open_dashboard.mjs';

const {values: args} = parseArgs({
  options: {
    url: {type: 'string'},
    'token-file': {type: 'string'},
    'web-dir': {type: 'string'},
    seconds: {type: 'string', default: '3600'},
  },
});
const token = fs.readFileSync(args['token-file'], 'utf8').split('\n')[0];
const browser = await launchBrowser(args['web-dir']);
const counts = {requests: 0, failed: 0};
let finished = false;
async function finish(code) {
  if (finished) return;
  finished = true;
  console.log(`dashboard: ${counts.requests} API requests, ${counts.failed} not 2xx`);
  await browser.close();
  process.exit(code);
}
process.on('SIGTERM', () => finish(0));
process.on('SIGINT', () => finish(0));
setTimeout(() => finish(0), Number(args.seconds) * 1000);

try {
  const {page} = await openDashboard(browser, args.url, token);
  page.on('response', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/v1/')) return;
    counts.requests++;
    if (r.status() < 200 || r.status() > 299) counts.failed++;
  });
  await page.waitForFunction(() => {
    const chart = echarts.getInstanceByDom(document.getElementById('heatmap'));
    const option = chart && chart.getOption();
    return option && option.series.length && option.series[0].data.length > 0;
  }, null, {timeout: 120000});
  console.log('dashboard open');
} catch (e) {
  console.error('dashboard: ' + e.message);
  await finish(1);
}
