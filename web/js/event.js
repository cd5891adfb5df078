import { $, api, fmt, onLang, say, send, show, start, t } from './common.js';

// SMS link /e/{code} (confirmation or waiting list): the code opens this one sign-up and can cancel it.
const code = location.pathname.match(/\/e\/([\w-]{10})$/)?.[1];
let v = null;

function render() {
  if (!v) return;
  $('title').textContent = v.title;
  $('meta').textContent = [fmt(v.start), v.place, t('es.people', v.people)].join(' · ');
  $('state').textContent = t('es.' + v.status);
  show($('cancel'), v.canCancel);
}

async function load() {
  const res = code ? await api('GET', `event-signups/${code}`) : { status: 404 };
  if (res?.status === 200) {
    v = res.data;
    say($('msg'), '');
    show($('view'), true);
    render();
  } else {
    say($('msg'), res?.status === 404 ? 'es.notFound' : res ? 'busy' : 'netFail');
  }
}

$('cancel').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await send(e.target, $('out'), '', 'POST', `event-signups/${code}/cancel`);
  if (res?.status === 200) {
    v = { ...v, status: 'cancelled', canCancel: false };
    render();
    $('out').textContent = res.data.message;
  }
});

await start();
onLang(render);
await load();

