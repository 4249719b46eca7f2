// The acctseg serve dashboard (docs/dashboard.md): polls the JSON API with the
// token the user typed (kept in localStorage) and draws what it gets. Every
// string from the server goes into the page through textContent or into a
// canvas, never through innerHTML, so account data cannot become markup.
'use strict';

(function () {
  const kTokenKey = 'acctseg.token';
  const kPollMs = 1000;         // stats, changes and routes
  const kSummaryPollMs = 2000;  // the heat map; skipped while no event was applied
  const kRateWindowMs = 5 * 60 * 1000;
  const kTableRows = 50;

  const $ = (id) => document.getElementById(id);
  const state = {
    token: localStorage.getItem(kTokenKey) || '',
    summary: null,
    // stats.last_event_id now and when the summary was fetched: the heat map
    // is fetched again only after a change. (Not events_applied: a restarted
    // server counts from its latest snapshot, so that count can repeat.)
    summaryLastEventId: -1,
    lastEventId: 0,
    rates: {events: [], routes: []},
    generation: 0,             // bumped on a new token: stale pollers stop
  };

  // ---- DOM helpers: text only -------------------------------------------

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function setStatus(text, isError) {
    const status = $('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function display(value) {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.map(display).join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  function clockTime(ms) {
    return ms ? new Date(ms).toLocaleTimeString('en-GB') : '';
  }

  const compact = new Intl.NumberFormat('en', {notation: 'compact', maximumFractionDigits: 1});
  const whole = new Intl.NumberFormat('en');
  function formatNumber(n) {
    return Math.abs(n) < 100000 ? whole.format(Math.round(n * 100) / 100) : compact.format(n);
  }

  // ---- API ----------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // An answer that arrived after the token changed or was refused: fetched
  // with the old token, so it is dropped rather than drawn over the cleared page.
  class StaleAnswer extends Error {}

  async function api(path) {
    const generation = state.generation;
    const response = await fetch(path, {
      headers: {Authorization: 'Bearer ' + state.token},
      cache: 'no-store',
    });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (generation !== state.generation) throw new StaleAnswer(path);
    if (!response.ok) {
      const message = body && body.error ? body.error : response.statusText;
      throw new ApiError(response.status, message);
    }
    return body;
  }

  // Runs `task` now and then every `ms` after it finishes (no overlapping
  // requests on a slow server), until the token changes or auth fails.
  function every(ms, task) {
    const generation = state.generation;
    const run = async () => {
      if (generation !== state.generation) return;
      const started = Date.now();
      try {
        await task();
      } catch (e) {
        if (generation !== state.generation) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          state.generation++;  // stop every poller until a new token is entered
          clearData();
          setStatus('Token refused (' + e.status + '): ' + e.message, true);
          return;
        }
        // An answer that is an error (429 over the rate limit, a 5xx) came
        // from a server that is up; only a failed fetch is "unreachable".
        if (e instanceof ApiError) {
          setStatus('Server answered ' + e.status + ': ' + e.message, true);
        } else {
          setStatus('Server unreachable: ' + e.message, true);
        }
      }
      setTimeout(run, Math.max(0, ms - (Date.now() - started)));
    };
    run();
  }

  // ---- heat map -----------------------------------------------------------

  const heatmap = echarts.init($('heatmap'));
  const rates = echarts.init($('rates'));
  window.addEventListener('resize', () => {
    heatmap.resize();
    rates.resize();
  });

  // ECharts' aria option: the chart's element gets role="img" and this text
  // as its aria-label, what a screen reader has of a canvas.
  function ariaText(description) {
    return {enabled: true, label: {description}};
  }

  // The heat map's rows, columns and filter: segment, tier and region when
  // the policy's summary has them, else its first three dimensions.
  function layout(dimensions) {
    const pick = (name, fallback) => (dimensions.includes(name) ? name : fallback);
    const rest = (used) => dimensions.filter((d) => !used.includes(d));
    const row = pick('segment', dimensions[0]);
    const column = pick('tier', rest([row])[0]);
    const filter = pick('region', rest([row, column])[0]);
    return {row, column, filter};
  }

  function categoryOf(value) {
    return value === null || value === undefined || value === '' ? '(none)' : String(value);
  }

  function syncSelect(select, values, keepFirst) {
    const wanted = values.join('\u0000');
    if (select.dataset.values === wanted) return;
    const current = select.value;
    while (select.options.length > keepFirst) select.remove(keepFirst);
    for (const value of values) select.add(new Option(value, value));
    select.dataset.values = wanted;
    if (values.includes(current)) select.value = current;
  }

  function drawHeatmap() {
    const summary = state.summary;
    if (!summary) return;
    const dimensions = summary.dimensions || [];
    const {row, column, filter} = layout(dimensions);
    $('row-dimension').textContent = row || 'all';
    $('column-dimension').textContent = column || 'all';
    syncSelect($('measure'), ['accounts'].concat(summary.measures || []), 0);
    const filterSelect = $('filter');
    $('filter-label').hidden = !filter;
    $('filter-label').firstChild.textContent = (filter || '') + ' ';
    const rows = summary.rows || [];
    if (filter) {
      syncSelect(filterSelect, [...new Set(rows.map((r) => categoryOf(r[filter])))].sort(), 1);
    }
    const measure = $('measure').value || 'accounts';
    const only = filter ? filterSelect.value : '';

    const cells = new Map();  // "row\u0000column" -> sum
    const rowNames = new Set();
    const columnNames = new Set();
    for (const r of rows) {
      if (only && categoryOf(r[filter]) !== only) continue;
      const y = row ? categoryOf(r[row]) : 'all';
      const x = column ? categoryOf(r[column]) : 'all';
      rowNames.add(y);
      columnNames.add(x);
      const key = y + '\u0000' + x;
      cells.set(key, (cells.get(key) || 0) + Number(r[measure] || 0));
    }
    const ys = [...rowNames].sort();
    const xs = [...columnNames].sort();
    const data = [];
    let max = 0;
    let total = 0;
    for (const [key, value] of cells) {
      const [y, x] = key.split('\u0000');
      data.push([xs.indexOf(x), ys.indexOf(y), value]);
      max = Math.max(max, value);
      total += value;
    }
    const totalText =
        measure + ': ' + formatNumber(total) + ' in ' + whole.format(summary.accounts || 0) + ' accounts';
    $('total').textContent = totalText;
    // Every cell in words, row by row, in the order the grid draws them.
    const cellTexts = [];
    for (const y of ys) {
      for (const x of xs) {
        const value = cells.get(y + '\u0000' + x);
        if (value !== undefined) cellTexts.push(y + ' \u00d7 ' + x + ': ' + formatNumber(value));
      }
    }
    const scope = only ? ' (' + filter + ' ' + only + ')' : '';
    heatmap.setOption({
      aria: ariaText('Heat map of ' + measure + ' by ' + (row || 'all') + ' and ' + (column || 'all') +
                     scope + '. ' + totalText + '. ' + cellTexts.join('; ') + '.'),
      animation: false,
      tooltip: {
        renderMode: 'richText',  // drawn on the canvas: no data string becomes HTML
        formatter: (p) => ys[p.value[1]] + ' \u00d7 ' + xs[p.value[0]] + ': ' + formatNumber(p.value[2]),
      },
      grid: {left: 110, right: 20, top: 10, bottom: 90},
      xAxis: {type: 'category', data: xs, name: column || '', nameLocation: 'center', nameGap: 26},
      yAxis: {type: 'category', data: ys, inverse: true},  // first row on top
      visualMap: {min: 0, max: Math.max(max, 1), calculable: true, orient: 'horizontal',
                  left: 'center', bottom: 0, itemHeight: 200, formatter: (v) => formatNumber(v)},
      series: [{
        name: measure,
        type: 'heatmap',
        data,
        label: {show: true, formatter: (p) => formatNumber(p.value[2])},
      }],
    }, {replaceMerge: ['series'], notMerge: false});
  }

  async function refreshSummary() {
    if (state.summaryLastEventId === state.lastEventId && state.summary) return;
    const lastEventId = state.lastEventId;
    state.summary = await api('v1/summary');
    state.summaryLastEventId = lastEventId;
    drawHeatmap();
  }

  // ---- rates --------------------------------------------------------------

  function drawRates() {
    const latest = (series) => (series.length ? formatNumber(series[series.length - 1][1]) : 'no data');
    rates.setOption({
      aria: ariaText('Line chart of events and routes per second over the last 5 minutes; latest: ' +
                     latest(state.rates.events) + ' events/s, ' + latest(state.rates.routes) + ' routes/s.'),
      animation: false,
      legend: {data: ['events/s', 'routes/s'], top: 0},
      tooltip: {trigger: 'axis', renderMode: 'richText'},
      grid: {left: 60, right: 20, top: 36, bottom: 30},
      xAxis: {type: 'time'},
      yAxis: {type: 'value', min: 0},
      series: [
        {name: 'events/s', type: 'line', showSymbol: false, data: state.rates.events},
        {name: 'routes/s', type: 'line', showSymbol: false, data: state.rates.routes},
      ],
    });
  }

  async function refreshStats() {
    const stats = await api('v1/stats');
    const now = Date.now();
    state.lastEventId = stats.last_event_id || 0;
    for (const [series, value] of [[state.rates.events, stats.events_per_s],
                                   [state.rates.routes, stats.routes_per_s]]) {
      series.push([now, Number(value || 0)]);
      while (series.length && series[0][0] < now - kRateWindowMs) series.shift();
    }
    drawRates();
    // events_applied counts from this server's start (the records it
    // replayed included), not from the first event: it is said as that,
    // beside the id of the last event, which every restart keeps.
    setStatus('Live: ' + whole.format(stats.accounts || 0) + ' accounts, last event ' +
              state.lastEventId + ' (' + whole.format(stats.events_applied || 0) +
              ' applied since the server started), up ' +
              whole.format(Math.round(stats.uptime_s || 0)) + ' s', false);
  }

  // ---- tables -------------------------------------------------------------

  function accountButton(id) {
    if (id === null || id === undefined || id === '') return el('span', 'new lead', 'muted');
    const button = el('button', id, 'link');
    button.type = 'button';
    button.addEventListener('click', () => {
      $('account-id').value = id;
      showAccount(id);
    });
    return button;
  }

  // Replaces a table's body with one row per item; each column gives a
  // string or a node for its cell. Each cell's data-label is its column's
  // header, which names it where a narrow screen hides the header (style.css).
  function fillTable(table, items, columns) {
    const headers = [...table.tHead.rows[0].cells].map((th) => th.textContent);
    const body = document.createElement('tbody');
    for (const item of items) {
      const tr = document.createElement('tr');
      for (const [index, column] of columns.entries()) {
        const td = document.createElement('td');
        td.dataset.label = headers[index];
        const content = column(item);
        td.append(content instanceof Node ? content : document.createTextNode(display(content)));
        tr.append(td);
      }
      body.append(tr);
    }
    table.replaceChild(body, table.tBodies[0]);
  }

  // A change's op as the table says it; a remove changes no columns, so
  // without it the row would read as an event that did nothing.
  const kOpWords = {create: 'created', update: 'updated', remove: 'removed'};

  async function refreshChanges() {
    const {changes} = await api('v1/changes?limit=' + kTableRows);
    fillTable($('changes'), changes || [], [
      (c) => c.event_id,
      (c) => clockTime(c.at_ms),
      (c) => accountButton(c.account_id),
      (c) => kOpWords[c.op] || c.op,
      (c) => display(c.changed),
    ]);
  }

  async function refreshRoutes() {
    const body = await api('v1/routes?limit=' + kTableRows);
    const routes = Array.isArray(body) ? body : body.routes || [];
    const route = (r) => r.route || r;
    fillTable($('routes'), routes, [
      (r) => clockTime(r.at_ms),
      (r) => accountButton(r.account_id !== undefined ? r.account_id : r.matched_account),
      (r) => route(r).queue,
      (r) => route(r).owner,
      (r) => route(r).team,
      (r) => route(r).priority,
      (r) => route(r).sla_minutes,
      (r) => route(r).reason,
    ]);
  }

  // ---- account search -----------------------------------------------------

  function keyValueTable(object) {
    const table = el('table', null, 'key-value');
    for (const [key, value] of Object.entries(object || {})) {
      const tr = document.createElement('tr');
      tr.append(el('th', key), el('td', display(value)));
      table.append(tr);
    }
    return table;
  }

  // Where the account's values came from (the explanation's `input`): its
  // line in the accounts file, or the event that created it; and whether
  // events changed them since, when that line no longer holds them.
  function provenanceText(input) {
    if (!input) return '';
    if (input.created_by_event) return 'Created by an event (in no input file)';
    let text = 'From line ' + input.line + ' of ' + input.path;
    if (input.changed_by_events) text += '; values changed by events since';
    return text;
  }

  // The explanation as `acctseg explain` prints it: the headline, where the
  // data came from, then each step's label and summary line.
  function explanationView(explanation) {
    const view = el('div', null, 'explanation');
    view.append(el('p', explanation.headline, 'headline'));
    const provenance = provenanceText(explanation.input);
    if (provenance) view.append(el('p', provenance, 'provenance muted'));
    if (explanation.issues && explanation.issues.length) {
      view.append(el('p', 'issues: ' + display(explanation.issues), 'muted'));
    }
    const steps = el('ol', null, 'steps');
    for (const step of explanation.steps || []) {
      const li = document.createElement('li');
      li.append(el('div', step.label || step.kind, 'step-label'), el('div', step.summary, 'step-summary'));
      steps.append(li);
    }
    view.append(steps);
    return view;
  }

  async function showAccount(id) {
    const target = $('account');
    target.replaceChildren(el('p', 'Loading ' + id + '\u2026', 'muted'));
    try {
      const body = await api('v1/accounts/' + encodeURIComponent(id));
      const explanation = body.explanation || {};
      const columns = el('div', null, 'account-columns');
      // The text acctseg writes ("0.10"), as in the explanation beside it,
      // not the typed JSON values (0.1).
      columns.append(keyValueTable(explanation.display || body.account), explanationView(explanation));
      target.replaceChildren(el('h3', id), columns);
    } catch (e) {
      if (e instanceof StaleAnswer) return;
      // A 404 says why: no such account, or the event that removed it.
      const text = e instanceof ApiError && e.status === 404
          ? e.message.charAt(0).toUpperCase() + e.message.slice(1)
          : 'Error: ' + e.message;
      target.replaceChildren(el('p', text, 'error'));
    }
  }

  // ---- start --------------------------------------------------------------

  // Clears everything fetched with the token, when it is forgotten or
  // refused: on a shared screen no account data stays in view after it.
  function clearData() {
    state.summary = null;
    state.summaryLastEventId = -1;
    state.lastEventId = 0;
    state.rates = {events: [], routes: []};
    heatmap.setOption({aria: ariaText('Heat map: no data.')}, true);  // notMerge: drops every series
    drawRates();
    $('total').textContent = '';
    syncSelect($('measure'), ['accounts'], 0);
    syncSelect($('filter'), [], 1);
    fillTable($('changes'), [], []);
    fillTable($('routes'), [], []);
    $('account').replaceChildren();
  }

  function start() {
    state.generation++;
    clearData();
    if (!state.token) {
      setStatus('Enter a token with read scope.', false);
      return;
    }
    setStatus('Connecting\u2026', false);
    every(kPollMs, refreshStats);
    every(kSummaryPollMs, refreshSummary);
    every(kPollMs, refreshChanges);
    every(kPollMs, refreshRoutes);
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = $('token').value.trim();
    localStorage.setItem(kTokenKey, state.token);
    $('token').value = '';
    start();
  });
  $('forget-token').addEventListener('click', () => {
    localStorage.removeItem(kTokenKey);
    state.token = '';
    start();
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('account-id').value.trim();
    if (id) showAccount(id);
  });
  $('measure').addEventListener('change', drawHeatmap);
  $('filter').addEventListener('change', drawHeatmap);
  drawRates();
  start();
})();
