import { $, api, el, fieldErrors, fmt, loc, onLang, params, say, send, show, site, start, t, tel } from './common.js';
import { upload } from './photos.js';

// SMS link /t/{code}: served as is (assets root-relative)
const code = location.pathname.match(/\/t\/([\w-]{10})$/)?.[1];
if (code) history.replaceState(null, '', '/track.html');
let path, query;
const steps = ['received', 'dispatched', 'accepted', 'resolved'];
const rank = { received: 0, dispatched: 1, accepted: 2, in_progress: 2, resolved: 3, closed: 3, reopened: 1 };
let v = null;

function render() {
  if (!v) return;
  $('tid').textContent = v.id;
  $('status-now').textContent = t(v.answeredByNotice ? 'st.answered' : 'st.' + v.status);
  show($('answered'), v.answeredByNotice);
  show($('urgent'), v.emergency);
  const reached = rank[v.status] ?? Math.max(0, ...v.history.map((h) => rank[h.to] ?? 0));
  $('steps').replaceChildren(...steps.map((s, i) => {
    const li = el('li', i <= reached ? 'done' : '', (i <= reached ? '✓ ' : '') + t('st.' + s));
    if (i === reached) li.setAttribute('aria-current', 'step');
    return li;
  }));
  $('facts').replaceChildren(...[
    ['l.kind', t('kind.' + v.kind) + (v.scope ? ' · ' + t('scope.' + v.scope) : '')],
    ['l.department', t('dep.' + (v.department ?? 'none'))],
    ['l.address', v.address],
    ['f.phone', v.phoneMasked],
    ['f.preferredTime', v.preferredTime],
    ['l.created', fmt(v.createdAt)],
    ['l.updated', fmt(v.updatedAt)],
    ['l.expected', t(v.emergency ? 'exp.emergency' : 'exp.normal')],
  ].filter((f) => f[1]).flatMap(([key, value]) => [el('dt', '', t(key)), el('dd', '', value)]));
  $('desc').textContent = v.description;
  $('photos').replaceChildren(...v.photos.map((p) => Object.assign(el('img'), { src: p.url, alt: t('ph.alt', p.number) })));
  show($('add'), v.canAddPhotos);
  $('history').replaceChildren(...v.history.map((h) => {
    const li = el('li', '', fmt(h.at) + ' · ' + t('st.' + h.to));
    if (h.note) li.append(el('br'), h.note);
    return li;
  }));
  $('contacts').replaceChildren(...(site.c.contacts ?? []).map((c) => { const li = el('li', '', loc(c.name) + ' '); li.append(tel(c.phone)); return li; }));
  const level = v.escalationLevel ?? 0;
  $('ladder').replaceChildren(...[1, 2, 3].map((n) => el('li', '', (n <= level ? '✓ ' : '') + t('ladder.' + n))));
  show($('rate'), v.canRate);
  show($('esc'), v.canEscalate);
}

async function load() {
  const res = await api('GET', path + query);
  if (res?.status === 200) v = res.data;
  say($('msg'), v ? '' : !res ? 'netFail' : res.status === 404 ? 'track.notFound' : 'busy');
  show($('view'), v);
  render();
}

async function act(f, action, body, thanks) {
  const out = $('act-msg');
  const res = await send(f, out, '', 'POST', path + '/' + action + query, body);
  if (res?.status !== 200) return;
  v = res.data;
  f.reset();
  render();
  out.textContent = thanks();
  out.focus();
}

function need(f, fields) {
  const missing = fields.filter(([name]) => !f[name].value.trim()).map(([name, code]) => [name, { code }]);
  fieldErrors(f, missing)[0]?.[0].focus();
  return !missing.length;
}

$('rate-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (need(f, [['score', 'choose'], ['fixed', 'choose']])) {
    act(f, 'feedback', { score: +f.score.value, fixed: f.fixed.value === 'true', comment: f.comment.value.trim() || undefined }, () => t('rate.thanks'));
  }
});

$('esc-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (need(f, [['reason', 'required']])) act(f, 'escalations', { reason: f.reason.value.trim() }, () => t('esc.done') + t('ladder.' + v.escalationLevel));
});

// Answered by an outage notice, but the owner's case is different: a person takes it.
$('answered').addEventListener('submit', (e) => {
  e.preventDefault();
  act(e.target, 'reopen', { reason: e.target.why.value.trim() || undefined }, () => t('ans.done'));
});

$('more').addEventListener('change', async (e) => {
  await upload(path, query, e.target.files, $('act-msg'));
  e.target.value = '';
  load();
});

await start();
let id = params.get('id'), k = params.get('k');
if (code) {
  ({ id, token: k } = (await api('GET', 'links/' + code))?.data ?? {});
  if (id) history.replaceState(null, '', `/track.html?id=${id}&k=${k}`);
}
path = `tickets/${encodeURIComponent(id)}`;
query = `?k=${encodeURIComponent(k)}`;
onLang(render);
await load();
