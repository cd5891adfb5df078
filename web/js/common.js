// Owner pages' chrome over dom.js: config, community, dictionary, header.
import { $, api, el, env, getJson, lang, speak, t, translate, wire } from './dom.js';
export * from './dom.js';
export const params = new URLSearchParams(location.search);
export let cfg = {};
export const site = {};
const hooks = [];

export const loc = (o) => (o?.[lang] || o?.['zh-CN'] || o) || '';
export const onLang = (f) => hooks.push(f);
// Dictionary text that follows language switches.
const tr = (node, key) => { node.dataset.t = key; return node; };
export const say = (node, key) => { tr(node, key).textContent = t(key); };

export function tel(phone, cls) {
  const a = el('a', cls, phone);
  a.href = 'tel:' + phone.replace(/[^\d+]/g, '');
  return a;
}

function paint() {
  site.name = loc(site.c.name) || site.slug;
  translate();
  for (const e of document.querySelectorAll('.sos-phone')) e.replaceWith(tel(site.phone, 'sos-phone'));
  document.title = t(document.body.dataset.title) + ' · ' + site.name;
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  $('cname').textContent = site.name;
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
  await speak(next, getJson(`i18n/${next}.json`));
  paint();
  hooks.forEach((f) => f());
}

export async function start() {
  [cfg] = await Promise.all([getJson('config.json'), speak(lang, getJson(`i18n/${lang}.json`))]);
  env.api = (cfg.apiBaseUrl || '/') + 'api/';
  const slug = params.get('community');
  site.slug = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug ?? '') ? slug : cfg.defaultCommunity;
  const c = await api('GET', 'communities/' + site.slug);
  site.c = c?.status === 200 ? c.data : {};
  site.phone = site.c.emergencyPhone ?? cfg.emergencyPhone;
  env.tz = site.c.timeZone ?? cfg.timeZone;
  const brand = el('p', 'brand');
  brand.append(Object.assign(el('span'), { id: 'cname' }), ' ', tr(el('span'), 'brand'));
  const sw = Object.assign(tr(el('button', 'link'), 'switch'), { type: 'button', id: 'lang', onclick: () => setLang(lang === 'en' ? 'zh-CN' : 'en') });
  const nav = el('nav');
  nav.dataset.l = 'nav';
  const here = location.pathname.split('/').pop() || 'index.html';
  for (const page of ['index', 'notices', 'faq', 'home']) {
    const a = nav.appendChild(tr(el('a'), 'nav.' + page));
    a.href = (page === 'home' && cfg.homeBase || '') + `${page}.html?community=${site.slug}`;
    if (here === page + '.html') a.ariaCurrent = 'page';
  }
  const sos = el('p', 'sos');
  sos.append(tr(el('span'), 'sos'), ' ', el('a', 'sos-phone'));
  $('top').append(brand, sw, nav, sos);
  document.body.prepend(Object.assign(tr(el('a', 'skip'), 'skip'), { href: '#main' }));
  document.querySelectorAll('[data-radios]').forEach(radios);
  wire(document);
  paint();
}
