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

// The account view's table (#account .key-value) as {column: text}.
function accountTable() {
  const rows = [...document.querySelectorAll('#account .key-value tr')];
  return Object.fromEntries(rows.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]));
}

// True when the page shows nothing fetched with a token: no heat map or
// rate data, no total, no filter values, no table rows, no account.
function pageHoldsNoData() {
  const seriesData = (id) => {
    const option = echarts.getInstanceByDom(document.getElementById(id)).getOption();
    return (option.series || []).some((series) => series.data && series.data.length);
  };
  return !seriesData('heatmap') && !seriesData('rates') &&
         document.getElementById('total').textContent === '' &&
         document.getElementById('filter').options.length === 1 &&
         document.getElementById('heatmap').getAttribute('aria-label') === 'Heat map: no data.' &&
         document.querySelectorAll('#changes tbody tr, #routes tbody tr').length === 0 &&
         document.getElementById('account').childElementCount === 0;
}

// Whether `selector`'s content fits inside it, and where it does not.
function overflowOf(selector) {
  const node = document.querySelector(selector);
  return {selector, scrollWidth: node.scrollWidth, clientWidth: node.clientWidth};
}

const browser = await launchBrowser(args['web-dir'], args.chromium);
try {
  step(`open ${args.url} and enter the token`);
  const inPage = [heatmapRowTotals, accountTable, pageHoldsNoData, overflowOf]
                     .map((f) => `window.${f.name} = ${f};`).join('\n');
  const {page, errors: pageErrors} = await openDashboard(browser, args.url, args.token, inPage);

  step('wait for the heat map to be drawn');
  const before = await waitInPage(page, 'the heat map to have data', () => window.heatmapRowTotals());

  // A screen reader's view: both charts carry a text alternative (ECharts'
  // aria: role="img" and an aria-label with the figures), and the account
  // search's result is announced when it arrives.
  step('check the charts\' text alternatives and the live account region');
  const a11y = await page.evaluate(() => ({
    heatmapRole: document.getElementById('heatmap').getAttribute('role'),
    heatmap: document.getElementById('heatmap').getAttribute('aria-label') || '',
    rates: document.getElementById('rates').getAttribute('aria-label') || '',
    live: document.getElementById('account').getAttribute('aria-live'),
  }));
  const smbCells = Object.keys(before).includes('SMB');
  if (a11y.heatmapRole !== 'img' || !a11y.heatmap.startsWith('Heat map of accounts by segment and tier') ||
      (smbCells && !/SMB \u00d7 [A-C]: [\d,]+/.test(a11y.heatmap)) ||
      !a11y.rates.includes('events/s') || a11y.live !== 'polite') {
    throw new Error(`the charts or the account region lack a text alternative: ${JSON.stringify(a11y)}`);
  }
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

  // The table shows what acctseg writes (the explanation's display), and
  // under the headline where the values came from: the file's line, changed
  // by the event since.
  step('check the account table is the written text and the provenance line');
  const answer = await api('GET', `v1/accounts/${encodeURIComponent(args.account)}`);
  const shown = await page.evaluate(() => ({
    table: window.accountTable(),
    provenance: document.querySelector('#account .provenance')?.textContent,
  }));
  if (JSON.stringify(shown.table) !== JSON.stringify(answer.explanation.display)) {
    throw new Error(`the account table is not the written text: ${JSON.stringify(shown.table)} vs ` +
                    JSON.stringify(answer.explanation.display));
  }
  const input = answer.explanation.input;
  const provenance = `From line ${input.line} of ${input.path}; values changed by events since`;
  if (shown.provenance !== provenance) {
    throw new Error(`the provenance line is "${shown.provenance}", not "${provenance}"`);
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
  // active_users 5: score 0.30, which a typed value would show as 0.3.
  await api('POST', 'v1/events', JSON.stringify({
    account_id: hostile, op: 'create', set: {arr: 0, web_visits_90d: 1, active_users: 5, employees: 10},
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
  const created = await page.evaluate(() => ({
    score: window.accountTable().score,
    provenance: document.querySelector('#account .provenance')?.textContent,
  }));
  if (created.score !== '0.30' || created.provenance !== 'Created by an event (in no input file)') {
    throw new Error(`the created account shows ${JSON.stringify(created)}, ` +
                    'not score 0.30 and "Created by an event (in no input file)"');
  }

  if (pageErrors.length) throw new Error('the page reported errors:\n' + pageErrors.join('\n'));

  // A remove is listed as one ("removed", though it changed no column), and
  // its account's 404 names the event that removed it. (Chromium logs the
  // 404 itself as an error, so this comes after the check above.)
  step('remove the markup id\'s account; wait for "removed" and the 404 naming the event');
  const removed = await api('POST', 'v1/events', JSON.stringify({account_id: hostile, op: 'remove'}));
  const opCell = await waitInPage(page, `event ${removed.event_id} in the changed accounts table`,
                                  (id) => [...document.querySelectorAll('#changes tbody tr')]
                                              .find((tr) => tr.cells[0].textContent === String(id))
                                              ?.cells[3].textContent,
                                  removed.event_id);
  if (opCell !== 'removed') throw new Error(`the remove's op reads "${opCell}", not "removed"`);
  await page.evaluate((id) => [...document.querySelectorAll('#changes tbody tr')]
                                  .find((tr) => tr.cells[0].textContent === String(id))
                                  .querySelector('button').click(), removed.event_id);
  const gone = await waitInPage(page, 'the removed account\'s 404',
                                () => document.querySelector('#account .error')?.textContent,
                                null);
  if (!gone.startsWith('No account ') || !gone.endsWith(`: removed by event ${removed.event_id}`)) {
    throw new Error(`the removed account shows "${gone}", not that event ${removed.event_id} removed it`);
  }

  // A server that answers with an error (429 over its rate limit) is up:
  // the status line says what it answered, not "unreachable".
  step('answer the stats poll with a 429; wait for the status line to say so');
  await page.route('**/v1/stats', (route) => route.fulfill({
    status: 429, contentType: 'application/json', body: JSON.stringify({error: 'rate limit exceeded'}),
  }));
  await waitInPage(page, 'the status line naming the 429', () =>
      document.getElementById('status').textContent === 'Server answered 429: rate limit exceeded');
  await page.unroute('**/v1/stats');

  // Forget, and a refused token, clear every piece of data fetched with it.
  step('Forget the token; wait until no account data is left on the page');
  await page.click('#forget-token');
  await waitInPage(page, 'the page to hold no data after Forget', () => window.pageHoldsNoData());
  step('enter the token again, show the account, then refuse the token (401)');
  await page.fill('#token', args.token);
  await page.click('#token-form button[type=submit]');
  await waitInPage(page, 'the heat map and the tables after the token is entered again',
                   () => window.heatmapRowTotals() && document.querySelector('#changes tbody tr'));
  await page.fill('#account-id', args.account);
  await page.click('#search-form button[type=submit]');
  await waitInPage(page, `the explanation of ${args.account} again`,
                   () => document.querySelector('#account .headline'));
  await page.route('**/v1/stats', (route) => route.fulfill({
    status: 401, contentType: 'application/json', body: JSON.stringify({error: 'unknown token'}),
  }));
  await waitInPage(page, 'the refusal said and the page holding no data', () =>
      document.getElementById('status').textContent.startsWith('Token refused (401)') &&
      window.pageHoldsNoData());
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
