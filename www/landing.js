// A card's custom_url target: read encrypt_code, card_id, openid and outer_str, drop them from
// the address bar, and ask the server for the real code.
import { readCardRedirect } from '/pkg/index.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function main() {
  const found = await readCardRedirect({ clean: true });
  if (!found) {
    $('found').innerHTML = '<p class="muted">地址中没有卡券参数:请从卡券的自定义入口打开此页。No card parameters: open this page from a card\'s custom URL.</p>';
    $('code').innerHTML = '';
    document.body.dataset.ready = 'none';
    return;
  }
  const rows = [['encrypt_code', found.encryptCode], ['card_id', found.cardId], ['openid', found.openid ?? '—'], ['outer_str', found.outerStr ?? '—']];
  $('found').innerHTML = `<dl class="kv" data-out="params">${rows.map(([k, v]) => `<dt>${k}</dt><dd data-key="${k}">${esc(v)}</dd>`).join('')}</dl>`;
  const res = await fetch('/api/decrypt-code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encryptCode: found.encryptCode }) });
  const body = await res.json();
  $('code').innerHTML = res.ok
    ? `<dl class="kv"><dt>code</dt><dd data-out="code">${esc(body.code)}</dd></dl>`
    : `<p class="error" data-code="${esc(body.code)}">✗ ${esc(body.code)}: ${esc(body.message)}</p>`;
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('code').innerHTML = `<p class="error">✗ ${esc(e.code || 'ERROR')}: ${esc(e.message)}</p>`;
  document.body.dataset.ready = 'error';
});
