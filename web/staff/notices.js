// Notices (publish, update, withdraw, SMS broadcast figures) and community events (create, sign-up lists, CSV export).
// Text from people is set with textContent only.
import { $, api, el, fieldErrors, t, wire } from '../js/dom.js';
import { apiUrl, ok, section, submit, values, when, word } from './console.js';

let notice = null; // the notice open for update: { id, community, etag }

const communityOf = (form) => new FormData(form).get('community').trim();

/** Posts a create form: on success clears it, says so and answers the new notice or event. */
async function create(form, path, payload, done) {
  const status = form.querySelector('[role=status]');
  status.textContent = '';
  // One key per publication: a retry after a lost answer gets the notice it created, never a second broadcast.
  form.dataset.key ||= crypto.randomUUID();
  const res = await submit(form, 'POST', path, payload, { 'Idempotency-Key': form.dataset.key });
  if (res?.status >= 300 || !res) return null;
  delete form.dataset.key;
  form.reset();
  status.textContent = t(done, res.data.title, res.data.id);
  return res.data;
}

/** The chosen community's notices or events as cards; a card's title opens that one. */
async function loadCards(name, path, open, fill) {
  const community = communityOf($(`${name}-filter`));
  const res = await api('GET', `${path}?` + new URLSearchParams({ community }));
  const list = $(`${name}-list`);
  list.replaceChildren();
  $(`${name}-detail`).hidden = true;
  if (!ok(res, $(`${name}-error`))) return;
  $(`${name}-error`).textContent = '';
  if (res.data.length === 0) list.append(el('li', 'note', t(`${name}.none`)));
  for (const entry of res.data) {
    const item = el('li', 'card');
    item.dataset.id = entry.id;
    const title = Object.assign(el('button', 'link', entry.title), { type: 'button' });
    title.addEventListener('click', () => open(community, entry.id));
    item.append(title);
    fill(item, entry);
    list.append(item);
  }
}

// ---- Notices ----

const noticeTime = (n) => (n.expectedEnd ? `${when(n.start)} – ${when(n.expectedEnd)}` : t('n.from', when(n.start)));
const noticeScope = (n) => (n.allBuildings ? t('n.allBuildings') : n.buildings.map((b) => t('building', b)).join(t('list')));
const noticeType = (n) => [word('notice_type', n.type), n.outage ? t('n.outage') : '', n.safety ? t('n.safety') : ''].filter(Boolean).join(' · ');

const loadNotices = () => loadCards('notice', 'staff/notices', openNotice, (item, n) => {
  item.classList.add(n.status);
  if (n.outage && n.status === 'active') item.classList.add('outage');
  const badges = el('span', 'badges');
  if (n.outage) badges.append(el('span', 'badge outage', t('n.outage')));
  if (n.safety) badges.append(el('span', 'badge', t('n.safety')));
  badges.append(el('span', `badge status-${n.status}`, word('notice_status', n.status)));
  item.append(badges, el('p', 'meta', [word('notice_type', n.type), noticeScope(n), noticeTime(n), n.sendSms ? t('sms') : ''].filter(Boolean).join(' · ')));
});

/** The notice with its broadcast figures and its ETag (in the body: across origins the header is hidden from scripts). */
async function openNotice(community, id) {
  const res = await api('GET', `staff/notices/${encodeURIComponent(id)}?` + new URLSearchParams({ community }));
  if (!ok(res, $('notice-error'))) return;
  notice = { id, community, etag: res.data.etag };
  renderNotice(res.data);
}

function renderNotice(n) {
  $('notice-detail').hidden = false;
  $('notice-detail-title').textContent = `${n.title} · ${word('notice_status', n.status)}`;
  const facts = [
    ['n.id', n.id],
    ['n.type', noticeType(n)],
    ['n.scope', noticeScope(n)],
    ['n.time', noticeTime(n)],
    ['n.resolvedAt', when(n.resolvedAt)],
    ['n.withdrawnAt', when(n.withdrawnAt)],
    ['sms', t(n.sendSms ? 'n.smsSent' : 'n.smsNone')],
    ['n.published', `${when(n.createdAt)} · ${n.createdBy}`],
  ];
  $('notice-facts').replaceChildren(...facts.filter(([, value]) => value).flatMap(([key, value]) => [el('dt', '', t(key)), el('dd', '', value)]));
  $('notice-body').textContent = n.body;
  $('notice-updates').replaceChildren(...n.updates.map((u) => el('li', '', `v${u.version} · ${when(u.at)} · ${u.text}${u.sms ? ' · ' + t('sms') : ''}`)));
  const broadcasts = n.broadcasts ?? [];
  $('notice-broadcasts').replaceChildren(...(broadcasts.length
    ? broadcasts.map((b) => el('li', '', t('n.figures', b.version, b.households ?? '…', b.queued, b.sent, b.skipped, b.failed, b.pending)))
    : [el('li', 'note', t('n.noBroadcast'))]));
  const open = n.status !== 'withdrawn';
  $('notice-update').hidden = !open;
  $('notice-withdraw').hidden = !open;
  $('notice-update').elements.sendSms.checked = n.sendSms;
}

