import { api, t } from './dom.js';

// ≤ 1600 px, ≤ 2 MB; re-encoding drops EXIF (location).
async function shrink(file) {
  const i = await createImageBitmap(file);
  const s = Math.min(1, 1600 / Math.max(i.width, i.height));
  const c = new OffscreenCanvas(i.width * s, i.height * s);
  c.getContext('2d').drawImage(i, 0, 0, c.width, c.height);
  let b, q = 1;
  do b = await c.convertToBlob({ type: 'image/jpeg', quality: q -= 0.15 }); while (b.size > 2 ** 21 && q > .2);
  return b;
}

// Per photo: a one-photo URL from the API, a PUT to storage, the API's check.
export async function upload(path, k, files, out) {
  let n = 0;
  for (const f of [...files].slice(0, 3)) {
    out.textContent = t('sending');
    try {
      const b = await shrink(f);
      const u = (await api('POST', path + '/photos' + k, { contentType: b.type, size: b.size })).data;
      const p = await fetch(u.uploadUrl, { method: 'PUT', headers: u.headers, body: b });
      if (p.ok && (await api('POST', `${path}/photos/${u.number}/attach${k}`, {})).status === 200) n++;
    } catch { /* not sent */ }
  }
  out.textContent = t(n < files.length ? 'ph.fail' : 'ph.done');
}
