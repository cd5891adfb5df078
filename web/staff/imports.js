// Staff console, admins' imports (资料导入): the duty roster, residents' records and the fee ledger as CSV, sent to
// PUT /api/staff/{roster|owners|fees}. The API checks every row and applies all or nothing; this page shows its verdict.
// Uses staff.js's globals ($, el, api, addSection, hasRole, problemText, DEPARTMENTS); keeps its own names private.
'use strict';

(() => {
  /** The API's cap on an import body (Imports.MaxImportBytes): larger files are refused here, before sending. */
  const MAX_BYTES = 4 * 1024 * 1024;

  // The columns naming a unit, shared by residents and fees (UnitFields in the API).
  const UNIT_COLUMNS = [
    ['community', '小区编号', '小写字母、数字和短横线 · a slug of lowercase letters, digits and dashes', 'sunshine-garden', true],
    ['building', '楼栋', '最多 20 字 · at most 20 characters', '3', true],
    ['unit', '单元', '没有单元可留空 · empty when there is none', '2', false],
    ['room', '房号', '最多 20 字 · at most 20 characters', '501', true],
  ];

  // Per kind: the endpoint, what an import changes, and its columns as [name, 中文, meaning, example, required].
  const KINDS = {
    roster: {
      path: '/api/staff/roster',
      file: 'roster-template.csv',
      effect: '导入会整体替换文件中各小区的值班表。 Replaces the whole roster of every community in the file.',
      columns: [
        ['community', '小区编号', '与工单队列中的小区编号相同 · the community id used across the console', 'sunshine-garden', true],
        ['name', '姓名', '最多 40 字 · at most 40 characters', '张师傅', true],
        ['phone', '手机号', '接收派单短信 · receives dispatch SMS', '13900000001', true],
        ['department', '部门', 'engineering 工程部 · cleaning 保洁部 · security 保安部 · service 客服中心', 'engineering', true],
        ['role', '角色', 'staff 员工（默认 default）· supervisor 主管', 'staff', false],
        ['onCall', '应急值班', 'true / false（默认 default false）：夜间紧急报事也找他 · reached for emergencies at any hour', 'true', false],
        ['shifts', '班次', '08:00-17:00，可在前面加星期 mon-fri，多个用分号分隔 · optionally after weekdays, several separated by ;（空 = 办公时间 · empty = office hours）', 'mon-fri 08:00-17:00; sat 09:00-12:00', false],
      ],
    },
    residents: {
      path: '/api/staff/owners',
      file: 'residents-template.csv',
      effect: '导入会替换文件中各房屋的住户名单。 Replaces the residents of every unit in the file.',
      columns: [
        ...UNIT_COLUMNS,
        ['name', '姓名', '最多 40 字 · at most 40 characters', '王女士', true],
        ['phone', '手机号', '如 e.g. 13800138000', '13800138000', true],
        ['language', '短信语言', 'zh-CN（默认 default）· en', 'zh-CN', false],
        ['relation', '关系', 'owner 业主（默认 default）· tenant 租户 · family 家属', 'owner', false],
      ],
    },
    fees: {
      path: '/api/staff/fees',
      file: 'fees-template.csv',
      effect: '导入会新增或更新账目（同一房屋、费用类型和账期为同一条）。 Adds or updates ledger rows (unit, fee type and period identify a row).',
      columns: [
        ...UNIT_COLUMNS,
        ['feeType', '费用类型', 'property 物业费 · parking 停车费', 'property', true],
        ['period', '账期', '月 month 2026-11 · 季度 quarter 2026Q4 · 年 year 2026', '2026-11', true],
        ['amount', '应缴金额', '元，最多两位小数 · yuan, at most two decimals', '260.00', true],
        ['dueDate', '到期日', 'yyyy-MM-dd', '2026-11-30', true],
        ['paidAmount', '已缴金额', '元（默认 default 0）· yuan', '0', false],
      ],
    },
  };
  const ROLES = { staff: '员工 staff', supervisor: '主管 supervisor' };

  let templateUrl = null;

  function kind() {
    return new FormData($('import-form')).get('kind');
  }

  function clearResult() {
    $('import-status').textContent = '';
    $('import-error').textContent = '';
    $('import-rejected').replaceChildren();
    $('import-rejected-box').hidden = true;
  }

  /** A CSV field as written by RFC 4180: quoted when it holds a comma, a quote or a line break. */
  function csvField(value) {
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }

  /** The header row and one example row, UTF-8 with a byte order mark so Excel shows the Chinese. */
  function template(spec) {
    const lines = [spec.columns.map((c) => c[0]), spec.columns.map((c) => c[3])].map((row) => row.map(csvField).join(','));
    return new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  }

  function showKind() {
    const spec = KINDS[kind()];
    $('import-effect').textContent = spec.effect;
    $('import-columns').replaceChildren(...spec.columns.map(([name, chinese, meaning, example, required]) => {
      const tr = el('tr');
      const head = el('th');
      head.scope = 'row';
      head.append(el('code', name), ` ${chinese}`, required ? el('span', '必填 required', 'required') : '');
      const cell = el('td', meaning);
      cell.append(el('span', `例 e.g. ${example}`, 'example'));
      tr.append(head, cell);
      return tr;
    }));
    if (templateUrl) URL.revokeObjectURL(templateUrl);
    templateUrl = URL.createObjectURL(template(spec));
    const link = $('import-template');
    link.href = templateUrl;
    link.download = spec.file;
    $('roster-view').hidden = kind() !== 'roster';
    clearResult();
  }

  /**
   * A chosen file's text. Excel on Chinese Windows saves "CSV" as GB18030 (GBK), "CSV UTF-8" as UTF-8: bytes that
   * are not UTF-8 are read as GB18030. A workbook (.xlsx, a zip) is refused with how to save it as CSV.
   */
  async function readFile(file) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
      throw new Error('这是 Excel 工作簿，请在 Excel 中“另存为 → CSV UTF-8”后再选择。 This is an Excel workbook: save it as “CSV UTF-8” first.');
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('gb18030').decode(bytes);
    }
  }

  async function chooseFile() {
    clearResult();
    const file = $('import-file').files[0];
    if (!file) return;
    try {
      $('import-text').value = await readFile(file);
    } catch (error) {
      $('import-text').value = '';
      $('import-error').textContent = error.message;
    }
  }

  function lines(text) {
    return text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim());
  }

  /** A CSV's column names, lower case (names hold no commas or quotes). */
  function header(text) {
    return (lines(text)[0] || '').split(',').map((name) => name.trim().toLowerCase());
  }

  /** The required columns a CSV lacks (say, a residents file sent as the roster): told before sending. */
  function missingColumns(text) {
    if (/^\s*[[{]/.test(text)) return [];
    const names = header(text);
    return KINDS[kind()].columns.filter((c) => c[4] && !names.includes(c[0].toLowerCase())).map((c) => c[0]);
  }

  /** The first community named in the import (CSV with a community column, or JSON rows), to show its roster. */
  function firstCommunity(text) {
    if (/^\s*[[{]/.test(text)) {
      try {
        const parsed = JSON.parse(text);
        const rows = Array.isArray(parsed) ? parsed : parsed.rows;
        return rows?.[0]?.community || '';
      } catch {
        return '';
      }
    }
    const [, first] = lines(text);
    const column = header(text).indexOf('community');
    // Only when the row has no quoted field before the community, where a comma could shift the columns.
    const cells = (first || '').split(',');
    return column >= 0 && !cells.slice(0, column + 1).some((cell) => cell.includes('"')) ? (cells[column] || '').trim() : '';
  }

  function fieldName(field) {
    const column = KINDS[kind()].columns.find((c) => c[0].toLowerCase() === field.toLowerCase());
    return column ? `${column[1]} ${column[0]}` : field;
  }

  function showRejected(rows) {
    const body = $('import-rejected');
    for (const row of rows) {
      for (const [field, messages] of Object.entries(row.errors)) {
        const tr = el('tr');
        tr.append(el('td', row.row), el('td', fieldName(field)), el('td', messages.join('；')));
        body.append(tr);
      }
    }
    $('import-rejected-box').hidden = false;
  }

  function failureText(response, body) {
    switch (response.status) {
      case 403: return '没有权限：只有管理员可以导入。 Not allowed: only admins can import.';
      case 413: return '文件太大：一次最多 4 MiB，请分成几个文件导入。 The file is too large (at most 4 MiB): split it.';
      case 415: return '请粘贴或选择 CSV 文件。 Send a CSV file.';
      default: return `${problemText(body) || '导入失败'} (${response.status})。未做任何更改 Nothing was changed.`;
    }
  }

  async function submit(event) {
    event.preventDefault();
    clearResult();
    const text = $('import-text').value;
    if (!text.trim()) {
      $('import-error').textContent = '请先选择文件或粘贴内容。 Choose a file or paste the CSV first.';
      return;
    }
    if (new TextEncoder().encode(text).length > MAX_BYTES) {
      $('import-error').textContent = failureText({ status: 413 });
      return;
    }
    const missing = missingColumns(text);
    if (missing.length) {
      $('import-error').textContent = `标题行缺少列：${missing.join(', ')}。请核对导入类型，或下载模板对照。 ` +
        `The header lacks ${missing.join(', ')}: check what you import, or compare with the template.`;
      return;
    }
    const spec = KINDS[kind()];
    const button = $('import-submit');
    button.disabled = true;
    $('import-status').textContent = '正在导入… Importing…';
    try {
      const type = /^\s*[[{]/.test(text) ? 'application/json' : 'text/csv; charset=utf-8';
      const { response, body } = await api(spec.path, { method: 'PUT', headers: { 'Content-Type': type }, body: text });
      $('import-status').textContent = '';
      if (response.ok) {
        $('import-status').textContent = `已导入 ${body.accepted} 行。 Imported ${body.accepted} rows.`;
        if (spec === KINDS.roster) {
          const community = firstCommunity(text);
          if (community) $('roster-form').elements.community.value = community;
          if ($('roster-form').elements.community.value) await loadRoster();
        }
        return;
      }
      if (response.status === 422 && body && Array.isArray(body.rejected)) {
        $('import-error').textContent = `${body.title}。${body.detail} Nothing was imported: fix the rows below and import the whole file again.`;
        showRejected(body.rejected);
        return;
      }
      $('import-error').textContent = failureText(response, body);
    } catch (error) {
      // 401 already shows the sign-in section; anything else is the network or an answer that is not JSON.
      $('import-status').textContent = '';
      if (error.message !== 'unauthorized') {
        $('import-error').textContent = '导入未完成，请检查网络后重试。 The import did not go through; check the connection and try again.';
      }
    } finally {
      button.disabled = false;
    }
  }

  async function loadRoster() {
    const community = $('roster-form').elements.community.value.trim();
    const rows = $('roster-rows');
    rows.replaceChildren();
    const { response, body } = await api('/api/staff/roster?' + new URLSearchParams({ community }));
    if (!response.ok) {
      $('roster-note').textContent = problemText(body) || `出错了 (${response.status})`;
      return;
    }
    $('roster-note').textContent = `${community}：${body.length} 人 · ${body.length} on the roster`;
    for (const s of body) {
      const tr = el('tr');
      tr.append(el('td', s.name), el('td', s.phone), el('td', DEPARTMENTS[s.department] || s.department), el('td', ROLES[s.role] || s.role),
        el('td', s.onCall ? '是 yes' : '否 no'), el('td', s.shifts || '办公时间 office hours'));
      rows.append(tr);
    }
  }

  function arrive() {
    $('imports-admin').hidden = hasRole('admin');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('import-form').addEventListener('change', (e) => { if (e.target.name === 'kind') showKind(); });
    $('import-file').addEventListener('change', () => chooseFile());
    $('import-form').addEventListener('submit', (e) => submit(e));
    $('roster-form').addEventListener('submit', (e) => { e.preventDefault(); loadRoster().catch(() => {}); });
    showKind();
  });

  addSection('imports', 'imports', arrive);
})();
