// The ticket queue (open work first, searchable, refreshing itself), the community's no-one-on-duty banner, and a ticket's
// record with the actions its status allows. Text from people is set with textContent only.
import { $, api, el, t } from '../js/dom.js';
import { ok, section, values, when, word } from './console.js';

/** How often the queue on show reloads itself (its first page; never while the clerk is in the list or has paged on). */
const REFRESH_MS = 15000;

let continuation = null;
let paged = false;
let current = null; // the ticket on show: { id, etag }

async function loadQueue(append) {
  const filters = values($('filters'));
  const query = new URLSearchParams(filters);
  if (append && continuation) query.set('continuation', continuation);
  paged = append;
  const [res] = await Promise.all([api('GET', 'staff/tickets?' + query), loadDuty(filters.community)]);
  if (!ok(res, $('queue-error'))) return;
  $('queue-error').textContent = '';
  $('queue-updated').textContent = t('updated', when(new Date().toISOString()));
  const rows = $('rows');
  if (!append) rows.replaceChildren();
  for (const ticket of res.data.items) {
    const tr = el('tr', ticket.emergency ? 'emergency' : '');
    const link = el('a', '', ticket.id);
    link.href = '#t=' + encodeURIComponent(ticket.id);
    const idCell = el('td');
    idCell.append(link);
    if (ticket.emergency) idCell.append(' ', el('span', 'overdue', word('priority', 'emergency')));
    if (ticket.overdue) idCell.append(' ', el('span', 'overdue', t('overdue')));
    if (ticket.channel !== 'web') idCell.append(' ', el('span', 'note', word('channel', ticket.channel)));
    if (ticket.answeredByNotice) idCell.append(' ', el('span', 'note', t('answered')));
    tr.append(idCell, el('td', '', word('status', ticket.status)), el('td', '', word('department', ticket.department)),
      el('td', '', ticket.address), el('td', '', ticket.description), el('td', '', ticket.acceptedBy ?? ''));
    rows.append(tr);
  }
  continuation = res.data.continuation;
  $('more').hidden = !continuation;
}

/** The red banner: open tickets the router could send to nobody, and the departments with no one on the roster. */
async function loadDuty(community) {
  const res = await api('GET', 'staff/duty?' + new URLSearchParams({ community }));
  const stranded = res?.status === 200 ? res.data.stranded : [];
  const empty = stranded.length ? res.data.departments.filter((d) => d.onRoster === 0).map((d) => word('department', d.department)) : [];
  $('duty-banner').hidden = !stranded.length;
  $('duty-banner').textContent = stranded.length
    ? t('duty.banner', community, stranded.map((s) => s.id).join(t('list')), empty.join(t('list')) || t('duty.offDuty')) : '';
}

setInterval(() => {
  if (!$('queue').hidden && !document.hidden && !paged && !$('rows').contains(document.activeElement)) loadQueue(false);
}, REFRESH_MS);

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
