// Tasks: per agent and task name, runs and success rate; and the most recent runs (a task and
// everything below it), each a link to its trace page.
import { ago, duration, el, num } from './format.js';
import { traceLink } from './links.js';

export function renderTasks(model, now) {
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
  const runs = model.recentRuns || [];
  if (!runs.length) recent.append(el('li', 'empty', 'No runs yet.'));
  for (const t of runs.slice(0, 8)) {
    const li = el('li', t.state);
    if (t.taskId) li.dataset.taskId = t.taskId;
    const name = t.taskId ? traceLink(t.agentId, t.taskId, t.name, 'mono trace-link') : el('span', 'mono', t.name);
    const size = el('span', 'muted num', t.tasks > 1 ? num(t.tasks) + ' tasks' : '1 task');
    if (t.running) size.title = t.running + ' running';
    li.append(el('span', 'state ' + t.state, t.state), name, el('span', 'muted', t.agentId), size,
      el('span', 'num', duration(t.durationMs)), el('span', 'muted when', ago(t.endedAt || t.startedAt, now)));
    recent.append(li);
  }
}
