// Formatting and DOM helpers shared by the dashboard's sections. Text from agents is only ever
// set as textContent, never as HTML.

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function svg(tag, attrs) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  return e;
}

/** A relative time: "12s ago", "3m ago"; `now` is the server's clock. */
export function ago(ms, now) {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return s + 's ago';
  if (s < 3600) return Math.floor(s / 60) + 'm ago';
  if (s < 86400) return Math.floor(s / 3600) + 'h ago';
  return Math.floor(s / 86400) + 'd ago';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  return (ms / 60000).toFixed(1) + ' min';
}

/**
 * A decimal number as plain text, as the server wrote it: the server sends money as exact
 * decimals, and the shortest text of the parsed number is that decimal ("0.0000576").
 */
export function plain(v) {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const [mantissa, exp] = s.toLowerCase().split('e');
  const e = Number(exp);
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = mantissa.replace('-', '').indexOf('.');
  const intLen = (point < 0 ? digits.length : point) + e;
  const out = intLen <= 0 ? '0.' + '0'.repeat(-intLen) + digits
    : intLen >= digits.length ? digits + '0'.repeat(intLen - digits.length)
    : digits.slice(0, intLen) + '.' + digits.slice(intLen);
  return (neg ? '-' : '') + out;
}

/** Money for reading ("$0.0123", "$4.20"); the exact amount is {@link exactUsd}. */
export function usd(v) {
  if (!v) return '$0';
  return v < 0.01 ? '$' + plain(Number(v.toPrecision(3)))
    : v < 10 ? '$' + v.toFixed(4) : '$' + v.toFixed(2);
}

/** Money exactly as the server computed it ("$0.0000576"). */
export function exactUsd(v) {
  return '$' + plain(v || 0);
}

/** An element showing money: rounded for reading, exact on hover (title). */
export function money(tag, cls, v) {
  const e = el(tag, cls, usd(v));
  e.title = exactUsd(v);
  e.dataset.usd = plain(v || 0);
  return e;
}

export function num(v) { return Number(v || 0).toLocaleString('en-US'); }
