// A card's custom_url target: read encrypt_code, card_id, openid and outer_str, drop them from
// the address bar, and ask the server for the real code.
import { readCardRedirect } from '/pkg/index.js';
import { html, setHtml } from './escape.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const found = await readCardRedirect({ clean: true });
  if (!found) {
    setHtml($('found'), html`<p class="muted">地址中没有卡券参数:请从卡券的自定义入口打开此页。No card parameters: open this page from a card's custom URL.</p>`);
    $('code').textContent = '';
    document.body.dataset.ready = 'none';
    return;
  }
  const rows = [['encrypt_code', found.encryptCode], ['card_id', found.cardId], ['openid', found.openid ?? '—'], ['outer_str', found.outerStr ?? '—']];
  setHtml($('found'), html`<dl class="kv" data-out="params">${rows.map(([k, v]) => html`<dt>${k}</dt><dd data-key="${k}">${v}</dd>`)}</dl>`);
  const res = await fetch('/api/decrypt-code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encryptCode: found.encryptCode }) });
  const body = await res.json();
  setHtml($('code'), res.ok
    ? html`<dl class="kv"><dt>code</dt><dd data-out="code">${body.code}</dd></dl>`
    : html`<p class="error" data-code="${body.code}">✗ ${body.code}: ${body.message}</p>`);
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  setHtml($('code'), html`<p class="error">✗ ${e.code || 'ERROR'}: ${e.message}</p>`);
  document.body.dataset.ready = 'error';
});
