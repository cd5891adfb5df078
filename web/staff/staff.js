// Staff console: the ticket queue, a ticket's record and its actions, unit records, and the supervisors' monthly report. No framework; every piece of
// text that came from a person is set with textContent, never parsed as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const ACTION_NAMES = {
  accept: '接单 Accept', start: '开始处理 Start', resolve: '完成 Resolve', reassign: '改派 Reassign', note: '备注 Note',
  escalate: '升级 Escalate', close: '结案 Close', reopen: '重开 Reopen', cancel: '取消 Cancel', merge: '合并 Merge', outcome: '记录调解结果 Record outcome',
};
const DEPARTMENTS = { engineering: '工程部', cleaning: '保洁部', security: '保安部', service: '客服中心' };
const KINDS = { repair: '报修', complaint: '投诉', suggestion: '建议', inquiry: '咨询', mediation: '邻里纠纷' };
let continuation = null;
let current = null; // { id, etag }

async function api(path, options = {}) {
  // The console is served by the API's own app (/api/console/staff/), so every call is same-origin and the
  // platform's sign-in cookie is a first-party cookie.
  const response = await fetch('/' + path.replace(/^\//, ''), { ...options, headers: { 'Accept-Language': 'zh-CN', ...(options.headers || {}) } });
  if (response.status === 401) {
    show('signin');
    throw new Error('unauthorized');
  }
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
}

const sections = ['signin', 'queue', 'detail'];
const routes = {};
const ROLE_RANK = { staff: 1, supervisor: 2, admin: 3 };
let roles = [];

/**
 * A section reached from the menu at #{hash}: its <section id> and what to load on arrival. Scripts after this one
 * (notices.js, imports.js) add theirs the same way; the console starts once every script has run.
 */
function addSection(id, hash, load) {
  sections.push(id);
  routes['#' + hash] = { id, load };
}

/** True when the signed-in user holds <role> or one above it (admin ⊃ supervisor ⊃ staff). */
function hasRole(role) {
  return roles.some((r) => (ROLE_RANK[r] || 0) >= ROLE_RANK[role]);
}

function show(section) {
  for (const id of sections) $(id).hidden = id !== section;
  $('nav').hidden = section === 'signin';
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

// A problem+json answer as one line: its field errors, else its detail.
function problemText(body) {
  return body && body.errors ? Object.values(body.errors).flat().join('；') : body && body.detail;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
}

async function loadQueue(append) {
  const form = new FormData($('filters'));
  const query = new URLSearchParams();
  for (const [key, value] of form) if (value) query.set(key, value);
  if (append && continuation) query.set('continuation', continuation);
  const { response, body } = await api('/api/staff/tickets?' + query);
  if (!response.ok) return;
  const rows = $('rows');
  if (!append) rows.replaceChildren();
  for (const t of body.items) {
    const tr = el('tr', null, t.emergency ? 'emergency' : '');
    const link = el('a', t.id);
    link.href = '#t=' + encodeURIComponent(t.id);
    const idCell = el('td');
    idCell.append(link);
    if (t.overdue) idCell.append(' ', el('span', '超时', 'overdue'));
    tr.append(idCell, el('td', t.status), el('td', DEPARTMENTS[t.department] || t.department || ''), el('td', t.address),
      el('td', t.description), el('td', t.acceptedBy || ''));
    rows.append(tr);
  }
  continuation = body.continuation;
  $('more').hidden = !continuation;
}

async function loadTicket(id) {
  const { response, body } = await api('/api/staff/tickets/' + encodeURIComponent(id));
  if (!response.ok) {
    $('error').textContent = body && body.detail ? body.detail : '未找到 Not found';
    return;
  }
  render(body);
}

function render(body) {
  const t = body.ticket;
  current = { id: t.id, etag: body.etag };
  show('detail');
  $('error').textContent = '';
  $('detail-title').textContent = `${t.id} · ${t.status}${t.emergency ? ' · 紧急' : ''}`;
  const facts = $('facts');
  facts.replaceChildren();
  const add = (label, value) => { if (value) facts.append(el('dt', label), el('dd', value)); };
  add('部门 Department', DEPARTMENTS[t.department] || t.department);
  add('地址 Address', body.address);
  add('业主 Owner', `${t.name} ${t.phone}`);
  add('期望时间 Preferred time', t.preferredTime);
  add('接单人 Accepted by', t.acceptedBy);
  add('对方 Other party', body.otherPartyAddress);
  for (const r of body.otherPartyResidents || []) add('对方住户 Other resident', `${r.name} ${r.phone} (${r.relation})`);
  add('升级 Escalation', t.escalationLevel ? body.escalation : '');
  add('评价 Rating', t.score ? `${t.score}/5${t.fixed === false ? ' 未修好' : ''}` : '');
  add('合并到 Merged into', t.mergedInto);
  if (t.outcome) add('调解结果 Outcome', `${t.outcome.responsibility} / ${t.outcome.repair}${t.outcome.compensation ? ' / ' + t.outcome.compensation : ''}`);
  $('description').textContent = t.description;
  // The owner's photos: read-only links to storage that expire within two hours (reloading the ticket renews them).
  $('photos').replaceChildren(...(body.photos || []).map((p) => {
    const link = Object.assign(el('a'), { href: p.url, target: '_blank', rel: 'noopener' });
    link.append(Object.assign(el('img'), { src: p.url, alt: `照片 Photo ${p.number}` }));
    return link;
  }));
  $('outcome').hidden = t.kind !== 'mediation';

  const buttons = $('buttons');
  buttons.replaceChildren();
  for (const action of body.availableActions) {
    if (action === 'outcome' && t.kind !== 'mediation') continue;
    const button = el('button', ACTION_NAMES[action] || action);
    button.type = 'button';
    button.dataset.action = action;
    button.addEventListener('click', () => act(action));
    buttons.append(button);
  }

  const history = $('history');
  history.replaceChildren();
  for (const h of body.history || []) {
    const li = el('li', `${when(h.at)} · ${h.actor} (${h.channel}) · ${h.from || ''} → ${h.to}${h.note ? ' · ' + h.note : ''}`,
      h.public ? '' : 'internal');
    history.append(li);
  }
  const sms = $('sms');
  sms.replaceChildren();
  for (const s of body.sms || []) sms.append(el('li', `${when(s.firstAttemptAt)} · ${s.purpose} → ${s.to} · ${s.status} · ${s.text}`));
}

async function act(action) {
  const form = new FormData($('act'));
  const payload = { action, note: form.get('note') || undefined, public: form.get('public') === 'on' };
  if (action === 'reassign') {
    payload.department = form.get('department') || undefined;
    payload.assignee = form.get('assignee') || undefined;
  }
  if (action === 'merge') payload.mergeInto = form.get('mergeInto');
  if (action === 'outcome') {
    payload.outcome = { responsibility: form.get('responsibility'), repair: form.get('repair'), compensation: form.get('compensation') || undefined };
  }
  for (const button of $('buttons').querySelectorAll('button')) button.disabled = true;
  try {
    const { response, body } = await api(`/api/staff/tickets/${encodeURIComponent(current.id)}/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'If-Match': current.etag },
      body: JSON.stringify(payload),
    });
    if (response.ok) {
      $('act').reset();
      render(body);
      return;
    }
    const message = problemText(body);
    if (response.status === 412) {
      await loadTicket(current.id);
    }
    $('error').textContent = message || `出错了 (${response.status})`;
  } finally {
    for (const button of $('buttons').querySelectorAll('button')) button.disabled = false;
  }
}

async function loadUnit() {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData($('unit-form'))) if (value) query.set(key, value);
  const { response, body } = await api('/api/staff/units?' + query);
  $('unit-error').textContent = response.ok ? '' : problemText(body) || '';
  const lists = { residents: $('residents'), fees: $('fees'), tickets: $('unit-tickets') };
  for (const list of Object.values(lists)) list.replaceChildren();
  if (!response.ok) return;
  for (const r of body.residents) {
    lists.residents.append(el('li', `${r.name} · ${r.phone} · ${r.relation} · ${r.language}${r.optedOut ? ' · 已退订 opted out' : ''}`));
  }
  for (const f of body.fees) lists.fees.append(el('li', Object.entries(f).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ')));
  for (const t of body.tickets) {
    const li = el('li');
    const link = el('a', t.id);
    link.href = '#t=' + encodeURIComponent(t.id);
    li.append(link, ` · ${t.status} · ${when(t.createdAt)} · ${t.description}`);
    lists.tickets.append(li);
  }
}

// Durations arrive in minutes; shares and rates as fractions (null when nothing counts).
function duration(value) {
  if (value === null || value === undefined) return '—';
  if (value < 60) return `${value} 分钟`;
  return value < 1440 ? `${(value / 60).toFixed(1)} 小时` : `${(value / 1440).toFixed(1)} 天`;
}

function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

function compliance(c) {
  return `${percent(c.rate)} (${c.met}/${c.met + c.missed})${c.pending ? ` · 待定 ${c.pending}` : ''}`;
}

const REPORT_ROWS = [
  ['受理 Received', (d) => d.received],
  ...Object.entries(KINDS).map(([kind, name]) => [`· ${name} ${kind}`, (d) => d.byKind[kind] ?? 0]),
  ['紧急 Emergencies', (d) => d.emergencies],
  ['已完成 Resolved', (d) => d.resolved],
  ['未完成 Open', (d) => d.open],
  ['已取消 Cancelled', (d) => d.cancelled],
  ['已合并 Merged', (d) => d.merged],
  ['接单用时 中位数 / P90 · Time to accept', (d) => `${duration(d.timeToAccept.medianMinutes)} / ${duration(d.timeToAccept.p90Minutes)}`],
  ['完成用时 中位数 / P90 · Time to resolve', (d) => `${duration(d.timeToResolve.medianMinutes)} / ${duration(d.timeToResolve.p90Minutes)}`],
  ['按时接单 Accepted in time', (d) => compliance(d.acceptWithinTarget)],
  ['按时完成 Resolved in time', (d) => compliance(d.resolveWithinTarget)],
  ['升级 Escalated', (d) => d.escalated],
  ['重开 Reopened', (d) => d.reopened],
  ['评价数 Ratings', (d) => d.satisfaction.ratings],
  ['平均分 Average score', (d) => d.satisfaction.averageScore ?? '—'],
  ['4 分及以上 Rated 4 or 5', (d) => percent(d.satisfaction.satisfiedShare)],
  ['未修好 Not fixed', (d) => d.satisfaction.notFixed],
  ['回访回复率 Callback response', (d) => `${percent(d.satisfaction.callbackResponseRate)} (${d.satisfaction.callbacksAnswered}/${d.satisfaction.callbacksSent})`],
];

// Figures down the side, departments across (then the total), so a phone scrolls one narrow table.
async function loadReport() {
  const query = new URLSearchParams();
  for (const [key, value] of new FormData($('report-form'))) if (value) query.set(key, value);
  const { response, body } = await api('/api/staff/reports?' + query);
  const head = $('report-head');
  const rows = $('report-rows');
  head.replaceChildren();
  rows.replaceChildren();
  $('report-note').textContent = '';
  $('report-csv').hidden = !response.ok;
  $('report-error').textContent = response.ok ? '' : problemText(body) || `出错了 (${response.status})`;
  if (!response.ok) return;
  const columns = [...body.departments, body.total];
  head.append(el('th', '指标 Figure'), ...columns.map((d) => el('th', d.name)));
  for (const cell of head.children) cell.scope = 'col';
  for (const [label, value] of REPORT_ROWS) {
    const tr = el('tr');
    const header = el('th', label);
    header.scope = 'row';
    tr.append(header, ...columns.map((d) => el('td', value(d))));
    rows.append(tr);
  }
  $('report-form').elements.month.value = body.month;
  $('report-note').textContent = `统计 ${body.month} 新建的工单（${body.timeZone}），截至 ${when(body.generatedAt)}` +
    `${body.unrouted ? `；未分派部门 ${body.unrouted} 张` : ''}。Tickets created in the month, as they stand now.`;
  const csv = new URLSearchParams({ community: body.community, month: body.month, format: 'csv' });
  $('report-csv').href = '/api/staff/reports?' + csv;
}

async function route() {
  const match = /^#t=(.+)$/.exec(location.hash);
  const section = routes[location.hash];
  if (section) {
    show(section.id);
    await section.load?.();
  } else if (match) {
    await loadTicket(decodeURIComponent(match[1]));
  } else {
    show('queue');
    await loadQueue(false);
  }
}

async function start() {
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); loadQueue(false); });
  $('more').addEventListener('click', () => loadQueue(true));
  $('unit-form').addEventListener('submit', (e) => { e.preventDefault(); loadUnit(); });
  $('report-form').addEventListener('submit', (e) => { e.preventDefault(); loadReport(); });
  $('back').addEventListener('click', (e) => { e.preventDefault(); location.hash = ''; });
  $('act').addEventListener('submit', (e) => e.preventDefault());
  window.addEventListener('hashchange', () => route().catch(() => {}));
  try {
    const { body } = await api('/api/staff/me');
    roles = body.roles;
    $('who').textContent = `${body.name} · ${roles.join(', ')}`;
    // Menu entries for a higher role stay hidden (the API refuses those calls anyway).
    for (const link of document.querySelectorAll('#nav [data-role]')) link.hidden = !hasRole(link.dataset.role);
    await route();
  } catch { /* shown as the sign-in section */ }
}

addSection('units', 'units');
addSection('reports', 'reports', loadReport);
document.addEventListener('DOMContentLoaded', start);
