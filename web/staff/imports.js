// Admins' imports: the duty roster, residents' records and the fee ledger as CSV, sent to PUT /api/staff/{roster|owners|fees}.
// The API checks every row and applies all or nothing; this section shows its verdict. The columns, what they mean and
// what an import replaces come from the API's vocabulary.
import { $, api, el, t } from '../js/dom.js';
import { columns, failure, ok, section, word } from './console.js';

/** The API's cap on an import body (Imports.MaxImportBytes): larger files are refused here, before sending. */
const MAX_BYTES = 4 * 1024 * 1024;
const PATHS = { roster: 'staff/roster', residents: 'staff/owners', fees: 'staff/fees' };
const isJson = (text) => /^\s*[[{]/.test(text);

let templateUrl = null;

const kind = () => new FormData($('import-form')).get('kind');

function clearResult() {
  $('import-status').textContent = '';
  $('import-error').textContent = '';
  $('import-rejected').replaceChildren();
  $('import-rejected-box').hidden = true;
  $('import-warnings').replaceChildren();
}

/** A CSV field as written by RFC 4180: quoted when it holds a comma, a quote or a line break. */
const csvField = (value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The header row and one example row, UTF-8 with a byte order mark so Excel shows the Chinese. */
function template(list) {
  const lines = [list.map((c) => c.name), list.map((c) => c.example)].map((row) => row.map(csvField).join(','));
  return new Blob(['\uFEFF' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
}

function showKind() {
  const list = columns(kind());
  $('import-effect').textContent = t(`import.${kind()}.effect`);
  $('import-columns').replaceChildren(...list.map(({ name, required, example }) => {
    const tr = el('tr');
    const head = Object.assign(el('th'), { scope: 'row' });
    head.append(el('code', '', name), ' ' + t(`column.${name}`), required ? el('span', 'required', t('i.required')) : '');
    const cell = el('td', '', t(`column.${name}.hint`));
    cell.append(el('span', 'example', t('i.example', example)));
    tr.append(head, cell);
    return tr;
  }));
  if (templateUrl) URL.revokeObjectURL(templateUrl);
  templateUrl = URL.createObjectURL(template(list));
  Object.assign($('import-template'), { href: templateUrl, download: `${kind()}-template.csv` });
  $('roster-view').hidden = kind() !== 'roster';
  clearResult();
}

/**
 * A chosen file's text. Excel on Chinese Windows saves "CSV" as GB18030 (GBK), "CSV UTF-8" as UTF-8: bytes that
 * are not UTF-8 are read as GB18030. A workbook (.xlsx, a zip) is refused with how to save it as CSV.
 */
async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) throw new Error(t('i.workbook'));
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

const lines = (text) => text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim());

/** A CSV's column names, lower case (names hold no commas or quotes). */
const header = (text) => (lines(text)[0] ?? '').split(',').map((name) => name.trim().toLowerCase());

/** The required columns a CSV lacks (say, a residents file sent as the roster): told before sending. */
function missingColumns(text) {
  if (isJson(text)) return [];
  const names = header(text);
  return columns(kind()).filter((c) => c.required && !names.includes(c.name.toLowerCase())).map((c) => c.name);
}

/** The first community named in the import (CSV with a community column, or JSON rows), to show its roster. */
function firstCommunity(text) {
  if (isJson(text)) {
    try {
      const parsed = JSON.parse(text);
      return (Array.isArray(parsed) ? parsed : parsed.rows)?.[0]?.community ?? '';
    } catch {
      return '';
    }
  }
  const [, first] = lines(text);
  const column = header(text).indexOf('community');
  // Only when the row has no quoted field before the community, where a comma could shift the columns.
  const cells = (first ?? '').split(',');
  return column >= 0 && !cells.slice(0, column + 1).some((cell) => cell.includes('"')) ? (cells[column] ?? '').trim() : '';
}

const fieldName = (field) => {
  const column = columns(kind()).find((c) => c.name.toLowerCase() === field.toLowerCase());
  return column ? `${t(`column.${column.name}`)} ${column.name}` : field;
};

function showRejected(rows) {
  $('import-rejected').append(...rows.flatMap((row) => Object.entries(row.errors).map(([field, messages]) => {
    const tr = el('tr');
    tr.append(el('td', '', row.row), el('td', '', fieldName(field)), el('td', '', messages.join('；')));
    return tr;
  })));
  $('import-rejected-box').hidden = false;
}

function failureText(res) {
  if ([403, 413, 415].includes(res?.status)) return t(`i.${res.status}`);
  return t('i.failed', failure(res));
}

async function submit(event) {
  event.preventDefault();
  clearResult();
  const text = $('import-text').value;
  const missing = missingColumns(text);
  const refusal = !text.trim() ? t('i.empty')
    : new TextEncoder().encode(text).length > MAX_BYTES ? t('i.413')
    : missing.length ? t('i.missing', missing.join(', '))
    : '';
  if (refusal) {
    $('import-error').textContent = refusal;
    return;
  }
  const button = $('import-submit');
  button.disabled = true;
  $('import-status').textContent = t('i.importing');
  const res = await api('PUT', PATHS[kind()], text, { 'Content-Type': isJson(text) ? 'application/json' : 'text/csv; charset=utf-8' });
  button.disabled = false;
  $('import-status').textContent = '';
  if (res?.status < 300) {
    $('import-status').textContent = t('i.imported', res.data.accepted);
    // What will not work as it should, e.g. a community with nobody for the emergency ladder to page.
    $('import-warnings').replaceChildren(...(res.data.warnings ?? []).map((w) => el('p', '', '⚠ ' + w.message)));
    if (kind() === 'roster') {
      const community = firstCommunity(text);
      if (community) $('roster-form').elements.community.value = community;
      if ($('roster-form').elements.community.value) await loadRoster();
    }
  } else if (res?.status === 422 && Array.isArray(res.data?.rejected)) {
    $('import-error').textContent = t('i.rejectedRows', res.data.title, res.data.detail);
    showRejected(res.data.rejected);
  } else {
    ok(res);
    $('import-error').textContent = failureText(res);
  }
}

async function loadRoster() {
  const community = $('roster-form').elements.community.value.trim();
  $('roster-rows').replaceChildren();
  const res = await api('GET', 'staff/roster?' + new URLSearchParams({ community }));
  if (!ok(res, $('roster-note'))) return;
  $('roster-note').textContent = t('i.onRoster', community, res.data.length);
  $('roster-rows').append(...res.data.map((s) => {
    const tr = el('tr');
    tr.append(...[s.name, s.phone, word('department', s.department), word('role', s.role), t(s.onCall ? 'yes' : 'no'), s.shifts || t('i.officeHours')]
      .map((text) => el('td', '', text)));
    return tr;
  }));
}

$('import-form').addEventListener('change', (e) => { if (e.target.name === 'kind') showKind(); });
$('import-file').addEventListener('change', chooseFile);
$('import-form').addEventListener('submit', submit);
$('roster-form').addEventListener('submit', (e) => { e.preventDefault(); loadRoster(); });

// On arrival (and after a language switch) the chosen import's columns, in the words of the moment.
section({ id: 'imports', hash: 'imports', load: showKind, role: 'admin' });
