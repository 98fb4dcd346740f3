// A task's details under its waterfall row: what it is, its own and its subtree's totals, its
// model calls and tool calls, its errors with their stack traces, and what else its events said.
import { typeLabel } from './errors.js';
import { duration, el, money, num } from './format.js';

export function renderDetails(t, trace, elapsed) {
  const box = el('div', 'wf-details');
  box.dataset.detailsFor = t.key;
  box.addEventListener('click', ev => ev.stopPropagation());
  const facts = el('dl', 'facts');
  const fact = (k, v) => { if (v !== null && v !== undefined && v !== '') facts.append(el('dt', null, k), el('dd', 'mono', v)); };
  fact('task id', t.taskId);
  fact('parent task id', t.parentTaskId);
  fact('state', t.state + (t.outcome && t.outcome !== t.state ? ' (' + t.outcome + ')' : ''));
  fact('kind', t.kind);
  fact('agent', t.agent);
  fact('started', t.startedAt === null ? 'not reported' : new Date(t.startedAt).toISOString());
  fact('ended', t.endedAt === null ? (t.state === 'running' ? 'running' : 'not reported') : new Date(t.endedAt).toISOString());
  fact('duration', duration(elapsed));
  fact('iteration', t.iteration);
  fact('item', t.item);
  fact('attempt', t.attempt);
  fact('memory id', t.memoryId);
  fact('resumes', t.resumeOf);
  for (const [k, v] of Object.entries(t.details || {})) fact(k, v);
  box.append(facts);
  const sections = el('div', 'detail-sections');
  box.append(sections);

  const totals = el('table', 'grid totals-table');
  totals.append(tr('th', ['', 'calls', 'tokens in', 'tokens out', 'cost', 'errors', 'tasks', 'duration']));
  totals.append(tr('td', ['this task', num(t.own.modelCalls), num(t.own.tokensInput), num(t.own.tokensOutput),
    money('span', null, t.own.costUsd), num(t.own.errors), '1', duration(elapsed)]));
  const sub = tr('td', ['with everything below', num(t.subtree.modelCalls), num(t.subtree.tokensInput), num(t.subtree.tokensOutput),
    money('span', null, t.subtree.costUsd), num(t.subtree.errors), num(t.subtree.tasks), duration(t.subtree.durationMs)]);
  sub.className = 'subtree-totals';
  totals.append(sub);
  if (t.reportedUsageTotals) {
    const u = t.reportedUsageTotals;
    totals.append(tr('td', ['as the SDK counted', num(u.calls), num(u.tokensInput), num(u.tokensOutput), '', '', '', '']));
  }
  sections.append(section('Totals', totals));

  if (t.modelCalls.length) {
    const table = el('table', 'grid');
    table.append(tr('th', ['model', 'at', 'took', 'tokens in', 'tokens out', 'cost']));
    for (const m of t.modelCalls) {
      table.append(tr('td', [m.model, at(m.offsetMs), m.durationMs === null ? '–' : duration(m.durationMs), num(m.tokensInput),
        num(m.tokensOutput), m.priced ? money('span', null, m.costUsd) : 'not priced']));
    }
    const s = section('Model calls', table);
    if (t.modelCallsNotListed) s.append(el('p', 'muted', '+' + num(t.modelCallsNotListed) + ' more not listed (counted above)'));
    sections.append(s);
  }
  if (t.tools.length) {
    const table = el('table', 'grid');
    table.append(tr('th', ['tool', 'status', 'at', 'took']));
    for (const tool of t.tools) {
      table.append(tr('td', [tool.name, tool.status, at(tool.offsetMs), tool.durationMs === null ? '–' : duration(tool.durationMs)]));
    }
    const s = section('Tool calls', table);
    if (t.toolCallsOmitted) s.append(el('p', 'muted', '+' + num(t.toolCallsOmitted) + ' more calls (counted, not listed by the SDK)'));
    sections.append(s);
  }
  if (t.errors.length) {
    const list = el('div', 'trace-errors');
    for (const e of t.errors) {
      const item = el('div', 'trace-error');
      const head = el('div', 'trace-error-head');
      head.append(typeLabel(e.type, e.typeDerived), el('span', null, e.message));
      if (e.taskFailure) head.append(el('span', 'kchip bad', e.failureOrigin === false ? 'ended by a sub-task' : 'ended the task'));
      if (e.tool) head.append(el('span', 'kchip', 'tool ' + e.tool));
      item.append(head);
      if (e.stackTrace) item.append(el('pre', 'trace', e.stackTrace));
      list.append(item);
    }
    sections.append(section('Errors', list));
  }
  return box;
}

function at(offset) {
  return offset === null || offset === undefined ? '–' : '+' + duration(offset);
}

function section(title, content) {
  const s = el('div', 'detail-section');
  s.append(el('h3', null, title), content);
  return s;
}

function tr(cell, values) {
  const row = el('tr');
  for (const v of values) {
    const c = el(cell);
    if (v instanceof Node) c.append(v); else c.textContent = v;
    row.append(c);
  }
  return row;
}
