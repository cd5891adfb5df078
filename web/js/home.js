// The owner's home: sign in by phone and SMS code; units, tickets (to their tracking pages), fees with their make-up; fee replies; SMS choices.
import { $, api, el, extend, fmt, getJson, lang, onLang, send, show, site, start, t, translate } from './common.js';

const f = $('signin');
let v = null, prefs = null, evs = [];

const words = async () => { extend(await getJson(`home/${lang}.json`)); translate(); render(); };

function ticket(x) {
  const li = el('li', 'card'), a = el('a', '', x.id);
  a.href = x.trackUrl;
  li.append(a, ' ', el('strong', '', t('st.' + x.status)), el('br'), t('kind.' + x.kind) + ' · ' + x.description.slice(0, 80));
  if (x.canRate) li.append(' ', el('span', 'badge', t('h.rate')));
  return li;
}

function fee(x) {
  const li = el('li', x.overdue ? 'card outage' : 'card'), dl = el('dl'), m = x.makeUp;
  li.append(el('strong', '', t('fee.' + x.feeType) + ' · ' + x.period + ' · ' + x.address), dl);
  for (const [k, val] of [['fee.amount', x.amount], ['fee.paid', x.paid], ['fee.owed', x.owed],
    ['fee.due', x.dueDate + (x.overdue ? ' ' + t('fee.late') : '')], ['fee.promised', x.promisedBy]]) {
    if (val) dl.append(el('dt', '', t(k)), el('dd', '', val));
  }
  if (m) li.append(el('p', 'meta', t('mk.' + m.basis, m.rate, m.quantity, m.months, m.computed, m.space) + (+m.adjustment ? t('mk.adj', m.adjustment) : '')));
  return li;
}

// An event with my sign-up, and the one button that applies: sign up while open, cancel while signed up.
function event(x) {
  const li = el('li', 'card'), mine = x.myStatus && x.myStatus !== 'cancelled';
  li.append(el('strong', '', x.title), el('br'), fmt(x.start) + ' · ' + x.place + ' · ' + t('ev.' + (x.myStatus ?? 'left'), x.placesLeft, x.myWaitingPosition));
  if (mine || (x.signupOpen && !x.myStatus)) {
    const b = el('button', '', t(mine ? 'ev.cancel' : 'ev.join'));
    b.type = 'button';
    b.onclick = async () => {
      b.disabled = true;
      const res = await api(mine ? 'DELETE' : 'POST', `owner/events/${encodeURIComponent(x.id)}/signups`, mine ? undefined : {});
      $('ev-msg').textContent = res?.data?.message ?? res?.data?.detail ?? t('netFail');
      await load();
      $('ev-msg').focus();
    };
    li.append(' ', b);
  }
  return li;
}

const list = (id, items, make) => $(id).replaceChildren(...(items.length ? items.map(make) : [el('li', '', t('h.none'))]));

function render() {
  show(f, !v);
  show($('home'), v);
  if (!v) return;
  $('who').textContent = t('in.who', v.phoneMasked);
  list('units', v.units, (u) => el('li', 'card', [u.address, u.area && t('u.area', u.area), u.parkingSpace && t('u.space', u.parkingSpace)].filter(Boolean).join(' · ')));
  $('unit').replaceChildren(...v.units.map((u) => Object.assign(el('option', '', u.address), { value: u.key })));
  list('tickets', v.tickets, ticket);
  list('fees', v.fees, fee);
  list('events', evs, event);
  $('payby').textContent = t('fee.payby', v.paymentInstructions);
  const p = $('prefs');
  if (!prefs || p.contains(document.activeElement)) return;
  for (const k of ['feeReminders', 'notices', 'events']) p[k].checked = prefs[k];
  p.sms.checked = !prefs.optedOut;
  p.language.value = prefs.language;
}

async function load() {
  const [h, p, e] = await Promise.all([api('GET', 'owner/home'), api('GET', 'owner/preferences'), api('GET', 'owner/events')]);
  v = h?.status === 200 ? h.data : null;
  evs = e?.status === 200 ? e.data : [];
  prefs = p?.status === 200 ? p.data : null;
  $('msg').textContent = !h ? t('netFail') : h.status >= 500 ? t('busy') : '';
  render();
}

const body = () => ({ community: site.slug, phone: f.phone.value.trim() });

$('ask').addEventListener('click', async () => {
  const b = $('ask');
  b.disabled = true;
  const res = await send(f, $('msg'), '', 'POST', 'owner/codes', body());
  b.disabled = false;
  if (res?.status === 202) { $('msg').textContent = res.data.detail; f.code.focus(); }
});

f.addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await send(f, $('msg'), '', 'POST', 'owner/sessions', { ...body(), code: f.code.value.trim() });
  if (res?.status === 200) { f.reset(); await load(); }
});

$('out').addEventListener('click', async () => { await api('DELETE', 'owner/sessions'); v = null; render(); });

$('reply').addEventListener('submit', async (e) => {
  e.preventDefault();
  const r = e.target, out = $('r-msg');
  const res = await send(r, out, '', 'POST', 'owner/fee-replies',
    { unit: r.unit.value, kind: r.kind.value || undefined, text: r.text.value.trim() || undefined, promisedDate: r.promisedDate.value || undefined });
  if (res?.status !== 201) return;
  r.reset();
  await load();
  out.textContent = t('r.done', res.data.id);
  out.focus();
});

$('prefs').addEventListener('submit', async (e) => {
  e.preventDefault();
  const p = e.target, out = $('p-msg');
  const res = await send(p, out, '', 'PUT', 'owner/preferences', { feeReminders: p.feeReminders.checked, notices: p.notices.checked,
    events: p.events.checked, optedOut: !p.sms.checked, language: p.language.value || undefined });
  if (res?.status !== 200) return;
  prefs = res.data;
  out.textContent = t('p.saved');
  out.focus();
});

await start();
onLang(words);
await words();
await load();
