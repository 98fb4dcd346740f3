'use strict';
// The Oceum dev server dashboard: renders /api/dashboard snapshots, live over server-sent events.
// Plain DOM and inline SVG, no libraries: it works offline. Text from agents is only ever set as
// textContent, never as HTML.
(function () {
  const key = new URLSearchParams(location.search).get('key');
  const suffix = key ? '?key=' + encodeURIComponent(key) : '';
  const PALETTE = ['#4f8cff', '#22c55e', '#f59e0b', '#a855f7', '#ef4444', '#14b8a6', '#ec4899', '#84cc16', '#f97316', '#64748b'];
  let model = null;
  let clockOffset = 0; // server time minus browser time
  const openTraces = new Set();

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function serverNow() { return Date.now() + clockOffset; }
  function ago(ms) {
    if (ms === null || ms === undefined) return 'never';
    const s = Math.max(0, Math.round((serverNow() - ms) / 1000));
    if (s < 60) return s + 's ago';
    if (s < 3600) return Math.floor(s / 60) + 'm ago';
    if (s < 86400) return Math.floor(s / 3600) + 'h ago';
    return Math.floor(s / 86400) + 'd ago';
  }
  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
    return (ms / 60000).toFixed(1) + ' min';
  }
  function usd(v) {
    if (!v) return '$0';
    return v < 0.01 ? '$' + v.toFixed(5) : v < 10 ? '$' + v.toFixed(4) : '$' + v.toFixed(2);
  }
  function num(v) { return Number(v || 0).toLocaleString('en-US'); }
  function liveness(a) {
    if (a.lastHeartbeat === null || a.lastHeartbeat === undefined) return 'silent';
    return serverNow() - a.lastHeartbeat > a.degradedAfterMs ? 'degraded' : 'live';
  }

  function renderTotals(t) {
    const box = document.getElementById('totals');
    box.replaceChildren();
    const items = [['agents', model.agents.length], ['events', num(t.events)], ['tasks', num(t.tasks)],
      ['errors', num(t.errors)], ['tokens', num(t.tokens)], ['cost', usd(t.costUsd)]];
    for (const [label, value] of items) {
      const chip = el('div', 'chip');
      chip.dataset.total = label;
      chip.append(el('span', 'chip-value', value), el('span', 'chip-label', label));
      box.append(chip);
    }
  }

  function renderAgents() {
    const box = document.getElementById('agents');
    document.getElementById('fleet-count').textContent = model.agents.length ? String(model.agents.length) : '';
    if (!model.agents.length) return;
    box.replaceChildren();
    for (const a of model.agents) {
      const state = liveness(a);
      const card = el('article', 'agent ' + state);
      card.dataset.agent = a.agentId;
      card.dataset.liveness = state;
      const head = el('div', 'agent-head');
      head.append(el('span', 'dot ' + state), el('span', 'agent-name', a.agentId), el('span', 'badge ' + state, state));
      card.append(head);
      const meta = el('div', 'agent-meta');
      meta.append(el('span', null, 'status: ' + (a.status || '—')));
      meta.append(el('span', null, 'heartbeat: ' + ago(a.lastHeartbeat)));
      if (a.heartbeatIntervalMs) meta.append(el('span', null, 'every ' + duration(a.heartbeatIntervalMs)));
      card.append(meta);
      const stats = el('div', 'agent-stats');
      stats.append(stat(a.tasksSucceeded, 'done'), stat(a.tasksFailed, 'failed', a.tasksFailed ? 'bad' : ''),
        stat(a.tasksRunning, 'running'), stat(usd(a.costUsd), 'cost'));
      card.append(stats);
      box.append(card);
    }
  }
  function stat(value, label, cls) {
    const s = el('div', 'stat ' + (cls || ''));
    s.append(el('b', null, value), el('small', null, label));
    return s;
  }

  function renderTasks() {
    const body = document.querySelector('#tasks tbody');
    body.replaceChildren();
    if (!model.taskSummaries.length) {
      const tr = el('tr');
      const td = el('td', 'empty', 'No tasks yet.');
      td.colSpan = 6;
      tr.append(td);
      body.append(tr);
    }
    for (const t of model.taskSummaries) {
      const tr = el('tr');
      tr.dataset.task = t.name;
      tr.append(el('td', 'mono', t.name), el('td', 'muted', t.agentId), el('td', 'num', num(t.total)));
      const cell = el('td');
      const rate = el('div', 'rate');
      if (t.successRate === null) {
        rate.append(el('span', 'muted', t.running ? 'running' : '–'));
      } else {
        const bar = el('span', 'bar');
        const fill = el('span', 'fill ' + (t.successRate >= 0.95 ? 'good' : t.successRate >= 0.7 ? 'warn' : 'bad'));
        fill.style.width = Math.round(t.successRate * 100) + '%';
        bar.append(fill);
        rate.append(bar, el('span', 'pct', Math.round(t.successRate * 100) + '%'));
      }
      cell.append(rate);
      tr.append(cell, el('td', 'num', duration(t.avgDurationMs)), el('td', 'num', duration(t.maxDurationMs)));
      body.append(tr);
    }
    const recent = document.getElementById('recent-tasks');
    recent.replaceChildren();
    for (const t of model.recentTasks.slice(0, 8)) {
      const li = el('li', t.status);
      li.append(el('span', 'state ' + t.status, t.status), el('span', 'mono', t.name), el('span', 'muted', t.agentId),
        el('span', 'num', duration(t.durationMs)), el('span', 'muted when', ago(t.endedAt || t.startedAt)));
      recent.append(li);
    }
  }

  function typeLabel(type) {
    const full = type || 'error';
    const span = el('span', 'etype', full.slice(full.lastIndexOf('.') + 1));
    span.title = full;
    return span;
  }

  function renderErrors() {
    const box = document.getElementById('errors');
    document.getElementById('error-count').textContent = model.errors.length ? String(model.totals.errors) : '';
    if (!model.errors.length) return;
    box.replaceChildren();
    for (const e of model.errors) {
      const id = e.agentId + '|' + e.type + '|' + e.message;
      const d = el('details', 'error');
      d.dataset.error = e.message;
      d.open = openTraces.has(id);
      d.addEventListener('toggle', () => { if (d.open) openTraces.add(id); else openTraces.delete(id); });
      const s = el('summary');
      s.append(el('span', 'occ', '×' + e.count), typeLabel(e.type), el('span', 'emsg', e.message),
        el('span', 'muted', e.agentId + (e.taskName ? ' · ' + e.taskName : '')), el('span', 'muted when', ago(e.lastSeen)));
      d.append(s);
      d.append(el('pre', 'trace', e.stackTrace || '(no stack trace reported)'));
      box.append(d);
    }
  }

  function renderUsage() {
    const body = document.querySelector('#usage tbody');
    body.replaceChildren();
    for (const u of model.usage) {
      const tr = el('tr');
      tr.dataset.usage = u.agentId + '/' + u.model;
      tr.append(el('td', null, u.agentId), el('td', 'mono', u.model), el('td', 'num', num(u.calls)),
        el('td', 'num', num(u.tokensInput)), el('td', 'num', num(u.tokensOutput)), el('td', 'num', usd(u.costUsd)));
      body.append(tr);
    }
    drawChart();
  }

  // One horizontal bar per agent: cost split by model (tokens when nothing is priced), in SVG.
  function drawChart() {
    const box = document.getElementById('usage-chart');
    box.replaceChildren();
    if (!model.usage.length) {
      box.append(el('p', 'empty', 'No usage reported yet.'));
      return;
    }
    const byCost = model.usage.some(u => u.costUsd > 0);
    const value = u => byCost ? u.costUsd : u.tokensInput + u.tokensOutput;
    const models = [...new Set(model.usage.map(u => u.model))];
    const color = m => PALETTE[models.indexOf(m) % PALETTE.length];
    const agents = [...new Set(model.usage.map(u => u.agentId))];
    const totals = agents.map(a => model.usage.filter(u => u.agentId === a).reduce((s, u) => s + value(u), 0));
    const max = Math.max(...totals) || 1;
    const W = 560, label = 150, right = 80, row = 30, top = 8;
    const H = top + agents.length * row + 8;
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': 'usage per agent and model' });
    agents.forEach((a, i) => {
      const y = top + i * row;
      const name = svg('text', { x: label - 8, y: y + 17, 'text-anchor': 'end', class: 'axis' });
      name.textContent = a.length > 22 ? a.slice(0, 21) + '…' : a;
      root.append(name);
      let x = label;
      for (const u of model.usage.filter(v => v.agentId === a)) {
        const w = Math.max(1, (W - label - right) * value(u) / max);
        const r = svg('rect', { x: x, y: y + 4, width: w, height: row - 10, rx: 3, fill: color(u.model) });
        const tip = svg('title', {});
        tip.textContent = u.agentId + ' · ' + u.model + ': ' + num(u.tokensInput + u.tokensOutput) + ' tokens, ' + usd(u.costUsd);
        r.append(tip);
        root.append(r);
        x += w;
      }
      const total = svg('text', { x: x + 6, y: y + 17, class: 'value' });
      total.textContent = byCost ? usd(totals[i]) : num(totals[i]) + ' tok';
      root.append(total);
    });
    box.append(root);
    const legend = el('div', 'legend');
    for (const m of models) {
      const item = el('span', 'key');
      const sw = el('span', 'swatch');
      sw.style.background = color(m);
      item.append(sw, el('span', 'mono', m));
      legend.append(item);
    }
    box.append(legend);
  }

  function render(next) {
    model = next;
    clockOffset = next.serverTime - Date.now();
    renderTotals(next.totals);
    renderAgents();
    renderTasks();
    renderErrors();
    renderUsage();
    document.body.dataset.events = String(next.totals.events);
  }

  function setConn(state, text) {
    const c = document.getElementById('conn');
    c.dataset.state = state;
    document.getElementById('conn-text').textContent = text;
  }

  function connect() {
    const source = new EventSource('/api/stream' + suffix);
    source.addEventListener('open', () => setConn('live', 'live'));
    source.addEventListener('snapshot', ev => { setConn('live', 'live'); render(JSON.parse(ev.data)); });
    source.addEventListener('error', () => setConn('down', 'reconnecting…'));
  }

  document.getElementById('hint-url').textContent = 'export OCEUM_BASE_URL=' + location.origin + ' OCEUM_API_KEY=<the key the server printed>';
  fetch('/api/dashboard' + suffix).then(r => r.ok ? r.json() : Promise.reject(r.status)).then(render)
    .catch(() => setConn('down', 'cannot load data'));
  connect();
  // Relative times and liveness move on without new events.
  setInterval(() => { if (model) { renderAgents(); } }, 1000);
})();
