// The staff console's shell: the API's base, who is signed in, the words (the API's vocabulary and the console's
// dictionary, Chinese first, English by a switch), and the sections with their router. Every section module
// registers itself with section(); main.js imports them all and calls start().
import { $, api, el, env, fmt, getJson, lang, send, speak, t, translate } from '../js/dom.js';

// The API answers on the console's own origin (the console may be served under any path, so never relative to it).
env.api = new URL('/api/', location.origin).href;

const RANK = { staff: 1, supervisor: 2, admin: 3 };
const sections = [];
const routed = [];
let me = null; // GET staff/me: { name, roles, vocabulary: { timeZone, codes, imports, texts } }

/**
 * Registers a section: its <section id>, the hash that reaches it (#hash, or #hash=argument), what it loads on arrival
 * (given the argument), the role it needs (admin ⊃ supervisor ⊃ staff), and whether the menu lists it (as nav.<id>).
 */
export function section({ id, hash, load, role = 'staff', menu = true }) {
  sections.push({ id, hash, load, role, menu });
}

/** Runs f after every arrival at a section (signed in), e.g. to refresh what the console shows around the sections. */
export const onRoute = (f) => routed.push(f);

/** True when the signed-in user holds <role> or one above it. */
export const hasRole = (role) => me.roles.some((r) => (RANK[r] ?? 0) >= RANK[role]);

/** The server's codes of one vocabulary list (department, kind, status, action, …) and an import's columns. */
export const codes = (list) => me.vocabulary.codes[list];
export const columns = (kind) => me.vocabulary.imports[kind];

/** The word for a code of a vocabulary list; the code itself when the vocabulary has none (a code newer than the page). */
export function word(list, code) {
  if (!code) return '';
  const key = `${list}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** A date and time in the desk's time zone (from the vocabulary), in the console's language; nothing for none. */
export const when = (iso) => (iso ? fmt(iso) : '');

/** The API's answer to a link (CSV downloads), on the API's base. */
export const apiUrl = (path) => env.api + path;

/** A form's values without the empty ones, as strings. */
export function values(form) {
  const result = {};
  for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) result[key] = value.trim();
  return result;
}

/** Why an answer is not a success, in one line: its field errors, else its detail, else its status. */
export const failure = (res) => !res ? t('netFail')
  : Object.values(res.data?.errors ?? {}).flat().join('；') || res.data?.detail || t('failed', res.status);

/** Whether an answer is a success; if not, says why in out, and a 401 (signed out meanwhile) shows the sign-in. */
export function ok(res, out) {
  if (res?.status < 300) return true;
  if (res?.status === 401) show('signin');
  if (out) out.textContent = failure(res);
  return false;
}

/**
 * Sends a form's request: field errors at the fields (the shared send; ids are the form's data-prefix, else its id and a dash,
 * then the field with its first dot a dash), and in the form's summary the API's detail and the errors of fields the form does
 * not show. Answers the answer.
 */
export async function submit(form, ...request) {
  const summary = form.querySelector('.summary');
  const prefix = form.dataset.prefix ?? form.id + '-';
  const res = await send(form, summary, prefix, ...request);
  ok(res);
  const errors = Object.entries(res?.data?.errors ?? {});
  if (errors.length) {
    summary.textContent = [res.data.detail, ...errors.filter(([field]) => !$(prefix + field.replace('.', '-')))
      .map(([field, messages]) => `${field}: ${messages.join('；')}`)].join(' ');
  }
  return res;
}

function show(id) {
  for (const s of [{ id: 'signin' }, ...sections]) $(s.id).hidden = s.id !== id;
  $('nav').hidden = id === 'signin';
}

async function route() {
  const [, hash, arg] = /^#?([^=]*)(?:=(.*))?$/.exec(location.hash);
  const s = sections.find((x) => x.hash === hash) ?? sections[0];
  show(s.id);
  const note = $(s.id + '-role');
  if (note) note.hidden = hasRole(s.role);
  await s.load?.(arg === undefined ? undefined : decodeURIComponent(arg));
  routed.forEach((f) => f());
}

/** The console's dictionary in <language> (or its promise) with the API's words for the server's codes over it. */
async function words(language, dictionary = getJson(`i18n/${language}.json`)) {
  return { ...await dictionary, ...me?.vocabulary.texts[language] };
}

function paint() {
  translate();
  document.title = t('title');
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  if (me) $('who').textContent = `${me.name} · ${me.roles.join(', ')}`;
}

async function switchLanguage() {
  const next = lang === 'en' ? 'zh-CN' : 'en';
  await speak(next, words(next));
  paint();
  // Sections render their answers in the language of the moment: show them again.
  if ($('signin').hidden) await route();
}

/** Options of <select data-codes="list"> from the vocabulary, worded by translate(); data-value is the default. */
function fillSelects() {
  for (const select of document.querySelectorAll('select[data-codes]')) {
    const list = select.dataset.codes;
    for (const code of codes(list)) {
      const option = Object.assign(el('option'), { value: code, defaultSelected: code === select.dataset.value });
      option.dataset.t = `${list}.${code}`;
      select.append(option);
    }
  }
}

function buildMenu() {
  const links = sections.filter((s) => s.menu).map((s) => {
    const item = el('span');
    item.id = 'nav-' + s.id;
    item.hidden = !hasRole(s.role);
    const link = item.appendChild(el('a'));
    link.href = '#' + s.hash;
    link.dataset.t = 'nav.' + s.id;
    return item;
  });
  links.slice(1).forEach((item) => item.prepend(' · '));
  $('nav').replaceChildren(...links);
}

export async function start() {
  $('lang').addEventListener('click', switchLanguage);
  const dictionary = getJson(`i18n/${lang}.json`);
  const res = await api('GET', 'staff/me');
  if (res?.status === 200) me = res.data;
  await speak(lang, words(lang, dictionary));
  if (!me) {
    paint();
    if (res?.status === 401) show('signin');
    else $('start-error').textContent = failure(res);
    return;
  }
  env.tz = me.vocabulary.timeZone;
  fillSelects();
  buildMenu();
  paint();
  window.addEventListener('hashchange', route);
  await route();
}
