// A community's settings (admins): name, office hours per weekday with holidays and 调休 working days, phones, the contacts
// owners see on the escalation ladder, SMS signature, accepted country codes, SMS budget. Saved under the ETag read; a community
// not found yet is created by saving. Text from people is set with textContent only.
import { $, api, el, t, wire } from '../js/dom.js';
import { codes, ok, section, submit, values, word } from './console.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const form = $('community-form');
let editing = null; // { slug, etag } (etag null: a new community)

const dates = (text) => (text ?? '').split(/[\s,，、;；]+/).filter(Boolean);

async function loadSlugs() {
  const res = await api('GET', 'staff/communities');
  if (res?.status === 200) $('community-slugs').replaceChildren(...res.data.map((slug) => Object.assign(el('option'), { value: slug })));
}

async function open(e) {
  e?.preventDefault();
  const slug = values($('community-pick')).community ?? '';
  const res = await api('GET', 'staff/communities/' + encodeURIComponent(slug));
  form.hidden = true;
  if (res?.status === 404 && /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) {
    show(slug, null, { hours: Object.fromEntries(DAYS.map((d) => [d, '09:00-18:00'])), countryCodes: ['86'], contacts: [] });
    return;
  }
  if (!ok(res, $('community-error'))) return;
  show(slug, res.data.etag, res.data.settings);
}

function show(slug, etag, s) {
  editing = { slug, etag };
  $('community-error').textContent = '';
  $('community-form-title').textContent = t(etag ? 's.edit' : 's.new', slug);
  const f = form.elements;
  f.nameZh.value = s.name?.['zh-CN'] ?? '';
  f.nameEn.value = s.name?.en ?? '';
  for (const day of DAYS) f['hours-' + day].value = s.hours?.[day] ?? '';
  f.holidays.value = (s.holidays ?? []).join(', ');
  f.workingDays.value = (s.workingDays ?? []).join(', ');
  f.emergencyPhone.value = s.emergencyPhone ?? '';
  f.serviceCentrePhone.value = s.serviceCentrePhone ?? '';
  f.smsSignature.value = s.smsSignature ?? '';
  f.countryCodes.value = (s.countryCodes ?? []).join(', ');
  f.smsPerHour.value = s.smsPerHour ?? '';
  $('cs-contact-list').replaceChildren();
  (s.contacts ?? []).forEach(addContact);
  form.querySelector('[role=status]').textContent = '';
  form.hidden = false;
}

/** One contact's row: role, name in both languages, phone, and a button that removes it. Ids follow the API's field names. */
function addContact(contact = {}) {
  const list = $('cs-contact-list');
  const i = list.children.length;
  const li = el('li', 'contact');
  const field = (name, label, control, value) => {
    control.id = `cs-contacts-${i}.${name}`;
    control.value = value ?? '';
    li.append(Object.assign(el('label', '', t(label)), { htmlFor: control.id }), control);
  };
  const role = el('select');
  role.append(...codes('contact_role').map((code) => Object.assign(el('option', '', word('contact_role', code)), { value: code })));
  field('role', 's.role', role, contact.role ?? 'committee');
  field('name.zh-CN', 's.nameZh', el('input'), contact.name?.['zh-CN']);
  field('name.en', 's.nameEn', Object.assign(el('input'), { lang: 'en' }), contact.name?.en);
  field('phone', 's.phone', Object.assign(el('input'), { type: 'tel' }), contact.phone);
  const remove = Object.assign(el('button', '', t('s.removeContact', i + 1)), { type: 'button' });
  remove.addEventListener('click', () => {
    const kept = contacts().filter((_, n) => n !== i);
    list.replaceChildren();
    kept.forEach(addContact);
    $('cs-add-contact').focus();
  });
  li.append(remove);
  list.append(li);
  wire(li);
}

/** The contacts as typed, in the API's shape. */
const contacts = () => [...$('cs-contact-list').children].map((li, i) => {
  const value = (name) => $(`cs-contacts-${i}.${name}`).value.trim();
  return { role: value('role'), name: { 'zh-CN': value('name.zh-CN'), en: value('name.en') }, phone: value('phone') };
});

async function save(e) {
  e.preventDefault();
  const v = values(form);
  const settings = {
    name: { 'zh-CN': v.nameZh ?? '', en: v.nameEn ?? '' },
    hours: Object.fromEntries(DAYS.map((d) => [d, v['hours-' + d] ?? ''])),
    holidays: dates(v.holidays),
    workingDays: dates(v.workingDays),
    emergencyPhone: v.emergencyPhone,
    serviceCentrePhone: v.serviceCentrePhone,
    contacts: contacts(),
    smsSignature: v.smsSignature,
    countryCodes: dates(v.countryCodes),
    smsPerHour: v.smsPerHour ? Number(v.smsPerHour) : undefined,
  };
  const status = form.querySelector('[role=status]');
  status.textContent = '';
  const res = await submit(form, 'PUT', 'staff/communities/' + encodeURIComponent(editing.slug), settings,
    editing.etag ? { 'If-Match': editing.etag } : {});
  if (res?.status === 412) {
    // Changed by someone else since it was read: show it as it is now, and say so.
    show(editing.slug, res.data.etag, res.data.current);
    status.textContent = t('s.stale');
    return;
  }
  if (res?.status >= 300 || !res) return;
  show(editing.slug, res.data.etag, res.data.settings);
  status.textContent = t('s.saved');
  loadSlugs();
}

// The week's inputs, one per day, named and labelled as the API's fields (hours.mon …).
$('cs-hours').append(...DAYS.map((day) => {
  const label = Object.assign(el('label'), { htmlFor: 'cs-hours-' + day });
  label.dataset.t = 'day.' + day;
  const input = Object.assign(el('input'), { id: 'cs-hours-' + day, name: 'hours-' + day, maxLength: 11 });
  const cell = el('span', 'day');
  cell.append(label, input);
  return cell;
}));
wire(form);
$('community-pick').addEventListener('submit', open);
$('cs-add-contact').addEventListener('click', () => {
  addContact();
  $(`cs-contacts-${$('cs-contact-list').children.length - 1}.role`).focus();
});
form.addEventListener('submit', save);

section({ id: 'communities', hash: 'communities', role: 'admin', load: () => Promise.all([loadSlugs(), editing ? open() : null]) });
