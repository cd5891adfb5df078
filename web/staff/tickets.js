// The ticket queue, and a ticket's record with the actions its status allows. Text from people is set with textContent only.
import { $, api, el, t } from '../js/dom.js';
import { ok, section, values, when, word } from './console.js';

let continuation = null;
let current = null; // the ticket on show: { id, etag }

async function loadQueue(append) {
  const query = new URLSearchParams(values($('filters')));
  if (append && continuation) query.set('continuation', continuation);
  const res = await api('GET', 'staff/tickets?' + query);
  if (!ok(res, $('queue-error'))) return;
  $('queue-error').textContent = '';
  const rows = $('rows');
  if (!append) rows.replaceChildren();
  for (const ticket of res.data.items) {
    const tr = el('tr', ticket.emergency ? 'emergency' : '');
    const link = el('a', '', ticket.id);
    link.href = '#t=' + encodeURIComponent(ticket.id);
    const idCell = el('td');
    idCell.append(link);
    if (ticket.overdue) idCell.append(' ', el('span', 'overdue', t('overdue')));
    tr.append(idCell, el('td', '', word('status', ticket.status)), el('td', '', word('department', ticket.department)),
      el('td', '', ticket.address), el('td', '', ticket.description), el('td', '', ticket.acceptedBy ?? ''));
    rows.append(tr);
  }
  continuation = res.data.continuation;
  $('more').hidden = !continuation;
}

async function loadTicket(id) {
  const res = await api('GET', 'staff/tickets/' + encodeURIComponent(id));
  if (ok(res, $('error'))) render(res.data);
}

function render(body) {
  const ticket = body.ticket;
  current = { id: ticket.id, etag: body.etag };
  $('error').textContent = '';
  $('detail-title').textContent = [ticket.id, word('status', ticket.status), ticket.emergency ? word('priority', 'emergency') : '']
    .filter(Boolean).join(' · ');
  const facts = [
    ['f.department', word('department', ticket.department)],
    ['c.kind', word('kind', ticket.kind)],
    ['c.address', body.address],
    ['c.owner', `${ticket.name} ${ticket.phone}`],
    ['c.preferredTime', ticket.preferredTime],
    ['c.acceptedBy', ticket.acceptedBy],
    ['c.otherParty', body.otherPartyAddress],
    ...(body.otherPartyResidents ?? []).map((r) => ['c.otherResident', `${r.name} ${r.phone} (${r.relation})`]),
    ['c.escalation', ticket.escalationLevel ? body.escalation : ''],
    ['c.rating', ticket.score ? `${ticket.score}/5${ticket.fixed === false ? ' ' + t('notFixed') : ''}` : ''],
    ['c.mergedInto', ticket.mergedInto],
    ['f.outcome', ticket.outcome && [ticket.outcome.responsibility, ticket.outcome.repair, ticket.outcome.compensation].filter(Boolean).join(' / ')],
  ];
  $('facts').replaceChildren(...facts.filter(([, value]) => value).flatMap(([key, value]) => [el('dt', '', t(key)), el('dd', '', value)]));
  $('description').textContent = ticket.description;
  // The owner's photos, then the work photos of whoever finished the job: read-only links to storage that expire within
  // two hours (reloading the ticket renews them).
  $('photos').replaceChildren(...[[body.photos, 'photo'], [body.workPhotos, 'workPhoto']].flatMap(([list, alt]) => (list ?? []).map((p) => {
    const link = Object.assign(el('a'), { href: p.url, target: '_blank', rel: 'noopener' });
    link.append(Object.assign(el('img'), { src: p.url, alt: t(alt, p.number) }));
    return link;
  })));
  $('outcome').hidden = ticket.kind !== 'mediation';
  $('buttons').replaceChildren(...body.availableActions.filter((a) => a !== 'outcome' || ticket.kind === 'mediation').map((action) => {
    const button = Object.assign(el('button', '', word('action', action)), { type: 'button' });
    button.dataset.action = action;
    button.addEventListener('click', () => act(action));
    return button;
  }));
  $('history').replaceChildren(...(body.history ?? []).map((h) => el('li', h.public ? '' : 'internal',
    `${when(h.at)} · ${h.actor} (${word('channel', h.channel)}) · ${word('status', h.from)} → ${word('status', h.to)}${h.note ? ' · ' + h.note : ''}`)));
  $('sms').replaceChildren(...(body.sms ?? []).map((s) => el('li', '', `${when(s.firstAttemptAt)} · ${s.purpose} → ${s.to} · ${s.status} · ${s.text}`)));
}

async function act(action) {
  const form = new FormData($('act'));
  const payload = { action, note: form.get('note') || undefined, public: form.get('public') === 'on' };
  if (action === 'reassign') {
    payload.department = form.get('department') || undefined;
    payload.assignee = form.get('assignee') || undefined;
  }
  if (action === 'merge') payload.mergeInto = form.get('mergeInto');
  if (action === 'outcome') {
    payload.outcome = { responsibility: form.get('responsibility'), repair: form.get('repair'), compensation: form.get('compensation') || undefined };
  }
  const buttons = [...$('buttons').querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  const res = await api('POST', `staff/tickets/${encodeURIComponent(current.id)}/actions`, payload, { 'If-Match': current.etag });
  buttons.forEach((b) => { b.disabled = false; });
  if (res?.status < 300) {
    $('act').reset();
    render(res.data);
    return;
  }
  // Changed by someone else meanwhile: show the ticket as it is now, and why nothing was done.
  if (res?.status === 412) await loadTicket(current.id);
  ok(res, $('error'));
}

$('filters').addEventListener('submit', (e) => { e.preventDefault(); loadQueue(false); });
$('more').addEventListener('click', () => loadQueue(true));
$('back').addEventListener('click', (e) => { e.preventDefault(); location.hash = ''; });
$('act').addEventListener('submit', (e) => e.preventDefault());

section({ id: 'queue', hash: '', load: () => loadQueue(false) });
section({ id: 'detail', hash: 't', load: loadTicket, menu: false });
