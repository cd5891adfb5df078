import { $, api, el, fieldErrors, fmt, onLang, say, send, show, site, start, t, translate, wire } from './common.js';

const when = (x) => [x.start, x.expectedEnd ?? x.end].filter(Boolean).map(fmt).join(' – ');
let notices = [];
let events = [];

async function load(what, msg) {
  const res = await api('GET', `${what}?community=${site.slug}`);
  const items = res?.status === 200 ? res.data : [];
  say(msg, !res ? 'netFail' : res.status !== 200 ? 'busy' : items.length ? '' : what + '.none');
  return items;
}

function render() {
  $('notices').replaceChildren(...notices.map((n) => {
    const li = el('li', n.outage ? 'card outage' : 'card');
    const h = li.appendChild(el('h3', '', n.title));
    if (n.outage) h.prepend(el('span', 'badge', t('outage')), ' ');
    li.append(el('p', 'meta', when(n)), el('p', 'desc', n.body), ...n.updates.map((u) => el('p', 'desc', fmt(u.at) + ' ' + u.text)));
    return li;
  }));
  $('events').replaceChildren(...events.map((ev, i) => {
    const li = $('ev').content.firstElementChild.cloneNode(true);
    const [h, meta, desc, form] = li.children;
    h.textContent = ev.title;
    meta.textContent = [when(ev), ev.place, t(ev.signupOpen ? 'ev.left' : 'ev.closed', ev.placesLeft)].join(' · ');
    desc.textContent = ev.description;
    show(form, ev.signupOpen);
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
  const out = f.querySelector('[role=status]');
  const res = await send(f, out, prefix, 'POST', `events/${encodeURIComponent(ev.id)}/signups`, body);
  if (res?.status < 300) out.textContent = res.data.message;
}

await start();
[notices, events] = await Promise.all([load('notices', $('n-msg')), load('events', $('ev-msg'))]);
notices.sort((a, b) => b.outage - a.outage);
render();
onLang(render);
