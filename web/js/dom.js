// Shared by the owner pages and the staff console; text goes in through textContent only.
export const $ = (id) => document.getElementById(id);
export const env = { api: 'api/' }; // API base; tz: dates' zone
export let lang = 'zh-CN';
try { if (localStorage.lang === 'en') lang = 'en'; } catch { /* storage blocked */ }
let dict = {};

export async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url);
  return r.json();
}

export async function speak(next, words) {
  dict = await words;
  lang = next;
  try { localStorage.lang = next; } catch { /* not remembered */ }
}

export const extend = (words) => Object.assign(dict, words);
export const t = (key, ...a) => (dict[key] ?? key).replace(/\{(\d)\}/g, (_, i) => a[i] ?? '');
export const show = (node, on) => { node.hidden = !on; };
export const fmt = (iso) => new Date(iso).toLocaleString(lang, { timeZone: env.tz, dateStyle: 'medium', timeStyle: 'short' });

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// [data-t]: text, [data-l]: aria-label, from the dictionary (data-a: the {0} argument).
export function translate(root = document) {
  for (const e of root.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t, e.dataset.a);
  for (const e of root.querySelectorAll('[data-l]')) e.ariaLabel = t(e.dataset.l);
  document.documentElement.lang = lang;
}

export function wire(root) {
  for (const x of root.querySelectorAll('input[id]:not([type=radio]), select[id], textarea, fieldset[data-e]')) {
    const id = x.dataset.e ?? x.id;
    const hint = x.nextElementSibling?.className === 'hint' ? x.nextElementSibling : null;
    const err = el('p', 'err');
    err.id = 'e-' + id;
    if (hint) hint.id = 'h-' + id;
    (x.dataset.e ? x.firstElementChild : hint ?? x).after(err);
    x.setAttribute('aria-describedby', (hint ? hint.id + ' ' : '') + err.id);
  }
}

// Answers { status, data }, or null when the network failed.
export async function api(method, path, body, headers) {
  try {
    const r = await fetch(env.api + path, {
      method,
      headers: { 'Accept-Language': lang, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : body && JSON.stringify(body),
    });
    return { status: r.status, data: await r.json().catch(() => null) };
  } catch {
    return null;
  }
}

// Sends form f's request with its button disabled; shows a refusal at the fields or in out. Answers the answer.
export async function send(f, out, prefix, ...request) {
  const b = f.querySelector('[type=submit]');
  b.disabled = true;
  const res = await api(...request);
  b.disabled = false;
  const errors = res?.data?.errors;
  fieldErrors(f, errors ?? [], prefix)[0]?.[0]?.focus();
  out.textContent = res?.status < 300 || errors ? '' : res ? res.data?.detail ?? t('busy') : t('netFail');
  return res;
}

// Shows [[field, message or {code, arg}]] at their fields; answers [[input, text]].
export function fieldErrors(form, errors, prefix = '') {
  if (!Array.isArray(errors)) errors = Object.entries(errors).map(([k, m]) => [k, m[0]]);
  for (const e of form.querySelectorAll('.err')) { e.textContent = ''; delete e.dataset.t; }
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  return errors.map(([field, m]) => {
    const id = prefix + field.replace('.', '-');
    const input = $(id) ?? form.querySelector(`[name="${id}"]`);
    const out = $('e-' + id);
    if (out && m.code) Object.assign(out.dataset, { t: 'err.' + m.code, a: m.arg ?? '' });
    const text = m.code ? t('err.' + m.code, m.arg) : m;
    if (out) out.textContent = text;
    input?.setAttribute('aria-invalid', 'true');
    return [input, text];
  });
}
