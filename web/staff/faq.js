// The FAQ (小百科) of a community in one language (admins): questions and answers, one paragraph a line, saved under the ETag
// read (none while the default is in use). Owners see an edit within a minute. Text from people is set with textContent only.
import { $, api, t, el, wire } from '../js/dom.js';
import { ok, section, submit, values } from './console.js';

const form = $('faq-form');
let editing = null; // { community, language, etag }

async function open(e) {
  e?.preventDefault();
  const { community, language } = values($('faq-pick'));
  const res = await api('GET', `staff/communities/${encodeURIComponent(community ?? '')}/faq/${language}`);
  form.hidden = true;
  if (!ok(res, $('faq-error'))) return;
  show(community, language, res.data);
}

function show(community, language, faq) {
  editing = { community, language, etag: faq.etag };
  $('faq-error').textContent = '';
  $('faq-form-title').textContent = t(faq.isDefault ? 'q.default' : 'q.edit', community, language);
  $('faq-items').replaceChildren();
  faq.items.forEach((item) => addItem(item, language));
  form.querySelector('[role=status]').textContent = '';
  form.hidden = false;
}

/** One question: its text, its answer (a paragraph a line), and a button that removes it. Ids follow the API's field names. */
function addItem(item = { q: '', a: [] }, language = editing.language) {
  const list = $('faq-items');
  const i = list.children.length;
  const li = el('li');
  const box = el('fieldset');
  box.append(el('legend', '', t('q.item', i + 1)));
  const q = Object.assign(el('input'), { id: `faq-form-items-${i}.q`, value: item.q, maxLength: 100, lang: language });
  const a = Object.assign(el('textarea'), { id: `faq-form-items-${i}.a`, value: item.a.join('\n'), rows: 3, lang: language });
  const remove = Object.assign(el('button', '', t('q.remove', i + 1)), { type: 'button' });
  remove.addEventListener('click', () => {
    const kept = items().filter((_, n) => n !== i);
    list.replaceChildren();
    kept.forEach((x) => addItem(x));
    $('faq-add').focus();
  });
  box.append(Object.assign(el('label', '', t('q.question')), { htmlFor: q.id }), q,
    Object.assign(el('label', '', t('q.answer')), { htmlFor: a.id }), a, remove);
  li.append(box);
  list.append(li);
  wire(li);
}

/** The items as typed, in the API's shape (empty lines dropped). */
const items = () => [...$('faq-items').children].map((_, i) => ({
  q: $(`faq-form-items-${i}.q`).value.trim(),
  a: $(`faq-form-items-${i}.a`).value.split('\n').map((p) => p.trim()).filter(Boolean),
}));

async function save(e) {
  e.preventDefault();
  const status = form.querySelector('[role=status]');
  status.textContent = '';
  const { community, language, etag } = editing;
  const res = await submit(form, 'PUT', `staff/communities/${encodeURIComponent(community)}/faq/${language}`, { items: items() },
    etag ? { 'If-Match': etag } : {});
  if (res?.status === 412) {
    show(community, language, { ...res.data.current, isDefault: !res.data.current.etag });
    status.textContent = t('s.stale');
    return;
  }
  if (res?.status !== 200) return;
  show(community, language, res.data);
  status.textContent = t('s.saved');
}

$('faq-pick').addEventListener('submit', open);
$('faq-add').addEventListener('click', () => {
  addItem();
  $(`faq-form-items-${$('faq-items').children.length - 1}.q`).focus();
});
form.addEventListener('submit', save);

section({ id: 'faq', hash: 'faq', role: 'admin', load: () => editing && open() });
