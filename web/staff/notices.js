// Staff console: notices (通知公告: publish, update, withdraw, SMS broadcast figures) and community events (社区活动:
// create, sign-up lists, CSV export). Uses staff.js's globals ($, api, el, addSection, problemText, when);
// everything of its own stays inside this function so it cannot clash with other section scripts.
// Text from people is set with textContent only.
(() => {
  'use strict';

  const NOTICE_TYPES = { water: '停水', power: '停电', gas: '停气', elevator: '电梯停运', works: '施工', event: '活动', general: '一般通知' };
  const NOTICE_STATUSES = { active: '生效中 active', resolved: '已恢复 resolved', withdrawn: '已撤回 withdrawn' };
  let notice = null; // the notice open for update: { id, community, etag }

  const communityOf = (form) => new FormData(form).get('community').trim();
  const failure = (response, body) => problemText(body) || body?.title || `出错了 (${response.status})`;

  /** Runs a handler; a failed request (signed out, network) ends up in <output> instead of an unhandled rejection. */
  function guarded(handler, output) {
    return (event) => {
      event?.preventDefault();
      handler().catch((error) => {
        if (error.message !== 'unauthorized') output.textContent = `出错了，请重试 Something went wrong (${error.message})`;
      });
    };
  }

  /** A form's values without the empty ones. */
  function values(form) {
    const result = {};
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) result[key] = value.trim();
    return result;
  }

  function jsonRequest(method, body, etag) {
    const headers = { 'Content-Type': 'application/json' };
    if (etag) headers['If-Match'] = etag;
    return { method, headers, body: JSON.stringify(body) };
  }

  /** Clears the messages a previous answer left next to the form's fields. */
  function clearErrors(form) {
    for (const node of form.querySelectorAll('.field-error')) node.remove();
    for (const field of form.querySelectorAll('[aria-invalid]')) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-errormessage');
    }
    const summary = form.querySelector('.error');
    if (summary) summary.textContent = '';
  }

  /**
   * A problem+json answer on a form: each field error next to its field, and the whole list (or the detail) in the
   * form's error summary, so errors for fields the form does not show (community) are not lost.
   */
  function showProblem(form, response, body) {
    clearErrors(form);
    for (const [name, messages] of Object.entries(body?.errors || {})) {
      const field = form.elements[name];
      if (!field || !field.closest) continue;
      const message = el('span', messages.join('；'), 'field-error');
      message.id = `${form.id}-e-${name}`;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-errormessage', message.id);
      field.closest('label').append(message);
    }
    const summary = form.querySelector('.error');
    const fields = body?.errors ? Object.keys(body.errors).join(', ') : '';
    summary.textContent = `${failure(response, body)}${fields ? ` · ${fields}` : ''}`;
  }

  /** Posts a create form: on success clears it, says so and answers the new notice or event; else shows the problem. */
  async function create(form, path, payload, done) {
    const { response, body } = await api(path, jsonRequest('POST', payload));
    const status = form.querySelector('[role=status]');
    if (!response.ok) {
      status.textContent = '';
      showProblem(form, response, body);
      return null;
    }
    clearErrors(form);
    form.reset();
    status.textContent = `${done}: ${body.title} (${body.id})`;
    return body;
  }

  // ---- Notices ----

  function noticeTime(n) {
    return n.expectedEnd ? `${when(n.start)} – ${when(n.expectedEnd)}` : `${when(n.start)} 起 from`;
  }

  function noticeScope(n) {
    return n.allBuildings ? '全小区 all buildings' : n.buildings.map((b) => `${b}栋`).join('、');
  }

  /** The chosen community's notices or events as cards; a card's title opens that one. */
  async function loadCards(section, path, empty, open, fill) {
    const community = communityOf($(`${section}-filter`));
    const { response, body } = await api(`${path}?` + new URLSearchParams({ community }));
    $(`${section}-error`).textContent = response.ok ? '' : failure(response, body);
    const list = $(`${section}-list`);
    list.replaceChildren();
    $(`${section}-detail`).hidden = true;
    if (!response.ok) return;
    if (body.length === 0) list.append(el('li', empty, 'note'));
    for (const entry of body) {
      const item = el('li', null, 'card');
      item.dataset.id = entry.id;
      const title = el('button', entry.title, 'link');
      title.type = 'button';
      title.addEventListener('click', guarded(() => open(community, entry.id), $(`${section}-error`)));
      item.append(title);
      fill(item, entry);
      list.append(item);
    }
  }

  const loadNotices = () => loadCards('notice', '/api/staff/notices', '暂无通知 No notices yet', openNotice, (item, n) => {
    item.classList.add(n.status);
    if (n.outage && n.status === 'active') item.classList.add('outage');
    const badges = el('span', null, 'badges');
    if (n.outage) badges.append(el('span', '停供 outage', 'badge outage'));
    if (n.safety) badges.append(el('span', '安全 safety', 'badge'));
    badges.append(el('span', NOTICE_STATUSES[n.status] || n.status, `badge status-${n.status}`));
    item.append(badges,
      el('p', `${NOTICE_TYPES[n.type] || n.type} ${n.type} · ${noticeScope(n)} · ${noticeTime(n)}${n.sendSms ? ' · 短信 SMS' : ''}`, 'meta'));
  });

  /** The notice with its broadcast figures and its ETag, which the update and withdraw forms send back as If-Match. */
  async function openNotice(community, id) {
    const { response, body } = await api(`/api/staff/notices/${encodeURIComponent(id)}?` + new URLSearchParams({ community }));
    if (!response.ok) {
      $('notice-error').textContent = failure(response, body);
      return;
    }
    // In the body as well as the header: across origins (Azure) the header is hidden from scripts.
    notice = { id, community, etag: body.etag || response.headers.get('ETag') };
    renderNotice(body);
  }

  function renderNotice(n) {
    $('notice-detail').hidden = false;
    $('notice-detail-title').textContent = `${n.title} · ${NOTICE_STATUSES[n.status] || n.status}`;
    const facts = $('notice-facts');
    facts.replaceChildren();
    const add = (label, value) => { if (value) facts.append(el('dt', label), el('dd', value)); };
    add('编号 Id', n.id);
    add('类型 Type', `${NOTICE_TYPES[n.type] || n.type} ${n.type}${n.outage ? ' · 停供 outage' : ''}${n.safety ? ' · 安全通知 safety' : ''}`);
    add('范围 Buildings', noticeScope(n));
    add('时间 Time', noticeTime(n));
    add('已恢复 Resolved', when(n.resolvedAt));
    add('已撤回 Withdrawn', when(n.withdrawnAt));
    add('短信 SMS', n.sendSms ? '发送 sent to households' : '不发 none');
    add('发布 Published', `${when(n.createdAt)} · ${n.createdBy}`);
    $('notice-body').textContent = n.body;
    $('notice-updates').replaceChildren(...n.updates.map((u) =>
      el('li', `v${u.version} · ${when(u.at)} · ${u.text}${u.sms ? ' · 短信 SMS' : ''}`)));
    const broadcasts = n.broadcasts || [];
    $('notice-broadcasts').replaceChildren(...(broadcasts.length ? broadcasts.map((b) => el('li',
      `v${b.version} · 户数 households ${b.households ?? '…'} · 排队 queued ${b.queued} · 已发 sent ${b.sent} · ` +
      `跳过 skipped ${b.skipped} · 失败 failed ${b.failed} · 待发 pending ${b.pending}`)) : [el('li', '未群发短信 No SMS broadcast', 'note')]));
    const open = n.status !== 'withdrawn';
    $('notice-update').hidden = !open;
    $('notice-withdraw').hidden = !open;
    $('notice-update').elements.sendSms.checked = n.sendSms;
  }

  async function publishNotice() {
    const form = $('notice-publish');
    const v = values(form);
    const all = form.elements.allBuildings.checked;
    const payload = {
      community: communityOf($('notice-filter')), type: v.type, title: v.title ?? '', body: v.body ?? '',
      buildings: all ? undefined : (v.buildings || '').split(/[,，、\s]+/).filter(Boolean),
      allBuildings: all, start: v.start, expectedEnd: v.expectedEnd, sendSms: form.elements.sendSms.checked,
    };
    const body = await create(form, '/api/staff/notices', payload, '已发布 Published');
    if (!body) return;
    syncPublishForm();
    await loadNotices();
    await openNotice(body.community, body.id);
  }

  /** Update and withdraw: If-Match with the ETag read with the notice; a stale one reloads it and says why. */
  async function changeNotice(form, path, payload, done) {
    const target = notice;
    const { response, body } = await api(path, jsonRequest(path.endsWith('/withdraw') ? 'POST' : 'PUT',
      { community: target.community, ...payload }, target.etag));
    if (response.ok) {
      clearErrors(form);
      form.reset();
      await loadNotices();
      await openNotice(target.community, target.id);
      $('notice-detail-title').append(el('span', ` · ${done}`, 'done'));
      return;
    }
    showProblem(form, response, body);
    if (response.status === 412) {
      // Someone changed the notice since it was opened: show theirs, keep what this user typed.
      await openNotice(target.community, target.id);
      form.querySelector('.error').textContent = '其他人刚修改了这条通知，已重新载入最新内容，请核对后再提交。' +
        'Someone else changed this notice; it has been reloaded — check it and submit again.';
    }
  }

  const updateNotice = () => {
    const form = $('notice-update');
    const v = values(form);
    return changeNotice(form, `/api/staff/notices/${encodeURIComponent(notice.id)}`,
      { update: v.update ?? '', resolved: form.elements.resolved.checked, sendSms: form.elements.sendSms.checked }, '已更新 updated');
  };

  const withdrawNotice = () => {
    const form = $('notice-withdraw');
    const reason = values(form).reason;
    if (!reason) {
      showProblem(form, { status: 400 }, { errors: { reason: ['请填写撤回原因 Give a reason'] } });
      return Promise.resolve();
    }
    return changeNotice(form, `/api/staff/notices/${encodeURIComponent(notice.id)}/withdraw`, { reason }, '已撤回 withdrawn');
  };

  /** "All buildings" replaces the list; ticking SMS says on the button what will happen. */
  function syncPublishForm() {
    const form = $('notice-publish');
    form.elements.buildings.disabled = form.elements.allBuildings.checked;
    form.querySelector('button[type=submit]').textContent = form.elements.sendSms.checked ? '发布并发短信 Publish and text residents' : '发布 Publish';
  }

  // ---- Events ----

  // The public list (events not yet ended) has all a clerk needs; the sign-ups come from the staff API.
  const loadEvents = () => loadCards('event', '/api/events', '暂无未结束的活动 No upcoming events', (_, id) => openEvent(id),
    (item, e) => item.append(el('p', eventFacts(e), 'meta')));

  function eventFacts(e) {
    return `${when(e.start)} – ${when(e.end)} · ${e.place} · 已确认 confirmed ${e.confirmed}/${e.capacity} 人 · ` +
      `候补 waiting ${e.waiting} · 报名截止 deadline ${when(e.signupDeadline)}${e.signupOpen ? '' : ' (已截止 closed)'}`;
  }

  async function openEvent(id) {
    const path = `/api/staff/events/${encodeURIComponent(id)}/signups`;
    const { response, body } = await api(path);
    if (!response.ok) {
      $('event-error').textContent = failure(response, body);
      return;
    }
    $('event-detail').hidden = false;
    $('event-detail-title').textContent = body.event.title;
    $('event-facts').textContent = eventFacts(body.event);
    $('event-csv').href = path + '?format=csv';
    const line = (s) => `${s.name} · ${s.phone} · ${s.building}栋 ${s.room} · ${s.people} 人 · ${when(s.signedUpAt)}`;
    const confirmed = body.signups.filter((s) => s.status === 'confirmed');
    const waiting = body.signups.filter((s) => s.status !== 'confirmed');
    $('signups-confirmed').replaceChildren(...(confirmed.length ? confirmed.map((s) => el('li', line(s))) : [el('li', '暂无 None', 'note')]));
    $('signups-waiting').replaceChildren(...(waiting.length
      ? waiting.map((s) => el('li', `候补第 ${s.waitingPosition} 位 · waiting #${s.waitingPosition} · ${line(s)}`)) : [el('li', '暂无 None', 'note')]));
  }

  async function createEvent() {
    const form = $('event-create');
    const v = values(form);
    const payload = {
      community: communityOf($('event-filter')), title: v.title ?? '', description: v.description ?? '', place: v.place ?? '',
      start: v.start ?? '', end: v.end ?? '', capacity: v.capacity ? Number(v.capacity) : undefined, signupDeadline: v.signupDeadline,
    };
    const body = await create(form, '/api/staff/events', payload, '已创建 Created');
    if (!body) return;
    await loadEvents();
    await openEvent(body.id);
  }

  // Deferred scripts run once the page is parsed: the forms exist already.
  $('notice-filter').addEventListener('submit', guarded(loadNotices, $('notice-error')));
  $('notice-publish').addEventListener('submit', guarded(publishNotice, $('notice-publish').querySelector('.error')));
  $('notice-publish').addEventListener('change', syncPublishForm);
  $('notice-update').addEventListener('submit', guarded(updateNotice, $('notice-update').querySelector('.error')));
  $('notice-withdraw').addEventListener('submit', guarded(withdrawNotice, $('notice-withdraw').querySelector('.error')));
  $('event-filter').addEventListener('submit', guarded(loadEvents, $('event-error')));
  $('event-create').addEventListener('submit', guarded(createEvent, $('event-create').querySelector('.error')));

  addSection('notices', 'notices', loadNotices);
  addSection('events', 'events', loadEvents);
})();
