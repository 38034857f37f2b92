// The page a merchant copies: gate on the WeChat version, sign wx.config on the server for this
// URL, then add, choose and open cards with signatures from the server.
import { init, parseUserAgent, configure, addCard, chooseCard, openCard } from '/pkg/index.js';
import { html, setHtml } from './escape.js';

const $ = (id) => document.getElementById(id);
const log = (label, value) => { $('log').textContent = `${label}\n${JSON.stringify(value, null, 2)}`; };
let chosenCode = null;

async function api(path, body) {
  const res = await fetch(`/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw Object.assign(new Error(json.message), json);
  return json;
}

function showError(e) {
  // For CONFIG_FAILED, the server's diagnosis: its findings, most likely cause first.
  const findings = e.diagnosis && e.diagnosis.findings.map((f) => `${f.code}: ${f.messageZh} ${f.messageEn}`);
  log(`✗ ${e.code || 'ERROR'}`, { code: e.code, field: e.field, message: e.message, errMsg: e.errMsg, findings });
}

async function main() {
  // Resolves also where WebAssembly cannot run (iOS Lockdown Mode, an old WebView): the card
  // calls still work there and WeChat checks its own version.
  const loaded = await init();
  fetch('/api/status').then((r) => r.json()).then((s) => {
    if (s.mode === 'sandbox') {
      $('mode').hidden = false;
      $('mode').textContent = '沙箱模式:签名使用本地生成的 ticket,微信会拒绝。Sandbox mode: signatures use made-up tickets and WeChat will refuse them.';
    }
  });
  // A sandbox link to the landing page, as WeChat would open it from a card (encrypt_code raw).
  $('landing-link').href = `landing.html?encrypt_code=${btoa('1434008071>?')}&card_id=pjZ8Yt1XGILfi-FUsewpnnolGgZk&openid=oDemoUser`;

  const ua = loaded.wasm ? parseUserAgent(navigator.userAgent) : null;
  const gate = $('gate');
  gate.hidden = false;
  if (ua && !ua.supportsCards) {
    gate.className = 'banner bad';
    gate.textContent = ua.isWeChat
      ? `当前微信版本 ${ua.version} 过低,卡券需要 6.0.2 或以上,请升级微信。WeChat ${ua.version} is too old: cards need 6.0.2 or later.`
      : ua.isWeCom
        ? '企业微信不支持卡券,请在微信中打开。WeCom has no cards: open this page in WeChat.'
        : '请在微信中打开此页面领取卡券。Open this page in WeChat to get cards.';
    document.body.dataset.ready = 'gated';
    return;
  }
  gate.className = 'banner good';
  gate.textContent = ua ? `微信 ${ua.version} · WeChat ${ua.version}` : '微信 · WeChat';

  let configured;
  try {
    // The server signs the URL WeChat checks on this phone (signingUrl(): the landing URL on
    // iOS, the current one elsewhere); a refusal is diagnosed by the server with its own tickets.
    configured = await configure('/api/jsapi-config', { diagnose: '/api/diagnose/jsapi-config' });
  } catch (e) {
    showError(e);
    document.body.dataset.ready = 'config-failed';
    return;
  }
  for (const id of ['add-card', 'choose-card']) $(id).disabled = false;
  log('wx.config ok', configured);
  document.body.dataset.ready = 'true';
}

$('add-card').addEventListener('click', async () => {
  try {
    // outer_str comes back in WeChat's user_get_card event: where the user got the card.
    const cards = $('card-ids').value.split(',').map((s) => s.trim()).filter(Boolean).map((cardId) => ({ cardId, outerStr: 'merchant-page' }));
    const { cardList } = await api('card-ext', { cards });
    log('addCard', await addCard(cardList));
  } catch (e) {
    showError(e);
  }
});

$('choose-card').addEventListener('click', async () => {
  try {
    const chosen = await chooseCard(await api('choose-card', { cardType: '' }));
    const [first] = chosen;
    if (first) {
      // The code is encrypted: only the server can turn it into the real one.
      const { code } = await api('decrypt-code', { encryptCode: first.encryptCode });
      chosenCode = { cardId: first.cardId, code };
      $('open-card').disabled = false;
    }
    log('chooseCard', { chosen, decrypted: chosenCode });
  } catch (e) {
    showError(e);
  }
});

$('open-card').addEventListener('click', async () => {
  try {
    await openCard(chosenCode);
    log('openCard ok', chosenCode);
  } catch (e) {
    showError(e);
  }
});

// The card events the server received, newest first, as WeChat named their fields.
async function showEvents() {
  try {
    const res = await fetch('/api/events');
    const events = await res.json();
    if (!res.ok) {
      $('events-empty').textContent = events.message;
      return;
    }
    $('events-empty').hidden = events.length > 0;
    const cells = ['Event', 'CardId', 'UserCardCode', 'OuterStr', 'FromUserName', 'CreateTime'];
    const rows = events.map((e) => html`<tr data-event="${e.Event}">${cells.map((c) => html`<td data-field="${c}">${e[c] ?? ''}</td>`)}</tr>`);
    setHtml($('events').tBodies[0], html`${rows}`);
  } catch {
    // The next poll tries again.
  }
}
setInterval(showEvents, 2000);
showEvents();

main().catch(showError);
