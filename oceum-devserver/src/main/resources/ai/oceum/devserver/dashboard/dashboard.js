// The Oceum dev server dashboard: renders /api/dashboard snapshots, live over server-sent events.
// Plain DOM and inline SVG in small ES modules, no libraries, no build step: it works offline.
// Each section is one module with a render(model, now) function; `now` is the server's clock.
import { connect } from './connection.js';
import { renderErrors } from './errors.js';
import { renderFleet } from './fleet.js';
import { renderTasks } from './tasks.js';
import { renderTotals } from './totals.js';
import { renderUsage } from './usage.js';

let model = null;
let clockOffset = 0; // server time minus browser time

function serverNow() { return Date.now() + clockOffset; }

function render(next) {
  model = next;
  clockOffset = next.serverTime - Date.now();
  const now = serverNow();
  renderTotals(model);
  renderFleet(model, now);
  renderTasks(model, now);
  renderErrors(model, now);
  renderUsage(model);
  document.body.dataset.loading = 'false';
  document.body.dataset.events = String(model.totals.events);
}

function setConn(state, text) {
  const c = document.getElementById('conn');
  c.dataset.state = state;
  document.getElementById('conn-text').textContent = text;
}

connect(render, setConn);
// Relative times and liveness move on without new events.
setInterval(() => { if (model) renderFleet(model, serverNow()); }, 1000);
