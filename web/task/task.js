// The technician's task page, /w/{code} from the dispatch SMS: the ticket in full and the job's steps. The code is the
// only credential; the API answers 404 once it no longer opens the ticket (finished, or reassigned).
import { $, api, el, env, fmt, getJson, lang, send, show, speak, t, translate, wire } from '../js/dom.js';
import { upload } from '../js/photos.js';

const code = location.pathname.match(/\/w\/([\w-]{10})$/)?.[1];
const path = 'tasks/' + code;
const steps = ['accept', 'depart', 'arrive', 'resolve', 'help'];
let cfg = {};
let v = null;

const words = (next) => speak(next, getJson(`/task/${next}.json`));

function tel(phone, text) {
  const a = el('a', '', text ?? phone);
  a.href = 'tel:' + phone.replace(/[^\d+]/g, '');
  return a;
}

function paint() {
  translate();
  document.title = t('title');
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  if (v) $('who').textContent = t('hello', v.staff);
  render();
}

function render() {
  show($('view'), v);
  if (!v) return;
  $('tid').textContent = v.id;
  $('status-now').textContent = t('st.' + v.status);
  show($('urgent'), v.emergency);
  const owner = el('dd');
  owner.append(tel(v.ownerPhone, `${v.ownerName} ${v.ownerPhone}`));
  $('facts').replaceChildren(
    el('dt', '', t('l.address')), el('dd', '', v.address), el('dt', '', t('l.owner')), owner,
    ...[
      ['l.kind', t('kind.' + v.kind)],
      ['l.department', t('dep.' + (v.department ?? 'none'))],
      ['l.preferredTime', v.preferredTime],
      ['l.created', fmt(v.createdAt)],
      ['l.acceptedBy', v.acceptedBy],
      ['l.arrived', v.arrivedAt && fmt(v.arrivedAt)],
    ].filter((f) => f[1]).flatMap(([key, value]) => [el('dt', '', t(key)), el('dd', '', value)]));
  $('desc').textContent = v.description;
  $('photos').replaceChildren(...[[v.photos, 'ph.alt'], [v.workPhotos, 'ph.work']].flatMap(([list, alt]) =>
    list.map((p) => Object.assign(el('img'), { src: p.url, alt: t(alt, p.number) }))));
  for (const s of steps) show($(s), v.actions.includes(s));
  show($('r-add'), v.canAddPhotos);
  if (!$('d-eta').value) $('d-eta').value = v.expectedArrivalMinutes;
  $('sc').replaceWith(Object.assign(tel(v.serviceCentrePhone), { id: 'sc' }));
  $('history').replaceChildren(...v.history.map((h) => {
    const li = el('li', '', fmt(h.at) + ' · ' + t('st.' + h.to));
    if (h.note) li.append(el('br'), h.note);
    return li;
  }));
}

async function load() {
  const res = code ? await api('GET', path) : { status: 404 };
  v = res?.status === 200 ? res.data : null;
  if (v) env.tz = cfg.communities?.[v.community]?.timeZone ?? cfg.timeZone;
  $('msg').dataset.t = v ? '' : !res ? 'netFail' : res.status === 404 ? 'gone' : 'busy';
  $('msg').textContent = v ? '' : t($('msg').dataset.t);
  paint();
}

// One step of the job: the answer is the page's new view; a refusal is said in #out, and the page shows the ticket as it now is.
async function act(f, action, body, note = 'ok.' + action) {
  const out = $('out');
  const res = await send(f, out, f.id[0] + '-', 'POST', path + '/actions', { action, ...body });
  if (res?.status === 200) {
    v = res.data;
    f.reset();
    paint();
    out.textContent = t(note);
    out.focus();
  } else if (res?.status === 404 || res?.status === 409) {
    await load();
  }
}

for (const s of steps) {
  $(s).addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    if (s === 'depart') return act(f, s, { eta: +$('d-eta').value || undefined });
    if (s === 'help') return act(f, s, { note: $('h-note').value.trim() || undefined });
    if (s !== 'resolve') return act(f, s, {});
    // Work photos first, through the owners' upload path; the job is marked done even if one of them failed.
    const files = $('r-photos').files;
    const sent = !files.length || (await upload(path, '', files, $('out')), $('out').textContent === t('ph.done'));
    return act(f, s, { note: $('r-note').value.trim() || undefined }, sent ? 'ok.resolve' : 'ph.fail');
  });
}

$('lang').addEventListener('click', async () => {
  await words(lang === 'en' ? 'zh-CN' : 'en');
  paint();
});

[cfg] = await Promise.all([getJson('/config.json'), words(lang)]);
env.api = (cfg.apiBaseUrl || '/') + 'api/';
env.tz = cfg.timeZone;
wire(document);
await load();
