// The trace page of one run (/trace?agentId=..&taskId=..): the run that holds the task in the URL,
// every task of it as a waterfall on one time axis. It loads /api/trace, and loads it again each
// time the server's change counter moves (every pushed dashboard snapshot carries it), so a run
// that is still going grows on the page; running bars also grow every second on their own.
import { connect } from './connection.js';
import { ago, duration, el, money, num } from './format.js';
import { traceLink, withKey } from './links.js';
import { renderWaterfall } from './waterfall.js';

const params = new URLSearchParams(location.search);
const agentId = params.get('agentId');
const taskId = params.get('taskId');
const ui = { expanded: new Set(), collapsed: new Set(), scrolled: false };

let trace = null;
let clockOffset = 0; // server time minus browser time
let loading = false;
let again = false;
let requestedFor = null;
let loadedAt = 0;
let later = null;
/** A run with nothing running reloads at most this often (late events still arrive); a running one at every change. */
const SETTLED_RELOAD_MS = 2000;

function serverNow() { return Date.now() + clockOffset; }

function load() {
  if (loading) { again = true; return; }
  loading = true;
  const url = withKey('/api/trace?agentId=' + encodeURIComponent(agentId) + '&taskId=' + encodeURIComponent(taskId));
  fetch(url, { cache: 'no-store' })
    .then(r => r.json().then(body => ({ status: r.status, body })))
    .then(({ status, body }) => {
      if (status === 404) return missing(body.error);
      if (status !== 200) throw new Error(body.error || 'HTTP ' + status);
      if (trace && body.serverTime < trace.serverTime) return; // an older answer overtaken by a newer one
      show(body);
    })
    .catch(e => failed(e.message))
    .finally(() => {
      loading = false;
      loadedAt = Date.now();
      if (again) { again = false; load(); }
    });
}

/** Loads again after a change: at once while the run is going, at most every SETTLED_RELOAD_MS once it ended. */
function reload() {
  const wait = trace && trace.run.running === 0 ? loadedAt + SETTLED_RELOAD_MS - Date.now() : 0;
  if (wait <= 0) { load(); return; }
  if (!later) later = setTimeout(() => { later = null; load(); }, wait);
}

function show(model) {
  trace = model;
  clockOffset = model.serverTime - Date.now();
  document.title = model.run.name + ' · trace · Oceum dev server';
  renderTitle(model);
  renderSummary(model, serverNow());
  renderWaterfall(document.getElementById('waterfall'), model, serverNow(), ui);
  document.getElementById('task-count').textContent = num(model.tasks.length);
  document.body.dataset.trace = 'loaded';
  document.body.dataset.changes = String(model.changes);
  if (!ui.scrolled) {
    ui.scrolled = true;
    const row = document.querySelector('.wf-row.selected');
    if (row && row.dataset.depth !== '0') row.scrollIntoView({ block: 'center' });
  }
}

function missing(message) {
  if (trace) return; // keep what was shown (retention may have deleted it meanwhile)
  document.body.dataset.trace = 'missing';
  const box = document.getElementById('waterfall');
  box.replaceChildren(el('p', 'empty', (message || 'No such task.')
    + ' This page shows it as soon as one of its events arrives.'));
  document.getElementById('run-title').replaceChildren(el('span', 'muted', 'task ' + taskId + ' of ' + agentId));
}

function failed(message) {
  if (trace) return;
  document.body.dataset.trace = 'error';
  document.getElementById('waterfall').replaceChildren(el('p', 'empty', 'Cannot load the trace: ' + message));
}

function renderTitle(model) {
  const box = document.getElementById('run-title');
  box.replaceChildren();
  const r = model.run;
  box.append(el('span', 'badge-state ' + r.state, r.state), el('span', 'run-name mono', r.name),
    el('span', 'muted', 'run of ' + model.agentId));
}

function renderSummary(model, now) {
  const r = model.run;
  const box = document.getElementById('run-summary');
  box.replaceChildren();
  const live = r.running > 0 && r.startedAt !== null ? now - r.startedAt : r.durationMs;
  const items = [
    ['started', r.startedAt === null ? '–' : new Date(r.startedAt).toLocaleTimeString() + ' (' + ago(r.startedAt, now) + ')'],
    ['duration', duration(live) + (r.running > 0 ? ' so far' : '')],
    ['tasks', num(r.tasks) + (r.running ? ' · ' + r.running + ' running' : '') + (r.failed ? ' · ' + r.failed + ' failed' : '')],
    ['model calls', num(r.modelCalls)],
    ['tokens', num(r.tokensInput) + ' in · ' + num(r.tokensOutput) + ' out'],
    ['errors', num(r.errors)]];
  for (const [label, value] of items) box.append(chip(label, el('span', 'chip-value', value)));
  box.append(chip('cost', money('span', 'chip-value', r.costUsd)));
  const notes = document.getElementById('run-notes');
  notes.replaceChildren();
  if (r.memoryId) notes.append(el('span', 'muted', 'memory id ' + r.memoryId));
  if (r.resumeOf) {
    const p = el('span', 'note');
    p.append('resumes the suspended run ', traceLink(model.agentId, r.resumeOf, r.resumeOf.slice(0, 8) + '…'));
    notes.append(p);
  }
  for (const next of r.resumedBy || []) {
    const p = el('span', 'note');
    p.append('resumed by run ', traceLink(model.agentId, next, next.slice(0, 8) + '…'));
    notes.append(p);
  }
  if (model.truncated) {
    notes.append(el('span', 'note warn', 'This run has ' + num(model.taskCount) + ' tasks: the page shows the first '
      + num(model.limits.tasks) + ' (in the order they arrived); totals count those.'));
  }
  if (model.modelCallsTruncated) {
    notes.append(el('span', 'note warn', 'Only the first ' + num(model.limits.modelCalls)
      + ' model calls are listed; tokens and cost count all of them.'));
  }
  if (model.errorsTruncated) notes.append(el('span', 'note warn', 'Only the first ' + num(model.limits.errors) + ' errors are listed.'));
  const home = document.getElementById('home');
  home.href = withKey('/');
}

function chip(label, value) {
  const c = el('div', 'chip');
  c.dataset.total = label;
  c.append(value, el('span', 'chip-label', label));
  return c;
}

function setConn(state, text) {
  const c = document.getElementById('conn');
  c.dataset.state = state;
  document.getElementById('conn-text').textContent = text;
}

if (!agentId || !taskId) {
  document.body.dataset.trace = 'error';
  document.getElementById('waterfall').replaceChildren(el('p', 'empty',
    'Open a trace from the dashboard (recent runs, or an error): this page needs ?agentId=…&taskId=….'));
} else {
  load();
  // Each snapshot carries the server's change counter: load the trace again only when it moved.
  connect(snapshot => {
    if (snapshot.changes === requestedFor || (trace && snapshot.changes === trace.changes)) return;
    requestedFor = snapshot.changes;
    reload();
  }, setConn);
  // Running tasks' bars and durations move on without new events.
  setInterval(() => {
    if (trace && trace.run.running > 0) {
      renderSummary(trace, serverNow());
      renderWaterfall(document.getElementById('waterfall'), trace, serverNow(), ui);
    }
  }, 1000);
}
