// Errors as incidents: all errors reported for one task run read as one (the task's failure as
// the headline, the log line about it and failed tools listed under it), grouped by agent, type
// and message. An error without an exception type shows the type the server derived from what
// it carried (a failed tool, a log line) and its details.
import { ago, el } from './format.js';
import { traceLink } from './links.js';

const openGroups = new Set();

/** A short label for a type: an exception's simple name, "tool lookupCustomer", "log TriageAgent". */
export function typeLabel(type, derived) {
  const full = type || 'error';
  let text = full.slice(full.lastIndexOf('.') + 1);
  const colon = full.indexOf(':');
  if (colon > 0) {
    const what = full.slice(colon + 1);
    text = full.slice(0, colon) + ' ' + what.slice(what.lastIndexOf('.') + 1);
  }
  const span = el('span', 'etype' + (derived ? ' derived' : ''), text);
  span.title = full + (derived ? ' (no exception type was reported; derived from the event)' : '');
  return span;
}

/** What to show when a group is opened: the stack trace, else what the event's meta says. */
function detail(e) {
  if (e.stackTrace) return e.stackTrace;
  if (e.meta && typeof e.meta === 'object' && Object.keys(e.meta).length) {
    return Object.entries(e.meta).map(([k, v]) => k + ': ' + (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  }
  if (typeof e.meta === 'string') return e.meta;
  return '(no stack trace or details reported)';
}

export function renderErrors(model, now) {
  const box = document.getElementById('errors');
  document.getElementById('error-count').textContent = model.errors.length ? String(model.totals.errorIncidents) : '';
  box.replaceChildren();
  if (!model.errors.length) {
    box.append(el('p', 'empty', 'No errors. Nice.'));
    return;
  }
  for (const e of model.errors) box.append(group(e, now));
}

function group(e, now) {
  const id = e.agentId + '|' + e.type + '|' + e.message;
  const d = el('details', 'error');
  d.dataset.error = e.message;
  d.dataset.type = e.type || '';
  d.open = openGroups.has(id);
  d.addEventListener('toggle', () => { if (d.open) openGroups.add(id); else openGroups.delete(id); });
  const s = el('summary');
  const where = e.agentId + (e.taskName ? ' · ' + e.taskName : '');
  const whereCell = el('span', 'muted', where + (e.related.length ? ' · +' + e.related.length + ' related' : ''));
  s.append(el('span', 'occ', '×' + e.count), typeLabel(e.type, e.typeDerived), el('span', 'emsg', e.message), whereCell,
    el('span', 'muted when', ago(e.lastSeen, now)));
  d.append(s);
  if (e.taskId) {
    // The newest incident's task run, in place in its run's tree.
    const link = el('div', 'error-trace');
    link.append(traceLink(e.agentId, e.taskId, 'Open the trace of this task run →'));
    d.append(link);
  }
  if (e.related.length) {
    const rel = el('div', 'related');
    rel.append(el('div', 'related-head', 'Also reported for this task run:'));
    const ul = el('ul');
    for (const r of e.related) {
      const li = el('li');
      li.append(typeLabel(r.type, r.typeDerived), el('span', null, r.message));
      ul.append(li);
    }
    rel.append(ul);
    d.append(rel);
  }
  d.append(el('pre', 'trace', detail(e)));
  return d;
}
