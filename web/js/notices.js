import { $, api, el, fieldErrors, fmt, loc, onLang, say, site, start, t, translate, wire } from './common.js';

const isOutage = (n) => n.outage === true || /outage|water|power|gas/.test(n.kind ?? n.type ?? n.category ?? '');
const when = (x) => [x.startsAt && fmt(x.startsAt), x.endsAt && fmt(x.endsAt)].filter(Boolean).join(' – ');
let notices = [];
let events = [];

// A 404 (not open yet) reads as empty.
async function load(what, msg) {
  const res = await api('GET', `${what}?community=${site.slug}`);
  const items = res?.status === 200 ? (Array.isArray(res.data) ? res.data : res.data?.items ?? []) : [];
  say(msg, res?.status === 200 || res?.status === 404 ? (items.length ? '' : what + '.none') : 'busy');
  return items;
}

function render() {
  $('notices').replaceChildren(...notices.map((n) => {
    const li = el('li', isOutage(n) ? 'card outage' : 'card');
    const h = li.appendChild(el('h3', '', loc(n.title)));
    if (isOutage(n)) h.prepend(el('span', 'badge', t('outage')), ' ');
    li.append(el('p', 'meta', when(n)), el('p', 'desc', loc(n.body ?? n.text)));
    return li;
  }));
  $('events').replaceChildren(...events.map((ev, i) => {
    const li = $('ev').content.firstElementChild.cloneNode(true);
    const [h, meta, desc, form] = li.children;
    h.textContent = loc(ev.title);
    meta.textContent = [when(ev), loc(ev.place ?? ev.location)].filter(Boolean).join(' · ');
    desc.textContent = loc(ev.description ?? ev.body);
    for (const x of li.querySelectorAll('[data-f]')) x[x.tagName === 'LABEL' ? 'htmlFor' : 'id'] = `ev${i}-${x.dataset.f}`;
    wire(li);
    form.addEventListener('submit', (e) => signup(e, ev, `ev${i}-`));
    translate(li);
    return li;
  }));
}

async function signup(e, ev, prefix) {
  e.preventDefault();
  const f = e.target;
  const body = Object.fromEntries([...f.querySelectorAll('input')].map((x) => [x.dataset.f, x.value.trim()]));
  const missing = Object.keys(body).filter((k) => !body[k]).map((k) => [k, { code: 'required' }]);
  fieldErrors(f, missing, prefix)[0]?.[0].focus();
  if (missing.length) return;
  body.people = +body.people;
  f.querySelector('button').disabled = true;
  const res = await api('POST', `events/${encodeURIComponent(ev.id)}/signups`, body);
  f.querySelector('button').disabled = false;
  const out = f.querySelector('[role=status]');
  if (res?.status < 300) say(out, 'ev.done');
  else if (res?.data?.errors) fieldErrors(f, res.data.errors, prefix)[0]?.[0]?.focus();
  else out.textContent = res?.data?.detail ?? t(res ? 'busy' : 'netFail');
}

await start();
[notices, events] = await Promise.all([load('notices', $('n-msg')), load('events', $('ev-msg'))]);
notices.sort((a, b) => isOutage(b) - isOutage(a));
render();
onLang(render);
