// The front desk: a clerk on the phone (or at the counter) looks the caller up by phone, name, unit or ticket id and takes a
// ticket for them, with the keyboard alone: type, Enter, Enter on the caller, type what happened, Ctrl+Enter.
// Text from people is set with textContent only.
import { $, api, el, t, wire } from '../js/dom.js';
import { section, submit, values, when, word } from './console.js';

const form = $('new-form');
let key = null; // kept until answered: a retried or doubled submit makes one ticket
let looked = null; // the phone searched for, to fill in when the caller is not on record

const community = () => values($('lookup')).community ?? '';

async function lookUp(e) {
  e.preventDefault();
  const { q } = values($('lookup'));
  const res = await api('GET', 'staff/callers?' + new URLSearchParams({ community: community(), q: q ?? '' }));
  const box = $('callers');
  box.replaceChildren();
  if (res?.status !== 200) {
    $('lookup-status').textContent = Object.values(res?.data?.errors ?? {}).flat().join('；') || res?.data?.detail || t('netFail');
    return;
  }
  const found = res.data;
  looked = found.kind === 'phone' ? q : null;
  box.append(...found.units.map(unitCard));
  if (found.otherTickets.length) box.append(ticketList('d.otherTickets', found.otherTickets));
  $('lookup-status').textContent = found.units.length || found.otherTickets.length ? t('d.found', found.units.length) : t('d.notFound');
  // Straight on to the first caller (Enter takes them), or to the form when nobody is on record.
  (box.querySelector('button') ?? (fill({}), $('new-form-building'))).focus();
}

/** A unit: its residents (each a button that fills the form), open and recent tickets, overdue fees. */
function unitCard(unit) {
  const card = el('article', 'caller');
  card.append(el('h3', '', unit.address));
  const people = el('ul', 'residents');
  for (const r of unit.residents) {
    const li = el('li', '', `${r.name} · ${r.phone} · ${word('relation', r.relation)}${r.optedOut ? ' · ' + t('optedOut') : ''} `);
    const use = Object.assign(el('button', '', t('d.use')), { type: 'button' });
    use.ariaLabel = t('d.useWho', r.name, unit.address);
    use.addEventListener('click', () => fill({ ...unit, ...r }));
    li.append(use);
    people.append(li);
  }
  if (!unit.residents.length) {
    const use = Object.assign(el('button', '', t('d.useUnit')), { type: 'button' });
    use.ariaLabel = t('d.useWho', '', unit.address);
    use.addEventListener('click', () => fill(unit));
    people.append(el('li', 'note', t('d.noResidents')), use);
  }
  card.append(people);
  if (unit.openTickets.length) card.append(ticketList('d.openTickets', unit.openTickets));
  if (unit.recentTickets.length) card.append(ticketList('d.recentTickets', unit.recentTickets));
  if (unit.overdueFees.length) {
    card.append(el('h4', '', t('d.overdueFees')), listOf(unit.overdueFees.map((f) =>
      el('li', 'overdue', t('d.fee', word('fee_type', f.feeType), f.period, f.owed.toFixed(2), f.daysOverdue)))));
  }
  return card;
}

function ticketList(title, tickets) {
  const part = el('div');
  part.append(el('h4', '', t(title)), listOf(tickets.map((ticket) => {
    const li = el('li');
    const link = Object.assign(el('a', '', ticket.id), { href: '#t=' + encodeURIComponent(ticket.id) });
    li.append(link, ` · ${word('status', ticket.status)} · ${when(ticket.createdAt)} · ${ticket.description}`);
    return li;
  })));
  return part;
}

const listOf = (items) => { const ul = el('ul'); ul.append(...items); return ul; };

/** Fills the form from a caller (or only a unit, or nothing but the phone searched for); the description is next. */
function fill(who) {
  const f = form.elements;
  f.building.value = who.building ?? '';
  f.unit.value = who.unit ?? '';
  f.room.value = who.room ?? '';
  f.name.value = who.name ?? '';
  f.phone.value = who.phone ?? looked ?? '';
  f.language.value = who.language ?? 'zh-CN';
  $('new-done').hidden = true;
  if (who.name) $('new-form-description').focus();
}

async function create(e) {
  e.preventDefault();
  const v = values(form);
  const payload = {
    community: community(), channel: v.channel, kind: v.kind, emergency: form.elements.emergency.checked || undefined,
    building: v.building, unit: v.unit, room: v.room, name: v.name, phone: v.phone, language: v.language,
    preferredTime: v.preferredTime, description: v.description, notifyOwner: form.elements.notifyOwner.checked,
  };
  key ??= crypto.randomUUID();
  const res = await submit(form, 'POST', 'staff/tickets', payload, { 'Idempotency-Key': key });
  if (res?.status !== 201) return;
  key = null;
  const receipt = res.data;
  form.reset();
  $('lookup').elements.q.value = '';
  $('callers').replaceChildren();
  $('lookup-status').textContent = '';
  $('new-done').hidden = false;
  $('new-done-title').textContent = t(receipt.answeredByNotice ? 'd.answered' : 'd.created', receipt.id);
  $('new-done-message').textContent = receipt.message;
  $('new-done-link').href = '#t=' + encodeURIComponent(receipt.id);
  $('new-done-title').focus();
}

wire(form);
$('lookup').addEventListener('submit', lookUp);
form.addEventListener('submit', create);
// Ctrl+Enter (⌘+Enter) in the description sends the ticket: the clerk's hands stay on the keyboard.
$('new-form-description').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
});

section({ id: 'new', hash: 'new', load: () => $('lookup-q').focus() });
