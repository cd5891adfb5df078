import { $, el, getJson, lang, onLang, say, site, start } from './common.js';

// faq/<language>.json: [{ q, a: [paragraphs] }]; {phone} is the 24-hour line.
async function render() {
  try {
    const items = await getJson(`faq/${lang}.json`);
    const fill = (s) => s.replaceAll('{phone}', site.phone).replaceAll('{community}', site.name);
    $('faq').replaceChildren(...items.map((item) => {
      const d = el('details');
      d.append(el('summary', '', fill(item.q)), ...item.a.map((p) => el('p', '', fill(p))));
      return d;
    }));
    say($('msg'), '');
  } catch {
    say($('msg'), 'netFail');
  }
}

await start();
onLang(render);
await render();
