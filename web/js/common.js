// Shared by the owner pages. Text goes in through textContent only, never innerHTML.
export const $ = (id) => document.getElementById(id);
export const params = new URLSearchParams(location.search);
export let lang = 'zh-CN';
try { if (localStorage.lang === 'en') lang = 'en'; } catch { /* storage blocked */ }
export let cfg = {};
export const site = {};
let dict = {};
const hooks = [];

export async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(url);
  return r.json();
}

export const t = (key, arg) => (dict[key] ?? key).replace('{0}', arg ?? '');
export const loc = (o) => (o?.[lang] ?? o?.['zh-CN'] ?? o) || '';
export const show = (node, on) => { node.hidden = !on; };
export const onLang = (f) => hooks.push(f);
export const fmt = (iso) => new Intl.DateTimeFormat(lang, { timeZone: site.tz, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
// Dictionary text that follows language switches.
const tr = (node, key) => { node.dataset.t = key; return node; };
export const say = (node, key) => { tr(node, key).textContent = t(key); };

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

export function tel(phone, cls) {
  const a = el('a', cls, phone);
  a.href = 'tel:' + phone.replace(/[^\d+]/g, '');
  return a;
}

// [data-t]: text, [data-l]: aria-label, from the dictionary (data-a: the {0} argument).
export function translate(root = document) {
  for (const e of root.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t, e.dataset.a);
  for (const e of root.querySelectorAll('[data-l]')) e.ariaLabel = t(e.dataset.l);
  for (const e of root.querySelectorAll('.sos-phone')) e.replaceWith(tel(site.phone, 'sos-phone'));
  document.documentElement.lang = lang;
  document.title = t(document.body.dataset.title) + ' · ' + site.name;
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  $('cname').textContent = site.name;
}

// Each field gets an error line; hint and error describe it.
export function wire(root) {
  for (const x of root.querySelectorAll('input[id]:not([type=radio]), textarea, fieldset[data-e]')) {
    const id = x.dataset.e ?? x.id;
    const hint = x.nextElementSibling?.className === 'hint' ? x.nextElementSibling : null;
    const err = el('p', 'err');
    err.id = 'e-' + id;
    if (hint) hint.id = 'h-' + id;
    (x.dataset.e ? x.firstElementChild : hint ?? x).after(err);
    x.setAttribute('aria-describedby', (hint ? hint.id + ' ' : '') + err.id);
  }
}

// Radio buttons from <div data-radios="name value,value dictionary-prefix">.
function radios(box) {
  const [name, values, prefix] = box.dataset.radios.split(' ');
  for (const value of values.split(',')) {
    const text = el('span', '', value);
    box.appendChild(el('label')).append(Object.assign(el('input'), { type: 'radio', name, value }), ' ', prefix ? tr(text, prefix + value) : text);
  }
}

async function setLang(next) {
  dict = await getJson(`i18n/${next}.json`);
  lang = next;
  try { localStorage.lang = next; } catch { /* not remembered */ }
  site.name = loc(site.c.name) || site.slug;
  translate();
  hooks.forEach((f) => f());
}

export async function start() {
  [cfg, dict] = await Promise.all([getJson('config.json'), getJson(`i18n/${lang}.json`)]);
  const slug = params.get('community');
  site.slug = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug ?? '') ? slug : cfg.defaultCommunity;
  site.c = cfg.communities[site.slug] ?? {};
  site.name = loc(site.c.name) || site.slug;
  site.phone = site.c.emergencyPhone ?? cfg.emergencyPhone;
  site.tz = site.c.timeZone ?? cfg.timeZone;
  const brand = el('p', 'brand');
  brand.append(Object.assign(el('span'), { id: 'cname' }), ' ', tr(el('span'), 'brand'));
  const sw = Object.assign(tr(el('button', 'link'), 'switch'), { type: 'button', id: 'lang', onclick: () => setLang(lang === 'en' ? 'zh-CN' : 'en') });
  const nav = el('nav');
  nav.dataset.l = 'nav';
  const here = location.pathname.split('/').pop() || 'index.html';
  for (const page of ['index', 'notices', 'faq']) {
    const a = nav.appendChild(tr(el('a'), 'nav.' + page));
    a.href = `${page}.html?community=${site.slug}`;
    if (here === page + '.html') a.ariaCurrent = 'page';
  }
  const sos = el('p', 'sos');
  sos.append(tr(el('span'), 'sos'), ' ', el('a', 'sos-phone'));
  $('top').append(brand, sw, nav, sos);
  document.body.prepend(Object.assign(tr(el('a', 'skip'), 'skip'), { href: '#main' }));
  document.querySelectorAll('[data-radios]').forEach(radios);
  wire(document);
  translate();
}

// Answers { status, data }, or null when the network failed.
export async function api(method, path, body, headers) {
  try {
    const r = await fetch((cfg.apiBaseUrl || '') + 'api/' + path, {
      method,
      headers: { 'Accept-Language': lang, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : body && JSON.stringify(body),
    });
    return { status: r.status, data: await r.json().catch(() => null) };
  } catch {
    return null;
  }
}

// Shows [[field, message or {code, arg}]] at their fields; answers [[input, text]].
export function fieldErrors(form, errors, prefix = '') {
  if (!Array.isArray(errors)) errors = Object.entries(errors).map(([k, m]) => [k, m[0]]); // the API's
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
