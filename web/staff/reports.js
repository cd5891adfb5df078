// The supervisors' monthly report: figures down the side, departments across (then the total), so a phone scrolls
// one narrow table; and its CSV download.
import { $, api, el, t } from '../js/dom.js';
import { apiUrl, codes, ok, section, values, when, word } from './console.js';

// Durations arrive in minutes; shares and rates as fractions (null when nothing counts).
function duration(minutes) {
  if (minutes == null) return '—';
  if (minutes < 60) return t('r.minutes', minutes);
  return minutes < 1440 ? t('r.hours', (minutes / 60).toFixed(1)) : t('r.days', (minutes / 1440).toFixed(1));
}

const percent = (rate) => (rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const compliance = (c) => `${percent(c.rate)} (${c.met}/${c.met + c.missed})${c.pending ? ' · ' + t('r.pending', c.pending) : ''}`;
const spread = (d) => `${duration(d.medianMinutes)} / ${duration(d.p90Minutes)}`;

// [label, the figure of one department]; the kinds' rows follow the vocabulary, the channels' the report.
const rows = (report) => [
  [t('r.received'), (d) => d.received],
  ...codes('kind').map((kind) => ['· ' + word('kind', kind), (d) => d.byKind[kind] ?? 0]),
  ...Object.keys(report.total.byChannel).map((channel) => ['· ' + t('r.via', word('channel', channel)), (d) => d.byChannel[channel] ?? 0]),
  [t('r.emergencies'), (d) => d.emergencies],
  [t('r.resolved'), (d) => d.resolved],
  [t('r.open'), (d) => d.open],
  [t('r.cancelled'), (d) => d.cancelled],
  [t('r.merged'), (d) => d.merged],
  [t('r.answered'), (d) => d.answeredByNotice],
  [t('r.timeToAccept'), (d) => spread(d.timeToAccept)],
  [t('r.timeToResolve'), (d) => spread(d.timeToResolve)],
  [t('r.timeToArrive'), (d) => spread(d.timeToArrive)],
  [t('r.acceptedInTime'), (d) => compliance(d.acceptWithinTarget)],
  [t('r.resolvedInTime'), (d) => compliance(d.resolveWithinTarget)],
  [t('r.onSiteInTime'), (d) => compliance(d.onSiteWithinTarget)],
  [t('r.escalated'), (d) => d.escalated],
  [t('r.reopened'), (d) => d.reopened],
  [t('r.ratings'), (d) => d.satisfaction.ratings],
  [t('r.averageScore'), (d) => d.satisfaction.averageScore ?? '—'],
  [t('r.satisfied'), (d) => percent(d.satisfaction.satisfiedShare)],
  [t('r.notFixed'), (d) => d.satisfaction.notFixed],
  [t('r.callbacks'), (d) => `${percent(d.satisfaction.callbackResponseRate)} (${d.satisfaction.callbacksAnswered}/${d.satisfaction.callbacksSent})`],
];

// The per-staff table (supervisors only, as the whole report): one row per person who accepted first.
const staffColumns = () => [
  [t('r.person'), (s) => (s.phone ? `${s.name} ${s.phone}` : s.name)],
  [t('r.accepted'), (s) => s.accepted],
  [t('r.acceptMedian'), (s) => duration(s.timeToAccept.medianMinutes)],
  [t('r.arriveMedian'), (s) => duration(s.timeToArrive.medianMinutes)],
  [t('r.resolveMedian'), (s) => duration(s.timeToResolve.medianMinutes)],
  [t('r.averageScore'), (s) => (s.averageScore == null ? '—' : `${s.averageScore} (${s.ratings})`)],
  [t('r.reopened'), (s) => s.reopened],
];

function showStaff(report) {
  const columns = staffColumns();
  $('staff-head').replaceChildren(...columns.map(([label]) => Object.assign(el('th', '', label), { scope: 'col' })));
  $('staff-rows').replaceChildren(...report.staff.map((s) => {
    const tr = el('tr');
    const [[, name], ...figures] = columns;
    tr.append(Object.assign(el('th', '', name(s)), { scope: 'row' }), ...figures.map(([, figure]) => el('td', '', figure(s))));
    return tr;
  }));
  $('report-staff-none').hidden = report.staff.length > 0;
  $('report-staff-csv').hidden = false;
  $('report-staff-csv').href = apiUrl('staff/reports?' + new URLSearchParams({ community: report.community, month: report.month, format: 'csv', table: 'staff' }));
}

async function loadReport() {
  const res = await api('GET', 'staff/reports?' + new URLSearchParams(values($('report-form'))));
  $('report-head').replaceChildren();
  $('report-rows').replaceChildren();
  $('report-note').textContent = '';
  $('staff-head').replaceChildren();
  $('staff-rows').replaceChildren();
  $('report-staff-none').hidden = true;
  $('report-csv').hidden = $('report-staff-csv').hidden = !ok(res, $('report-error'));
  if ($('report-csv').hidden) return;
  $('report-error').textContent = '';
  const report = res.data;
  const columns = [...report.departments, report.total];
  $('report-head').append(...[t('r.figure'), ...columns.map((d) => d.name)].map((text) => Object.assign(el('th', '', text), { scope: 'col' })));
  $('report-rows').append(...rows(report).map(([label, figure]) => {
    const tr = el('tr');
    tr.append(Object.assign(el('th', '', label), { scope: 'row' }), ...columns.map((d) => el('td', '', figure(d))));
    return tr;
  }));
  $('report-form').elements.month.value = report.month;
  $('report-note').textContent = t('r.note', report.month, report.timeZone, when(report.generatedAt),
    report.unrouted ? t('r.unrouted', report.unrouted) : '');
  $('report-csv').href = apiUrl('staff/reports?' + new URLSearchParams({ community: report.community, month: report.month, format: 'csv' }));
  showStaff(report);
}

$('report-form').addEventListener('submit', (e) => { e.preventDefault(); loadReport(); });

section({ id: 'reports', hash: 'reports', load: loadReport, role: 'supervisor' });
