// A member card's activation page: WeChat opens it with card_id, encrypt_code, openid, outer_str
// and, after the one-click activation form, activate_ticket. Read them, drop them from the
// address bar, and ask the server to activate: it decrypts the code, reads the form's answers
// by the ticket (card/membercard/activatetempinfo/get) and calls card/membercard/activate.
import { readCardRedirect } from '/pkg/index.js';
import { html, setHtml } from './escape.js';

const $ = (id) => document.getElementById(id);

function showParams(found) {
  const rows = [
    ['card_id', found.cardId],
    ['openid', found.openid ?? '—'],
    ['outer_str', found.outerStr ?? '—'],
    ['activate_ticket', found.activateTicket ? '✓' : '—'],
  ];
  setHtml($('found'), html`<dl class="kv" data-out="params">${rows.map(([k, v]) => html`<dt>${k}</dt><dd data-key="${k}">${v}</dd>`)}</dl>`);
}

function showMember(body) {
  const answers = (body.form?.common_field_list ?? []).concat(body.form?.custom_field_list ?? []);
  setHtml($('result'), html`<p class="sig" data-out="activated">✓ 已激活 Activated</p>
    <dl class="kv"><dt>membership_number</dt><dd data-out="membership-number">${body.membershipNumber}</dd>
    ${answers.map((a) => html`<dt>${a.name}</dt><dd data-field="${a.name}">${a.value || (a.value_list ?? []).join(', ')}</dd>`)}</dl>`);
}

async function main() {
  const found = await readCardRedirect({ clean: true });
  if (!found) {
    setHtml($('found'), html`<p class="muted">地址中没有卡券参数:请从会员卡的激活入口打开此页。No card parameters: open this page from a member card's activation link.</p>`);
    $('result').textContent = '';
    document.body.dataset.ready = 'none';
    return;
  }
  showParams(found);
  if (!found.activateTicket) {
    setHtml($('result'), html`<p class="error" data-code="NO_ACTIVATE_TICKET">✗ 没有 activate_ticket:此页需由一键激活(wx_activate)的表单打开。No activate_ticket: this page is opened by the one-click activation form.</p>`);
    document.body.dataset.ready = 'no-ticket';
    return;
  }
  const res = await fetch('/api/member/activate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ encryptCode: found.encryptCode, activateTicket: found.activateTicket, cardId: found.cardId }),
  });
  const body = await res.json();
  if (res.ok) {
    showMember(body);
  } else {
    setHtml($('result'), html`<p class="error" data-code="${body.code}">✗ ${body.code}: ${body.message}</p>`);
  }
  document.body.dataset.ready = res.ok ? 'true' : 'failed';
}

main().catch((e) => {
  setHtml($('result'), html`<p class="error">✗ ${e.code || 'ERROR'}: ${e.message}</p>`);
  document.body.dataset.ready = 'error';
});
