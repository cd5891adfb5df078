import { $, api, el, lang, onLang, say, site, start } from './common.js';

// The community's FAQ from the API, its name, hours and phones already filled in: [{ q, a: [paragraphs] }].
async function render() {
  const res = await api('GET', `communities/${site.slug}/faq/${lang}`);
  $('faq').replaceChildren(...(res?.status === 200 ? res.data : []).map((item) => {
    const d = el('details');
    d.append(el('summary', '', item.q), ...item.a.map((p) => el('p', '', p)));
    return d;
  }));
  say($('msg'), res?.status === 200 ? '' : res ? 'busy' : 'netFail');
}

await start();
onLang(render);
await render();
