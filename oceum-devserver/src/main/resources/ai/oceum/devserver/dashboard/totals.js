// The header chips: fleet-wide counts and cost.
import { el, money, num } from './format.js';

export function renderTotals(model) {
  const t = model.totals;
  const box = document.getElementById('totals');
  box.replaceChildren();
  const items = [['agents', num(model.agents.length)], ['events', num(t.events)], ['tasks', num(t.tasks)],
    ['running', num(t.running)], ['errors', num(t.errorIncidents)], ['tokens', num(t.tokens)]];
  for (const [label, value] of items) {
    box.append(chip(label, el('span', 'chip-value', value)));
  }
  box.append(chip('cost', money('span', 'chip-value', t.costUsd)));
}

function chip(label, value) {
  const c = el('div', 'chip');
  c.dataset.total = label;
  c.append(value, el('span', 'chip-label', label));
  return c;
}
