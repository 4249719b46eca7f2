// The dashboard in a real browser (docs/dashboard.md): headless Chromium,
// driven by playwright-core, against a running `acctseg serve`.
// dashboard_test.sh starts the server and calls:
//   node dashboard_test.mjs --url URL --token TOKEN --account ID --screenshot PNG --web-dir WEB
// ID must be an account of examples/live (the seed policy with routing) with
// no family (no parent, no children) and fewer than 4001 employees: the
// test makes it Enterprise with an inbound call, which routing sends to a queue.
// Every wait is for a condition, with a time-out that says what did not happen.
import {parseArgs} from 'node:util';
import fs from 'node:fs';
import path from 'node:path';

import {launchBrowser, openDashboard} from './open_dashboard.mjs';

const {values: args} = parseArgs({
  options: {
    url: {type: 'string'},
    token: {type: 'string'},
    account: {type: 'string'},
    screenshot: {type: 'string'},
    'web-dir': {type: 'string'},
    chromium: {type: 'string', default: '/usr/bin/chromium'},
    timeout: {type: 'string', default: '30000'},
  },
});
const kTimeoutMs = Number(args.timeout);

function step(text) {
  console.log('dashboard_test: ' + text);
}

async function api(method, route, body, contentType = 'application/json') {
  const response = await fetch(new URL(route, args.url), {
    method,
    headers: {Authorization: 'Bearer ' + args.token, 'Content-Type': contentType},
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}: ${text}`);
  return JSON.parse(text);
}

// Waits until `predicate(arg)`, run in the page, is truthy; fails naming `what`.
async function waitInPage(page, what, predicate, arg) {
  try {
    return await (await page.waitForFunction(predicate, arg, {timeout: kTimeoutMs, polling: 100})).jsonValue();
  } catch (e) {
    throw new Error(`timed out after ${kTimeoutMs} ms waiting for ${what}`);
  }
}

// The heat map's totals per row (segment), read from the ECharts instance.
function heatmapRowTotals() {
  const chart = echarts.getInstanceByDom(document.getElementById('heatmap'));
  const option = chart && chart.getOption();
  if (!option || !option.series.length || !option.series[0].data.length) return null;
  const rows = option.yAxis[0].data;
  const totals = {};
  for (const [, y, value] of option.series[0].data) totals[rows[y]] = (totals[rows[y]] || 0) + value;
  return totals;
}

// Whether `selector`'s content fits inside it, and where it does not.
function overflowOf(selector) {
  const node = document.querySelector(selector);
  return {selector, scrollWidth: node.scrollWidth, clientWidth: node.clientWidth};
}

const browser = await launchBrowser(args['web-dir'], args.chromium);
try {
  step(`open ${args.url} and enter the token`);
  const inPage = [heatmapRowTotals, overflowOf].map((f) => `window.${f.name} = ${f};`).join('\n');
  const {page, errors: pageErrors} = await openDashboard(browser, args.url, args.token, inPage);

  step('wait for the heat map to be drawn');
  const before = await waitInPage(page, 'the heat map to have data', () => window.heatmapRowTotals());
  const account = (await api('GET', `v1/accounts/${encodeURIComponent(args.account)}`)).account;
  step(`${args.account} is ${account.segment}; heat map rows: ${JSON.stringify(before)}`);
  if (account.segment === 'Enterprise') throw new Error(`${args.account} is already Enterprise: pick another`);

  step(`post an event that makes ${args.account} Enterprise`);
  const reply = await api('POST', 'v1/events', JSON.stringify({
    account_id: args.account,
    set: {employees: 5200},
    touchpoint: {type: 'inbound_call', contact_title: 'VP Engineering'},
  }));
  if (!reply.changed || !reply.changed.includes('segment') || !reply.route || !reply.route.queue) {
    throw new Error(`the event did not change the segment or was not routed: ${JSON.stringify(reply)}`);
  }

  step(`wait for its route (queue ${reply.route.queue}) in the routing decisions`);
  await waitInPage(page, `${args.account}'s route to ${reply.route.queue} in the routing table`,
                   ([id, queue]) => [...document.querySelectorAll('#routes tbody tr')].some(
                       (tr) => tr.textContent.includes(id) && tr.textContent.includes(queue)),
                   [args.account, reply.route.queue]);

  // The status line names the last event's id, which restarts keep, beside
  // the count this server applied (docs/serve.md, GET /v1/stats).
  step(`wait for the status line to name event ${reply.event_id}`);
  await waitInPage(page, `the status line naming last event ${reply.event_id}`,
                   (id) => document.getElementById('status').textContent.includes(`last event ${id} (`),
                   reply.event_id);

  step('wait for the account in the changed list');
  await waitInPage(page, `${args.account} in the changed accounts table`,
                   (id) => [...document.querySelectorAll('#changes tbody tr')].some((tr) => tr.textContent.includes(id)),
                   args.account);

  step('wait for the heat map counts to change');
  const expected = {...before};
  expected[account.segment] = (expected[account.segment] || 0) - 1;
  expected.Enterprise = (expected.Enterprise || 0) + 1;
  await waitInPage(page, `heat map rows ${JSON.stringify(expected)}`, (want) => {
    const totals = window.heatmapRowTotals();
    return totals && Object.keys(want).every((k) => (totals[k] || 0) === want[k]);
  }, expected);

  step('search the account and wait for its explanation');
  await page.fill('#account-id', args.account);
  await page.click('#search-form button[type=submit]');
  const explanation = await waitInPage(page, `the explanation of ${args.account}`, (id) => {
    const headline = document.querySelector('#account .headline');
    const steps = document.querySelectorAll('#account .step-summary');
    return headline && headline.textContent.includes(id) && steps.length > 0 &&
           document.querySelector('#account').textContent;
  }, args.account);
  for (const want of ['Enterprise', 'employees >= 4001', 'rank']) {
    if (!explanation.includes(want)) throw new Error(`the explanation lacks "${want}": ${explanation}`);
  }

  // The routing table's reason column is inside its panel at this width
  // (it was a character wide, beside the other panels).
  step('check the routing table fits its panel');
  const routesFit = await page.evaluate(() => window.overflowOf('#routes-panel'));
  if (routesFit.scrollWidth > routesFit.clientWidth) {
    throw new Error(`the routing table runs off its panel: ${JSON.stringify(routesFit)}`);
  }

  fs.mkdirSync(path.dirname(args.screenshot), {recursive: true});
  await page.screenshot({path: args.screenshot, fullPage: true});
  step(`screenshot: ${args.screenshot}`);

  // Account data is text, never markup: an id that is an HTML tag with a
  // script shows as those characters, in the table and in the account view.
  const hostile = '<img src=x onerror="window.hostileRan=1">';
  step('create an account whose id is markup, and show it');
  await api('POST', 'v1/events', JSON.stringify({
    account_id: hostile, op: 'create', set: {arr: 0, web_visits_90d: 1, active_users: 1, employees: 10},
  }));
  await waitInPage(page, 'the markup id, as text, in the changed accounts table',
                   (id) => [...document.querySelectorAll('#changes tbody button')].some((b) => b.textContent === id),
                   hostile);
  await page.evaluate((id) => [...document.querySelectorAll('#changes tbody button')]
                                  .find((b) => b.textContent === id).click(), hostile);
  await waitInPage(page, 'the markup id\'s account shown',
                   (id) => document.querySelector('#account h3')?.textContent === id &&
                           document.querySelector('#account .headline'), hostile);
  const injected = await page.evaluate(() => ({
    ran: window.hostileRan === 1,
    images: document.querySelectorAll('img').length,
  }));
  if (injected.ran || injected.images) throw new Error(`account data became markup: ${JSON.stringify(injected)}`);

  if (pageErrors.length) throw new Error('the page reported errors:\n' + pageErrors.join('\n'));

  // A server that answers with an error (429 over its rate limit) is up:
  // the status line says what it answered, not "unreachable". (Chromium
  // logs the 429 itself as an error, so this comes after the check above.)
  step('answer the stats poll with a 429; wait for the status line to say so');
  await page.route('**/v1/stats', (route) => route.fulfill({
    status: 429, contentType: 'application/json', body: JSON.stringify({error: 'rate limit exceeded'}),
  }));
  await waitInPage(page, 'the status line naming the 429', () =>
      document.getElementById('status').textContent === 'Server answered 429: rate limit exceeded');
  await page.unroute('**/v1/stats');

  // A phone's width: the controls wrap, so the heat map's total, the
  // tables and the explanation stay on the page (the total was cut off).
  step('open the page 360 px wide; check nothing runs off it');
  const narrow = await openDashboard(browser, args.url, args.token, inPage, {width: 360, height: 800});
  await waitInPage(narrow.page, 'the narrow page\'s heat map, routes and changes', () =>
      window.heatmapRowTotals() && document.querySelector('#routes tbody tr') &&
      document.querySelector('#changes tbody tr') && document.getElementById('total').textContent);
  await narrow.page.fill('#account-id', args.account);
  await narrow.page.click('#search-form button[type=submit]');
  await waitInPage(narrow.page, `the narrow page's explanation of ${args.account}`,
                   () => document.querySelector('#account .headline'));
  const overflows = await narrow.page.evaluate(() => {
    const total = document.getElementById('total').getBoundingClientRect();
    return ['html', '.controls', '#changes-panel', '#routes-panel', '#account-panel']
        .map(window.overflowOf)
        .concat([{selector: '#total', right: total.right, viewport: window.innerWidth}])
        .filter((o) => o.scrollWidth > o.clientWidth || o.right > o.viewport);
  });
  if (overflows.length) throw new Error(`at 360 px, content runs off: ${JSON.stringify(overflows)}`);
  step('ok');
} finally {
  await browser.close();
}
