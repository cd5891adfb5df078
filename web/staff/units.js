// A unit's records: its residents (with their SMS opt-out), its fee ledger and its tickets.
import { $, api, el, t } from '../js/dom.js';
import { ok, section, values, when, word } from './console.js';

async function loadUnit() {
  const res = await api('GET', 'staff/units?' + new URLSearchParams(values($('unit-form'))));
  const lists = [$('residents'), $('fees'), $('unit-tickets')];
  lists.forEach((list) => list.replaceChildren());
  if (!ok(res, $('unit-error'))) return;
  $('unit-error').textContent = '';
  const [residents, fees, tickets] = lists;
  for (const r of res.data.residents) {
    residents.append(el('li', '', `${r.name} · ${r.phone} · ${r.relation} · ${r.language}${r.optedOut ? ' · ' + t('optedOut') : ''}`));
  }
  for (const f of res.data.fees) {
    fees.append(el('li', '', Object.entries(f).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ')));
  }
  for (const ticket of res.data.tickets) {
    const li = el('li');
    const link = el('a', '', ticket.id);
    link.href = '#t=' + encodeURIComponent(ticket.id);
    li.append(link, ` · ${word('status', ticket.status)} · ${when(ticket.createdAt)} · ${ticket.description}`);
    tickets.append(li);
  }
}

$('unit-form').addEventListener('submit', (e) => { e.preventDefault(); loadUnit(); });

section({ id: 'units', hash: 'units' });