async function publishNotice(e) {
  e.preventDefault();
  const form = $('notice-publish');
  const v = values(form);
  const all = form.elements.allBuildings.checked;
  const payload = {
    community: communityOf($('notice-filter')), type: v.type, title: v.title ?? '', body: v.body ?? '',
    buildings: all ? undefined : (v.buildings ?? '').split(/[,，、\s]+/).filter(Boolean),
    allBuildings: all, start: v.start, expectedEnd: v.expectedEnd, sendSms: form.elements.sendSms.checked,
  };
  const created = await create(form, 'staff/notices', payload, 'n.publishedAs');
  if (!created) return;
  syncPublishForm();
  await loadNotices();
  await openNotice(created.community, created.id);
}

/** Update and withdraw: If-Match with the ETag read with the notice; a stale one reloads it and says why. */
async function changeNotice(form, method, path, payload, done) {
  const target = notice;
  const res = await submit(form, method, path, { community: target.community, ...payload }, { 'If-Match': target.etag });
  if (res?.status < 300) {
    form.reset();
    await loadNotices();
    await openNotice(target.community, target.id);
    $('notice-detail-title').append(el('span', 'done', ' · ' + t(done)));
  } else if (res?.status === 412) {
    // Someone changed the notice since it was opened: show theirs, keep what this user typed.
    await openNotice(target.community, target.id);
    form.querySelector('.summary').textContent = t('n.stale');
  }
}

function updateNotice(e) {
  e.preventDefault();
  const form = $('notice-update');
  changeNotice(form, 'PUT', `staff/notices/${encodeURIComponent(notice.id)}`,
    { update: values(form).update ?? '', resolved: form.elements.resolved.checked, sendSms: form.elements.sendSms.checked }, 'n.updated');
}

function withdrawNotice(e) {
  e.preventDefault();
  const form = $('notice-withdraw');
  const reason = values(form).reason;
  fieldErrors(form, reason ? [] : [['reason', t('n.needReason')]], 'notice-withdraw-')[0]?.[0].focus();
  if (reason) changeNotice(form, 'POST', `staff/notices/${encodeURIComponent(notice.id)}/withdraw`, { reason }, 'n.withdrawn');
}

/** "All buildings" replaces the list; ticking SMS says on the button what will happen. */
function syncPublishForm() {
  const form = $('notice-publish');
  form.elements.buildings.disabled = form.elements.allBuildings.checked;
  const button = form.querySelector('button[type=submit]');
  button.dataset.t = form.elements.sendSms.checked ? 'n.publishSms' : 'n.publish';
  button.textContent = t(button.dataset.t);
}

// ---- Events ----

// The public list (events not yet ended) has all a clerk needs; the sign-ups come from the staff API.
const loadEvents = () => loadCards('event', 'events', (_, id) => openEvent(id), (item, e) => item.append(el('p', 'meta', eventFacts(e))));

const eventFacts = (e) => t('e.facts', `${when(e.start)} – ${when(e.end)}`, e.place, e.confirmed, e.capacity, e.waiting, when(e.signupDeadline))
  + (e.signupOpen ? '' : t('e.closed'));

async function openEvent(id) {
  const path = `staff/events/${encodeURIComponent(id)}/signups`;
  const res = await api('GET', path);
  if (!ok(res, $('event-error'))) return;
  const { event, signups } = res.data;
  $('event-detail').hidden = false;
  $('event-detail-title').textContent = event.title;
  $('event-facts').textContent = eventFacts(event);
  $('event-csv').href = apiUrl(path + '?format=csv');
  const line = (s) => t('e.signup', s.name, s.phone, t('building', s.building), s.room, s.people, when(s.signedUpAt));
  const confirmed = signups.filter((s) => s.status === 'confirmed');
  const waiting = signups.filter((s) => s.status === 'waiting'); // cancelled sign-ups are in the CSV export only
  const none = () => [el('li', 'note', t('none'))];
  $('signups-confirmed').replaceChildren(...(confirmed.length ? confirmed.map((s) => el('li', '', line(s))) : none()));
  $('signups-waiting').replaceChildren(...(waiting.length ? waiting.map((s) => el('li', '', t('e.waitingAt', s.waitingPosition, line(s)))) : none()));
}

async function createEvent(e) {
  e.preventDefault();
  const form = $('event-create');
  const v = values(form);
  const payload = {
    community: communityOf($('event-filter')), title: v.title ?? '', description: v.description ?? '', place: v.place ?? '',
    start: v.start ?? '', end: v.end ?? '', capacity: v.capacity ? Number(v.capacity) : undefined, signupDeadline: v.signupDeadline,
  };
  const created = await create(form, 'staff/events', payload, 'e.created');
  if (!created) return;
  await loadEvents();
  await openEvent(created.id);
}

for (const id of ['notice-publish', 'notice-update', 'notice-withdraw', 'event-create']) wire($(id));
$('notice-filter').addEventListener('submit', (e) => { e.preventDefault(); loadNotices(); });
$('notice-publish').addEventListener('submit', publishNotice);
$('notice-publish').addEventListener('change', syncPublishForm);
$('notice-update').addEventListener('submit', updateNotice);
$('notice-withdraw').addEventListener('submit', withdrawNotice);
$('event-filter').addEventListener('submit', (e) => { e.preventDefault(); loadEvents(); });
$('event-create').addEventListener('submit', createEvent);

section({ id: 'notices', hash: 'notices', load: loadNotices });
section({ id: 'events', hash: 'events', load: loadEvents });
