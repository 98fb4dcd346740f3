// Where the dashboard's data comes from: one GET /api/dashboard, then server-sent events
// (/api/stream), each carrying a whole snapshot. The page shows "loading" until the first
// snapshot and "live" only while snapshots arrive: an open stream without data is not live.

import { withKey } from './links.js';

/**
 * Starts loading. `onSnapshot(model)` gets every snapshot newer than the last one shown (the
 * first GET can answer after a newer pushed snapshot); `onState(state, text)` gets "loading",
 * "live", "reconnecting" or "down".
 */
export function connect(onSnapshot, onState) {
  let newest = -Infinity;
  let shown = false;
  const accept = model => {
    if (!model || typeof model.serverTime !== 'number' || model.serverTime < newest) return;
    newest = model.serverTime;
    shown = true;
    onSnapshot(model);
    onState('live', 'live');
  };
  onState('loading', 'loading…');
  fetch(withKey('/api/dashboard'), { cache: 'no-store' })
    .then(r => r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)))
    .then(accept)
    .catch(e => { if (!shown) onState('down', 'cannot load data (' + e.message + ')'); });
  const source = new EventSource(withKey('/api/stream'));
  source.addEventListener('snapshot', ev => accept(JSON.parse(ev.data)));
  source.addEventListener('error', () => onState(shown ? 'reconnecting' : 'loading',
    shown ? 'reconnecting… (showing the last data received)' : 'loading…'));
}
