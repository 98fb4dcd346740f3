// The waterfall: one row per task in tree order (indented by depth), with its own model calls,
// its subtree's tokens and cost, its duration, and a bar on the run's time axis; model calls,
// tool calls (placed by their start offset, where the SDK sent one) and errors are marks inside
// the bar's lane. A row opens to its details (trace-details.js); a task with children folds.
import { duration, el, money, num } from './format.js';
import { renderDetails } from './trace-details.js';

const MAX_INDENT = 24;

/** Renders `trace` into `box`; `now` is the server's clock, `ui` the open rows and folded subtrees. */
export function renderWaterfall(box, trace, now, ui) {
  const tasks = trace.tasks;
  const t0 = trace.run.startedAt;
  const elapsed = t => t.state === 'running' && t.offsetMs !== null && t0 !== null
    ? Math.max(0, now - t0 - t.offsetMs) : t.durationMs;
  let span = 1;
  for (const t of tasks) {
    if (t.offsetMs !== null) span = Math.max(span, t.offsetMs + (elapsed(t) || 0));
    for (const m of t.modelCalls) if (m.offsetMs !== null) span = Math.max(span, m.offsetMs + (m.durationMs || 0));
  }
  const children = new Map();
  for (const t of tasks) if (t.parentKey) children.set(t.parentKey, (children.get(t.parentKey) || 0) + 1);
  if (!ui.initialised) {
    ui.initialised = true;
    for (const t of tasks) if (t.selected && t.depth > 0) ui.expanded.add(t.key);
  }

  const scrollY = window.scrollY;
  box.replaceChildren(header(span));
  const hidden = new Set();
  for (const t of tasks) {
    if (t.parentKey && (hidden.has(t.parentKey) || ui.collapsed.has(t.parentKey))) {
      hidden.add(t.key);
      continue;
    }
    box.append(row(t, trace, span, elapsed(t), children.get(t.key) || 0, ui, () => renderWaterfall(box, trace, now, ui)));
    if (ui.expanded.has(t.key)) box.append(renderDetails(t, trace, elapsed(t)));
  }
  window.scrollTo(0, scrollY);
}

function header(span) {
  const h = el('div', 'wf-row wf-head');
  h.append(el('span', 'wf-name', 'Task'), el('span', null, 'Agent'), el('span', 'num', 'Calls'),
    el('span', 'num', 'Tokens'), el('span', 'num', 'Cost'), el('span', 'num', 'Duration'));
  h.children[2].title = 'model calls of this task itself';
  h.children[3].title = 'tokens of this task and every task below it';
  h.children[4].title = 'cost of this task and every task below it';
  const axis = el('span', 'wf-lane wf-axis');
  const step = niceStep(span / 6);
  for (let at = 0; at <= span * 0.93; at += step) { // no label cut off at the right edge
    const tick = el('span', 'tick', duration(at));
    tick.style.left = (100 * at / span) + '%';
    axis.append(tick);
  }
  h.append(axis);
  return h;
}

