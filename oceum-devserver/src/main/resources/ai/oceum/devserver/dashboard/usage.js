// Token usage and cost: a bar per agent split by model (inline SVG), and a table. Money comes
// from the server as exact decimals; the page does no arithmetic on it beyond bar widths.
import { el, money, num, svg, usd } from './format.js';

const PALETTE = ['#4f8cff', '#22c55e', '#f59e0b', '#a855f7', '#ef4444', '#14b8a6', '#ec4899', '#84cc16', '#f97316', '#64748b'];

export function renderUsage(model) {
  const body = document.querySelector('#usage tbody');
  body.replaceChildren();
  for (const u of model.usage) {
    const tr = el('tr');
    tr.dataset.usage = u.agentId + '/' + u.model;
    tr.append(el('td', null, u.agentId), el('td', 'mono', u.model), el('td', 'num', num(u.calls)),
      el('td', 'num', num(u.tokensInput)), el('td', 'num', num(u.tokensOutput)), money('td', 'num cost', u.costUsd));
    body.append(tr);
  }
  drawChart(model);
}

function drawChart(model) {
  const box = document.getElementById('usage-chart');
  box.replaceChildren();
  if (!model.usage.length) {
    box.append(el('p', 'empty', 'No usage reported yet.'));
    return;
  }
  const byCost = model.usage.some(u => u.costUsd > 0);
  const value = u => byCost ? u.costUsd : u.tokensInput + u.tokensOutput;
  const models = [...new Set(model.usage.map(u => u.model))];
  const color = m => PALETTE[models.indexOf(m) % PALETTE.length];
  const agents = [...new Set(model.usage.map(u => u.agentId))];
  const agentCost = new Map(model.agents.map(a => [a.agentId, a.costUsd]));
  const widths = agents.map(a => model.usage.filter(u => u.agentId === a).reduce((s, u) => s + value(u), 0));
  const max = Math.max(...widths) || 1;
  const W = 560, label = 150, right = 80, row = 30, top = 8;
  const H = top + agents.length * row + 8;
  const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': 'usage per agent and model' });
  agents.forEach((a, i) => {
    const y = top + i * row;
    const name = svg('text', { x: label - 8, y: y + 17, 'text-anchor': 'end', class: 'axis' });
    name.textContent = a.length > 22 ? a.slice(0, 21) + '…' : a;
    root.append(name);
    let x = label;
    for (const u of model.usage.filter(v => v.agentId === a)) {
      const w = Math.max(1, (W - label - right) * value(u) / max);
      const r = svg('rect', { x: x, y: y + 4, width: w, height: row - 10, rx: 3, fill: color(u.model) });
      const tip = svg('title', {});
      tip.textContent = u.agentId + ' · ' + u.model + ': ' + num(u.tokensInput + u.tokensOutput) + ' tokens, ' + usd(u.costUsd);
      r.append(tip);
      root.append(r);
      x += w;
    }
    const total = svg('text', { x: x + 6, y: y + 17, class: 'value' });
    total.textContent = byCost ? usd(agentCost.get(a) || 0) : num(widths[i]) + ' tok';
    root.append(total);
  });
  box.append(root);
  const legend = el('div', 'legend');
  for (const m of models) {
    const item = el('span', 'key');
    const sw = el('span', 'swatch');
    sw.style.background = color(m);
    item.append(sw, el('span', 'mono', m));
    legend.append(item);
  }
  box.append(legend);
}
