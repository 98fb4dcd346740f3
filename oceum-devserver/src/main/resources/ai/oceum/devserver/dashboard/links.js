// Links between the dashboard's pages. A dashboard opened with ?key=<key> (from another machine)
// passes the key on, so the page it links to can load its data too.

const key = new URLSearchParams(location.search).get('key');

/** `path` with the page's key added to its query, if the page has one. */
export function withKey(path) {
  if (!key) return path;
  return path + (path.includes('?') ? '&' : '?') + 'key=' + encodeURIComponent(key);
}

/** The trace page of the run holding a task. */
export function traceHref(agentId, taskId) {
  return withKey('/trace?agentId=' + encodeURIComponent(agentId) + '&taskId=' + encodeURIComponent(taskId));
}

/** A link to a task's trace page. */
export function traceLink(agentId, taskId, text, cls) {
  const a = document.createElement('a');
  a.href = traceHref(agentId, taskId);
  a.className = cls || 'trace-link';
  a.textContent = text;
  a.title = 'open the trace of this run';
  return a;
}
