import { $, api, el, fieldErrors, fmt, lang, show, site, start, t } from './common.js';
import { upload } from './photos.js';

const form = $('form');
const summary = $('summary');
// Kept until answered: retries and double taps make one ticket.
let key = null;

// As TicketSubmission.cs: [max length, required, multiline].
const rules = { building: [20, 1], unit: [10], room: [10, 1], name: [40, 1], phone: [32, 1], description: [2000, 1, 1], preferredTime: [100] };
const other = { 'otherParty.building': [20, 1], 'otherParty.unit': [10], 'otherParty.room': [10, 1] };
const val = (f) => $(f.replace('.', '-')).value.trim();
const kind = () => form.kind.value;

// As PhoneNumber.TryNormalize.
function phoneOk(raw) {
  let p = raw.replace(/[ \-().\u00a0]/g, '').replace(/^00/, '+');
  if (/^(\+86|86)1\d{10}$/.test(p)) p = p.slice(-11);
  return /^1[3-9]\d{9}$/.test(p) || /^\+(?!86)[1-9]\d{6,14}$/.test(p);
}

function check() {
  const errors = [];
  for (const [f, [max, required, multi]] of Object.entries(kind() === 'mediation' ? { ...rules, ...other } : rules)) {
    const v = val(f);
    const code = !v ? required && 'required'
      : v.length > max ? 'too_long'
      : (multi ? /[\0-\x08\v\f\x0e-\x1f\x7f-\x9f]/ : /[\0-\x1f\x7f-\x9f]/).test(v) ? 'control_chars'
      : f === 'phone' && !phoneOk(v) && 'phone_invalid';
    if (code) errors.push([f, { code, arg: max }]);
  }
  return errors;
}

function body() {
  const k = kind();
  const b = { community: site.slug, kind: k === 'emergency' ? 'repair' : k, language: lang, emergency: k === 'emergency' || undefined };
  if (b.kind === 'repair') b.scope = form.scope.value;
  for (const f in rules) b[f] = val(f) || undefined;
  if (k === 'mediation') b.otherParty = { building: val('otherParty.building'), unit: val('otherParty.unit') || undefined, room: val('otherParty.room') };
  return JSON.stringify(b);
}

function report(errors) {
  const list = summary.querySelector('ul');
  list.replaceChildren(...fieldErrors(form, errors).map(([input, text]) => {
    const li = el('li');
    const a = li.appendChild(el('a'));
    const label = form.querySelector(`label[for="${input?.id}"]`) ?? input?.closest('fieldset').querySelector('legend');
    a.textContent = (label?.textContent ?? '') + (lang === 'en' ? ' ' : '：') + text;
    a.href = '#' + input?.id;
    a.addEventListener('click', (e) => { e.preventDefault(); input?.focus(); });
    return li;
  }));
  show(summary, errors.length);
  if (errors.length) summary.focus();
}

// Active outage notices; those of the building typed are shown before the owner reports the same thing.
let outages = [];
const bkey = (b) => b.trim().toUpperCase().replace(/(.)(号楼|栋|幢|座|楼|号)$/, '$1');

function layout() {
  const text = $('description').value.toLowerCase();
  show($('scope-set'), kind() === 'repair');
  show($('paid'), form.scope.value === 'in-home');
  show($('other'), kind() === 'mediation');
  show($('sos-hint'), kind() === 'emergency' || (site.c.emergencyKeywords ?? []).some((w) => text.includes(w.toLowerCase())));
  const b = bkey(val('building'));
  const here = b ? outages.filter((n) => n.allBuildings || n.buildings.some((x) => bkey(x) === b)) : [];
  $('outages').replaceChildren(...here.map((n) => el('li', '', n.title + (n.expectedEnd ? ' · ' + t('out.until', fmt(n.expectedEnd)) : ''))));
  show($('out'), here.length);
}

async function send(e) {
  e.preventDefault();
  const errors = check();
  report(errors);
  if (errors.length) return;
  const button = $('send');
  const status = $('status');
  button.disabled = true;
  button.textContent = t('sending');
  const payload = body();
  key ??= crypto.randomUUID();
  // Same key and body: the API replays its first answer.
  const retry = (res) => !res || res.status >= 500 || res.status === 409;
  let res = null;
  for (let attempt = 0; attempt < 3 && retry(res); attempt++) {
    if (attempt) { status.textContent = t('retrying'); await new Promise((r) => setTimeout(r, 1000 * attempt)); }
    res = await api('POST', 'tickets', payload, { 'Idempotency-Key': key });
  }
  button.disabled = false;
  button.textContent = t('send');
  status.textContent = '';
  if (res?.status === 201) return done(res.data);
  if (retry(res)) { status.textContent = t('sendFail'); return; }
  key = null; // refused: nothing was made
  const errs = Object.entries(res.data?.errors ?? {});
  if (errs.length) report(errs.map(([f, m]) => [f === 'otherParty' ? 'otherParty.building' : f, m[0]]));
  else status.textContent = res.data?.detail ?? t('busy');
}

function done(r) {
  show(form, false);
  show($('done'), true);
  $('done-id').textContent = r.id;
  $('done-msg').textContent = r.message;
  $('done-link').href = `track.html?id=${encodeURIComponent(r.id)}&k=${encodeURIComponent(r.token)}`;
  $('done-h').focus();
  key = null;
  const files = $('photos').files;
  if (files.length) upload('tickets/' + r.id, '?k=' + r.token, files, $('done-photos'));
}

// The other party's address: the owner's fields again, with their own ids.
const row = form.querySelector('.row').cloneNode(true);
for (const x of row.querySelectorAll('input')) x.id = 'otherParty-' + x.id;
for (const x of row.querySelectorAll('label')) x.htmlFor = 'otherParty-' + x.htmlFor;
$('other').append(row);
await start();
const now = new Date();
const notices = await api('GET', 'notices?community=' + site.slug);
outages = (notices?.status === 200 ? notices.data : [])
  .filter((n) => n.outage && n.status === 'active' && new Date(n.start) <= now && !(n.expectedEnd && new Date(n.expectedEnd) < now));
form.kind.value = 'repair';
form.scope.value = 'public';
form.addEventListener('submit', send);
form.addEventListener('change', layout);
$('description').addEventListener('input', layout);
$('building').addEventListener('input', layout);
layout();