/** 1, 2 or 5 times a power of ten: readable tick spacing. */
function niceStep(raw) {
  const pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

function row(t, trace, span, elapsed, childCount, ui, rerender) {
  const r = el('div', 'wf-row ' + t.state + (t.selected ? ' selected' : '') + (ui.expanded.has(t.key) ? ' open' : ''));
  r.dataset.key = t.key;
  if (t.taskId) r.dataset.taskId = t.taskId;
  r.dataset.name = t.name;
  r.dataset.state = t.state;
  r.dataset.depth = String(t.depth);
  r.dataset.parentKey = t.parentKey || '';
  r.dataset.subtreeTokens = String(t.subtree.tokensInput + t.subtree.tokensOutput);
  r.dataset.subtreeCost = String(t.subtree.costUsd);
  r.dataset.subtreeTasks = String(t.subtree.tasks);
  r.addEventListener('click', () => {
    if (ui.expanded.has(t.key)) ui.expanded.delete(t.key); else ui.expanded.add(t.key);
    rerender();
  });

  const name = el('div', 'wf-name');
  name.style.paddingLeft = (6 + Math.min(t.depth, MAX_INDENT) * 16) + 'px';
  const line = el('div', 'wf-line');
  if (childCount) {
    const fold = el('button', 'fold', ui.collapsed.has(t.key) ? '▸' : '▾');
    fold.title = (ui.collapsed.has(t.key) ? 'show ' : 'hide ') + (t.subtree.tasks - 1) + ' tasks below';
    fold.addEventListener('click', ev => {
      ev.stopPropagation();
      if (ui.collapsed.has(t.key)) ui.collapsed.delete(t.key); else ui.collapsed.add(t.key);
      rerender();
    });
    line.append(fold);
  } else {
    line.append(el('span', 'fold-space'));
  }
  const dot = el('span', 'sdot ' + t.state);
  dot.title = t.state;
  line.append(dot, el('span', 'tname mono', t.name));
  if (t.kind && t.kind !== 'agent') line.append(el('span', 'kchip', t.kind));
  if (t.iteration !== null) line.append(el('span', 'kchip iter', 'iteration ' + t.iteration));
  if (t.item !== null) line.append(el('span', 'kchip', 'item ' + t.item));
  if (t.attempt !== null) line.append(el('span', 'kchip warn', 'attempt ' + t.attempt));
  if (t.state !== 'succeeded' && t.state !== 'running') line.append(el('span', 'state ' + t.state, t.state));
  if (childCount && ui.collapsed.has(t.key)) line.append(el('span', 'muted small', '+' + (t.subtree.tasks - 1) + ' hidden'));
  name.append(line);
  if (t.orphan) name.append(el('div', 'orphan', '⚠ shown at the top: ' + t.orphan));
  const failure = headline(t);
  if (failure) name.append(el('div', 'inline-error', failure));
  r.append(name);

  r.append(el('span', 'muted wf-agent', t.agent || trace.agentId));
  const calls = el('span', 'num', t.own.modelCalls ? num(t.own.modelCalls) : '–');
  calls.title = 'own: ' + num(t.own.tokensInput) + ' in, ' + num(t.own.tokensOutput) + ' out';
  r.append(calls);
  const tokens = el('span', 'num', num(t.subtree.tokensInput + t.subtree.tokensOutput));
  tokens.title = 'this task and below: ' + num(t.subtree.tokensInput) + ' in, ' + num(t.subtree.tokensOutput) + ' out; own: '
    + num(t.own.tokensInput + t.own.tokensOutput);
  r.append(tokens, money('span', 'num cost', t.subtree.costUsd));
  r.append(el('span', 'num dur', duration(elapsed)));
  r.append(lane(t, span, elapsed));
  return r;
}

/** The error to show in place: the task's failure (where it began, else as its ancestors got it), else a failed tool. */
function headline(t) {
  const failures = t.errors.filter(e => e.taskFailure);
  const e = failures.find(x => x.failureOrigin !== false) || failures[0] || t.errors[0];
  if (!e) return null;
  const type = (e.type || 'error').slice((e.type || '').lastIndexOf('.') + 1);
  return (e.typeDerived ? '' : type + ': ') + e.message + (t.errors.length > 1 ? '  (+' + (t.errors.length - 1) + ' more)' : '');
}

function lane(t, span, elapsed) {
  const lane = el('span', 'wf-lane');
  if (t.offsetMs === null) {
    lane.append(el('span', 'no-time', 'no start time reported'));
    return lane;
  }
  const pct = v => (100 * v / span) + '%';
  const bar = el('span', 'bar-task ' + t.state);
  bar.style.left = pct(t.offsetMs);
  bar.style.width = 'max(2px, ' + pct(elapsed || 0) + ')';
  bar.title = t.name + ': ' + duration(elapsed) + ' from +' + duration(t.offsetMs);
  lane.append(bar);
  for (const m of t.modelCalls) {
    if (m.offsetMs === null) continue;
    const mark = el('span', 'mark-model');
    mark.style.left = pct(m.offsetMs);
    mark.style.width = 'max(3px, ' + pct(m.durationMs || 0) + ')';
    mark.title = 'model ' + m.model + ': ' + num(m.tokensInput) + ' in, ' + num(m.tokensOutput) + ' out'
      + (m.durationMs !== null ? ', ' + duration(m.durationMs) : '');
    lane.append(mark);
  }
  for (const tool of t.tools) {
    if (tool.offsetMs === null) continue;
    const mark = el('span', 'mark-tool ' + (tool.status === 'failed' ? 'failed' : 'ok'));
    mark.style.left = pct(tool.offsetMs);
    mark.style.width = 'max(6px, ' + pct(tool.durationMs || 0) + ')';
    mark.title = 'tool ' + tool.name + ' (' + tool.status + ')' + (tool.durationMs !== null ? ', ' + duration(tool.durationMs) : '');
    lane.append(mark);
  }
  for (const e of t.errors) {
    if (e.offsetMs === null || e.taskFailure) continue;
    const mark = el('span', 'mark-error');
    mark.style.left = pct(e.offsetMs);
    mark.title = e.message;
    lane.append(mark);
  }
  return lane;
}
