// The red banner over every section: emergencies nobody has accepted yet, each with its community's service-centre phone,
// until someone accepts (GET /api/staff/emergencies). Refreshed on every arrival at a section and every 30 seconds.
import { $, api, el, t } from '../js/dom.js';
import { onRoute, when } from './console.js';

let timer = null;

async function refresh() {
  const res = await api('GET', 'staff/emergencies');
  const items = res?.status === 200 ? res.data.items : [];
  $('alarm-list').replaceChildren(...items.map((e) => {
    const li = el('li');
    const link = el('a', '', e.id);
    link.href = '#t=' + encodeURIComponent(e.id);
    const phone = el('a', '', e.serviceCentrePhone);
    phone.href = 'tel:' + e.serviceCentrePhone.replace(/[^\d+]/g, '');
    li.append(link, ' ' + t('alarm.line', e.community, e.address, e.description, when(e.createdAt), e.pages) + ' ', phone);
    return li;
  }));
  $('alarms').hidden = !items.length;
  timer ??= setInterval(refresh, 30_000);
}

onRoute(refresh);
