// The fleet: a card per agent with its liveness, recomputed every second from the last
// heartbeat, so an agent whose process exited turns stale, then offline, without new events.
import { ago, duration, el, money } from './format.js';

/** live, stale, offline or silent: the server's rule (Liveness.java) at `now`. */
export function livenessOf(a, now) {
  if (a.status && a.status.trim().toLowerCase() === 'offline') return 'offline';
  if (a.lastHeartbeat === null || a.lastHeartbeat === undefined) return 'silent';
  const since = now - a.lastHeartbeat;
  if (since > a.offlineAfterMs) return 'offline';
  return since > a.staleAfterMs ? 'stale' : 'live';
}

export function renderFleet(model, now) {
  const box = document.getElementById('agents');
  document.getElementById('fleet-count').textContent = model.agents.length ? String(model.agents.length) : '';
  box.replaceChildren();
  if (!model.agents.length) {
    box.append(emptyState());
    return;
  }
  for (const a of model.agents) box.append(card(a, now));
}

function emptyState() {
  const p = el('div', 'empty');
  p.append(el('p', null, 'No agent has reported yet. Point one at this server:'));
  const code = el('code', null, 'export OCEUM_BASE_URL=' + location.origin
    + ' OCEUM_API_KEY=<the key the server printed> OCEUM_AGENT_ID=my-agent');
  code.id = 'hint-env';
  p.append(code);
  return p;
}

function card(a, now) {
  const state = livenessOf(a, now);
  const c = el('article', 'agent ' + state);
  c.dataset.agent = a.agentId;
  c.dataset.liveness = state;
  const head = el('div', 'agent-head');
  head.append(el('span', 'dot ' + state), el('span', 'agent-name', a.agentId), el('span', 'badge ' + state, state));
  c.append(head);
  const meta = el('div', 'agent-meta');
  meta.append(el('span', null, 'status: ' + (a.status || '—')));
  const beat = state === 'live' ? el('span', 'beat', 'heartbeat ' + ago(a.lastHeartbeat, now))
    : el('span', 'beat', 'last seen ' + ago(Math.max(a.lastSeen || 0, a.lastHeartbeat || 0) || null, now));
  meta.append(beat);
  if (a.heartbeatIntervalMs) meta.append(el('span', 'interval', 'every ' + duration(a.heartbeatIntervalMs)));
  if (a.runStartedAt && state === 'live') meta.append(el('span', 'run', 'run started ' + ago(a.runStartedAt, now)));
  c.append(meta);
  const stats = el('div', 'agent-stats');
  stats.append(stat(a.tasksSucceeded, 'done'), stat(a.tasksFailed, 'failed', a.tasksFailed ? 'bad' : ''),
    stat(a.tasksRunning, 'running'), stat(money('b', null, a.costUsd), 'cost'));
  c.append(stats);
  return c;
}

function stat(value, label, cls) {
  const s = el('div', 'stat ' + (cls || ''));
  s.append(value instanceof Node ? value : el('b', null, value), el('small', null, label));
  return s;
}
