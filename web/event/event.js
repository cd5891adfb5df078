// An owner's event sign-up, /e/{code} from the confirmation or waiting-list SMS. The code opens this one sign-up and
// can cancel it; the API answers 404 for any other code.
import { $, api, env, fmt, getJson, lang, send, show, speak, t, translate } from '../js/dom.js';

const code = location.pathname.match(/\/e\/([\w-]{10})$/)?.[1];
const words = (next) => speak(next, getJson(`/event/${next}.json`));
let v = null;

function paint() {
  translate();
  document.title = t('title');
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  show($('view'), v);
  if (!v) return;
  $('name').textContent = v.title;
  $('meta').textContent = [fmt(v.start), v.place, t('people', v.people)].join(' · ');
  $('state').textContent = t(v.status);
  show($('cancel'), v.canCancel);
}

async function load() {
  const res = code ? await api('GET', `event-signups/${code}`) : { status: 404 };
  v = res?.status === 200 ? res.data : null;
  $('msg').dataset.t = v ? '' : !res ? 'netFail' : res.status === 404 ? 'notFound' : 'busy';
  paint();
  $('msg').textContent = v ? '' : t($('msg').dataset.t);
}

$('cancel').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await send(e.target, $('out'), '', 'POST', `event-signups/${code}/cancel`);
  if (res?.status !== 200) return load();
  v = { ...v, status: 'cancelled', canCancel: false };
  paint();
  $('out').textContent = t('done');
  $('out').focus();
});

$('lang').addEventListener('click', async () => {
  await words(lang === 'en' ? 'zh-CN' : 'en');
  await load();
});

const [cfg] = await Promise.all([getJson('/config.json'), words(lang)]);
env.api = (cfg.apiBaseUrl || '/') + 'api/';
env.tz = cfg.timeZone;
await load();
