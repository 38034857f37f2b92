// The offline card-signature debugger: every step of each signature, on wxcard/full in the
// browser. It makes no request but for its own files.
import * as wxcard from '/pkg/full.js';
import { html, setHtml } from './escape.js';

const $ = (id) => document.getElementById(id);
const now = () => String(Math.floor(Date.now() / 1000));
const show = (id, content) => setHtml($(id), content);
const fail = (id, e) => show(id, html`<p class="error" data-code="${e.code || ''}">✗ ${e.code || 'ERROR'} · ${e.field || ''}: ${e.message}</p>`);
const js = (v) => JSON.stringify(v, null, 2);

// Every card signature: the values, their byte order, the concatenation, the SHA-1. `signed` is
// the signature the signing call returned: the steps must come to the same one.
function steps(labelled, signed) {
  const values = labelled.filter(([, v]) => v !== '');
  const { sorted, signature } = wxcard.sortedSha1(values.map(([, v]) => v));
  const mismatch = signature === signed ? '' : html`<li class="error" data-code="STEPS_MISMATCH">✗ 签名结果不同 The signing call returned ${signed}</li>`;
  return html`<li>参与签名的值 Values signed<pre data-out="values">${values.map(([k, v]) => `${k} = ${v}`).join('\n')}</pre></li>
      <li>按字节排序 Sorted by bytes<pre>${sorted.join('\n')}</pre></li>
      <li>拼接 Concatenated<pre>${sorted.join('')}</pre></li>
      <li>SHA-1<pre class="sig" data-out="signature">${signature}</pre></li>${mismatch}`;
}

// An empty timestamp signs "now", an empty nonce a random one (none for card_ext): the fields then
// show the values that were actually signed, as the steps do.
function showSigned(timestampId, nonceId, timestamp, nonceStr) {
  $(timestampId).value = String(timestamp ?? '');
  $(nonceId).value = nonceStr ?? '';
}

function signCardExt() {
  try {
    const input = {
      apiTicket: $('ce-ticket').value, cardId: $('ce-card-id').value, code: $('ce-code').value, openid: $('ce-openid').value,
      timestamp: $('ce-timestamp').value, nonceStr: $('ce-nonce').value, fixedBeginTimestamp: $('ce-begin').value, outerStr: $('ce-outer').value,
    };
    const item = wxcard.signCardExt(input);
    // What was signed is what cardExt says (WeChat reads it from there too).
    const ext = JSON.parse(item.cardExt);
    showSigned('ce-timestamp', 'ce-nonce', ext.timestamp, ext.nonce_str);
    const s = steps([['api_ticket', input.apiTicket], ['timestamp', ext.timestamp ?? ''], ['card_id', item.cardId], ['code', ext.code ?? ''], ['openid', ext.openid ?? ''], ['nonce_str', ext.nonce_str ?? '']], ext.signature);
    const call = `wx.addCard({\n  cardList: [{\n    cardId: ${JSON.stringify(item.cardId)},\n    cardExt: ${JSON.stringify(item.cardExt)}\n  }],\n  success(res) { console.log(res.cardList) }\n});`;
    show('ce-out', html`<ol class="steps">${s}<li>cardExt (字符串 a string)<pre data-out="card-ext">${item.cardExt}</pre></li>
      <li>可直接粘贴的调用 Ready to paste<pre data-out="call">${call}</pre></li></ol>`);
  } catch (e) {
    fail('ce-out', e);
  }
}

function signChooseCard() {
  try {
    const input = {
      apiTicket: $('cc-ticket').value, appId: $('cc-app-id').value, shopId: $('cc-shop-id').value, cardType: $('cc-card-type').value,
      // wx.chooseCard needs a nonce: an empty field draws one.
      cardId: $('cc-card-id').value, timestamp: $('cc-timestamp').value, nonceStr: $('cc-nonce').value || undefined,
    };
    const signed = wxcard.signChooseCard(input);
    showSigned('cc-timestamp', 'cc-nonce', signed.timestamp, signed.nonceStr);
    const s = steps([['api_ticket', input.apiTicket], ['app_id', input.appId], ['location_id', signed.shopId ?? ''], ['timestamp', String(signed.timestamp)], ['nonce_str', signed.nonceStr], ['card_id', signed.cardId ?? ''], ['card_type', signed.cardType ?? '']], signed.cardSign);
    const call = `wx.chooseCard(${js({ ...signed, success: '__SUCCESS__' }).replace('"__SUCCESS__"', 'function (res) { var list = JSON.parse(res.cardList) }')});`;
    show('cc-out', html`<ol class="steps">${s}<li>可直接粘贴的调用 Ready to paste<pre data-out="call">${call}</pre></li></ol>`);
  } catch (e) {
    fail('cc-out', e);
  }
}

function signConfig() {
  try {
    // wx.config needs a nonce: an empty field draws one.
    const input = { jsapiTicket: $('wc-ticket').value, appId: $('wc-app-id').value, url: $('wc-url').value, timestamp: $('wc-timestamp').value, nonceStr: $('wc-nonce').value || undefined };
    const signed = wxcard.signJsapiConfig(input);
    showSigned('wc-timestamp', 'wc-nonce', signed.timestamp, signed.nonceStr);
    const string = `jsapi_ticket=${input.jsapiTicket}&noncestr=${signed.nonceStr}&timestamp=${signed.timestamp}&url=${input.url.split('#')[0]}`;
    const call = `wx.config(${js({ debug: false, ...signed, jsApiList: ['addCard', 'chooseCard', 'openCard'] })});`;
    show('wc-out', html`<ol class="steps">
      <li>待签名字符串 String to sign (键名按字典序 keys in order)<pre data-out="string">${string}</pre></li>
      <li>SHA-1<pre class="sig" data-out="signature">${signed.signature}</pre></li>
      <li>可直接粘贴的调用 Ready to paste<pre data-out="call">${call}</pre></li></ol>`);
  } catch (e) {
    fail('wc-out', e);
  }
}

function showDiagnosis(id, d, more = html``) {
  const items = d.findings.map((f) => html`<li class="${f.severity}" data-code="${f.code}"><span class="badge">${f.severity}</span><code>${f.code}</code>
    <div>${f.messageZh}</div><div class="muted">${f.messageEn}</div></li>`);
  const expected = d.expectedSignature ? html`<p>正确的签名应为 Expected signature: <code class="sig" data-out="expected">${d.expectedSignature}</code></p>` : '';
  show(id, html`<div class="banner ${d.ok ? 'good' : 'bad'}">${d.ok ? '未发现错误 No error found' : '发现问题 Problems found (最可能的原因在前 most likely first)'}</div>${expected}<ul class="findings">${items}</ul>${more}`);
}

function diagnose() {
  try {
    const ticket = $('dg-ticket').value;
    showDiagnosis('dg-out', wxcard.diagnoseCardExt({ cardId: $('dg-card-id').value, cardExt: $('dg-card-ext').value, apiTicket: ticket || undefined }));
  } catch (e) {
    fail('dg-out', e);
  }
}

// wx.config as the page called it, and where the page was: the user agent says which URL WeChat
// checks (the landing one on iOS).
function diagnoseConfig() {
  const optional = (id) => $(id).value.trim() || undefined;
  try {
    showDiagnosis('dj-out', wxcard.diagnoseJsapiConfig({
      url: $('dj-url').value, landingUrl: optional('dj-landing'), appId: $('dj-app-id').value, timestamp: $('dj-timestamp').value,
      nonceStr: $('dj-nonce').value, signature: $('dj-signature').value, userAgent: $('dj-ua').value || navigator.userAgent,
      jsapiTicket: optional('dj-jsapi-ticket'), apiTicket: optional('dj-api-ticket'),
    }));
  } catch (e) {
    fail('dj-out', e);
  }
}

// The server URL check: the query WeChat sent, the server's token and, when known, its own value.
function diagnoseUrl() {
  const q = new URLSearchParams($('du-query').value.trim().replace(/^[^?]*\?/, ''));
  try {
    showDiagnosis('du-out', wxcard.diagnosePushUrl({
      token: $('du-token').value, timestamp: q.get('timestamp') ?? '', nonce: q.get('nonce') ?? '',
      signature: q.get('signature') ?? '', echostr: q.get('echostr') ?? '', msgSignature: q.get('msg_signature') ?? '',
      computed: $('du-computed').value.trim(), encrypt: $('du-encrypt').value, encodingAesKey: $('du-aes-key').value,
      appId: $('du-app-id').value.trim(),
    }));
  } catch (e) {
    fail('du-out', e);
  }
}

function diagnoseChoose() {
  let params;
  try {
    params = JSON.parse($('dc-params').value);
  } catch {
    return fail('dc-out', { code: 'BAD_JSON', field: 'params', message: '参数不是 JSON 对象 Not a JSON object' });
  }
  try {
    const ticket = $('dc-ticket').value;
    showDiagnosis('dc-out', wxcard.diagnoseChooseCard({ ...params, appId: $('dc-app-id').value, apiTicket: ticket || undefined }));
  } catch (e) {
    fail('dc-out', e);
  }
}

function checkCardJson() {
  const r = wxcard.validateCardJson($('cj-json').value);
  const what = r.document ? `${r.document === 'create' ? 'card/create' : 'card/update'}${r.cardType ? ` · ${r.cardType}` : ''}` : '';
  const verdict = r.ok
    ? html`<div class="banner good">可以提交 Ready for WeChat ${what}</div>`
    : html`<div class="banner bad">微信会拒绝 WeChat will refuse it ${what}</div>`;
  const items = r.problems.map((p) => html`<li class="${p.severity}" data-code="${p.code}" data-path="${p.path}"><span class="badge">${p.severity}</span><code>${p.path || '(JSON)'}</code> <code>${p.code}</code>${p.errcode ? html` <span class="muted">→ ${p.errcode}</span>` : ''}
    <div>${p.message}${p.detail ? `: ${p.detail}` : ''}</div></li>`);
  show('cj-out', html`${verdict}<ul class="findings">${items}</ul>`);
}

const EXAMPLE_CARD = {
  card: {
    card_type: 'GROUPON',
    groupon: {
      base_info: {
        logo_url: 'http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7hicFNjakmxibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0',
        brand_name: '微信餐厅', code_type: 'CODE_TYPE_TEXT', title: '132元双人火锅套餐', sub_title: '周末狂欢必备', color: 'Color010',
        notice: '使用时向服务员出示此券', service_phone: '020-88888888',
        description: '不可与其他优惠同享\n如需团购券发票,请在消费时向商户提出\n店内均可使用,仅限堂食',
        date_info: { type: 'DATE_TYPE_FIX_TERM', fixed_term: 15, fixed_begin_term: 0 },
        sku: { quantity: 500000 }, get_limit: 3, use_custom_code: false, bind_openid: false, can_share: true, can_give_friend: true,
        location_id_list: [123, 12321, 345345], custom_url_name: '立即使用', custom_url: 'http://www.qq.com', custom_url_sub_title: '6个汉字tips',
        promotion_url_name: '更多优惠', promotion_url: 'http://www.qq.com',
      },
      deal_detail: '以下锅底2选1:\n大锅1份 12元\n小锅2份 16元',
    },
  },
};

// WeChat's member-card create example (创建会员卡接口), with one way to activate: the card type
// merchants still create (coupons cannot be created since 2021-04-01).
const EXAMPLE_MEMBER_CARD = {
  card: {
    card_type: 'MEMBER_CARD',
    member_card: {
      background_pic_url: 'https://mmbiz.qlogo.cn/mmbiz/',
      base_info: {
        logo_url: 'http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZ/0',
        brand_name: '海底捞', code_type: 'CODE_TYPE_TEXT', title: '海底捞会员卡', color: 'Color010',
        notice: '使用时向服务员出示此券', service_phone: '020-88888888', description: '不可与其他优惠同享',
        date_info: { type: 'DATE_TYPE_PERMANENT' }, sku: { quantity: 50000000 }, get_limit: 3,
        use_custom_code: false, can_give_friend: true, location_id_list: [123, 12321],
        custom_url_name: '立即使用', custom_url: 'http://weixin.qq.com', custom_url_sub_title: '6个汉字tips',
        promotion_url_name: '营销入口1', promotion_url: 'http://www.qq.com', need_push_on_view: true,
      },
      supply_bonus: true, supply_balance: false, prerogative: 'test_prerogative', auto_activate: true,
      custom_field1: { name_type: 'FIELD_NAME_TYPE_LEVEL', url: 'http://www.qq.com' },
      custom_cell1: { name: '使用入口2', tips: '激活后显示', url: 'http://www.xxx.com' },
      bonus_rule: {
        cost_money_unit: 100, increase_bonus: 1, max_increase_bonus: 200, init_increase_bonus: 10,
        cost_bonus_unit: 5, reduce_money: 100, least_money_to_use_bonus: 1000, max_reduce_bonus: 50,
      },
      discount: 10,
    },
  },
};

const errcodeHtml = (e) => html`<dl class="kv" data-out="errcode"><dt>errcode</dt><dd>${e.code}${e.errmsg ? ` (${e.errmsg})` : ''}</dd><dt>含义</dt><dd>${e.meaningZh}</dd><dt>Meaning</dt><dd>${e.meaningEn}</dd><dt>解决</dt><dd>${e.fixZh}</dd><dt>Fix</dt><dd>${e.fixEn}</dd></dl>`;

function explain() {
  const e = wxcard.explainErrcode($('ec-code').value.trim());
  show('ec-out', e ? errcodeHtml(e) : html`<p class="muted">这个错误码不在卡券相关错误码表中。Not a card-related errcode this tool knows.</p>`);
}

// Where each export a symptom's check names runs: its tab, its first field, a label.
const CHECKS = {
  diagnoseCardExt: ['diagnose', 'dg-card-id', '诊断 card_ext'],
  diagnoseChooseCard: ['diagnose', 'dc-params', '诊断 wx.chooseCard'],
  diagnoseJsapiConfig: ['diagnose', 'dj-url', '诊断 wx.config'],
  validateCardJson: ['card-json', 'cj-json', '检查卡券 JSON'],
  parseUserAgent: ['ua', 'ua-text', 'UA'],
};

// What the phone shows: the symptoms matching the query (all for none), and an errcode typed as a number.
function troubleshoot() {
  const query = $('sy-query').value.trim();
  const found = wxcard.symptoms({ query });
  const errcode = /^-?\d+$/.test(query) ? wxcard.explainErrcode(query) : null;
  const items = found.map((s) => {
    const open = Object.entries(CHECKS).filter(([name]) => s.check.includes(name))
      .map(([name, [tab, field, label]]) => html` <button class="secondary" data-goto="${tab}" data-field="${field}" title="${name}">${label} →</button>`);
    return html`<li data-code="${s.code}"><code>${s.code}</code>
      <div class="symptom">${s.symptomZh}</div><div class="muted">${s.symptomEn}</div>
      <div class="label">原因 Causes</div><ol>${s.causes.map((c) => html`<li>${c.zh}<div class="muted">${c.en}</div></li>`)}</ol>
      <div class="label">解决 Fix</div><div data-out="fix">${s.fixZh}</div><div class="muted">${s.fixEn}</div>
      <div class="label">检查 Check</div><pre data-out="check">${s.check}</pre>${open}</li>`;
  });
  const none = found.length || errcode ? '' : html`<p class="muted">没有匹配的现象。No symptom matches: try a shorter part of the message.</p>`;
  show('sy-out', html`${errcode ? errcodeHtml(errcode) : ''}${none}<ul class="findings symptoms">${items}</ul>`);
}

function parseUa() {
  const ua = wxcard.parseUserAgent($('ua-text').value);
  const verdict = ua.supportsCards
    ? html`<div class="banner good">支持卡券 Cards supported</div>`
    : html`<div class="banner bad">不支持卡券 Cards not supported: ${ua.isWeCom ? '企业微信 WeCom has no cards' : ua.isWeChat ? `微信 ${ua.version} 低于 6.0.2 · older than 6.0.2` : '不在微信中 not inside WeChat'}</div>`;
  show('ua-out', html`${verdict}<dl class="kv" data-out="ua"><dt>WeChat</dt><dd>${ua.isWeChat}</dd><dt>version</dt><dd>${ua.version ?? '—'}</dd><dt>platform</dt><dd>${ua.platform}</dd><dt>WeCom</dt><dd>${ua.isWeCom}</dd><dt>mini program</dt><dd>${ua.isMiniProgram}</dd></dl>`);
}

// 商家券: the key typed in is used, never shown; the string to sign is shown with it masked.
const optionalKey = (id) => $(id).value || undefined;

function payCoupons() {
  return $('bf-coupons').value.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [stockId = '', outRequestNo = '', couponCode = '', createCouponMerchant = ''] = line.split(',').map((v) => v.trim());
    return { stockId, outRequestNo, couponCode, createCouponMerchant };
  });
}

function signBusifavorH5() {
  try {
    const signed = wxcard.signBusifavorH5({
      key: $('bf-key').value, stockId: $('bf-stock-id').value, outRequestNo: $('bf-out-request-no').value,
      sendCouponMerchant: $('bf-merchant').value, openId: $('bf-open-id').value, couponCode: $('bf-coupon-code').value,
    });
    const { stringToSign } = wxcard.diagnoseBusifavor({ url: signed.url });
    show('bf-out', html`<ol class="steps"><li>待签名字符串 String to sign (密钥已遮盖 key masked)<pre data-out="string">${stringToSign}</pre></li>
      <li>HMAC-SHA256<pre class="sig" data-out="sign">${signed.sign}</pre></li>
      <li>H5 链接 (值已 URL 编码) The link, every value URL-encoded<pre data-out="url">${signed.url}</pre></li>
      <li>可直接粘贴的跳转 Ready to paste<pre data-out="call">${`location.href = ${JSON.stringify(signed.url)};`}</pre></li></ol>`);
  } catch (e) {
    fail('bf-out', e);
  }
}

function signBusifavorPlugin() {
  try {
    const input = { key: $('bf-key').value, sendCouponMerchant: $('bf-merchant').value, coupons: payCoupons() };
    const signed = wxcard.signBusifavorPlugin(input);
    const { cardList } = wxcard.signBusifavorAddCard(input);
    const { stringToSign } = wxcard.diagnoseBusifavor({ sendCouponMerchant: signed.sendCouponMerchant, sendCouponParams: signed.sendCouponParams, sign: signed.sign });
    const plugin = `<send-coupon\n  send_coupon_params="{{sendCouponParams}}"\n  sign="{{sign}}"\n  send_coupon_merchant="{{sendCouponMerchant}}"\n  bindcustomevent="onSendCoupon">领券</send-coupon>\n\n// data\n${js(signed)}`;
    const addCard = `// 社区来源,官方未文档化 Community-sourced, not in WeChat's documents\nwx.addCard(${js({ cardList })});`;
    show('bf-out', html`<ol class="steps"><li>待签名字符串 String to sign (密钥已遮盖 key masked)<pre data-out="string">${stringToSign}</pre></li>
      <li>HMAC-SHA256<pre class="sig" data-out="sign">${signed.sign}</pre></li>
      <li>小程序插件 The plugin<pre data-out="plugin">${plugin}</pre></li>
      <li>wx.addCard<pre data-out="add-card">${addCard}</pre></li></ol>`);
  } catch (e) {
    fail('bf-out', e);
  }
}

// The link as opened, or the plugin's attributes as JSON (WeChat's names).
function diagnoseBusifavor() {
  const text = $('bf-dg-input').value.trim();
  let call = { url: text };
  if (text.startsWith('{')) {
    let p;
    try {
      p = JSON.parse(text);
    } catch {
      return fail('bf-dg-out', { code: 'BAD_JSON', field: 'params', message: '参数不是 JSON 对象 Not a JSON object' });
    }
    call = { sendCouponMerchant: p.send_coupon_merchant ?? p.sendCouponMerchant ?? '', sendCouponParams: p.send_coupon_params ?? p.sendCouponParams ?? [], sign: p.sign ?? '' };
  }
  try {
    const d = wxcard.diagnoseBusifavor({ ...call, key: optionalKey('bf-key'), apiV3Key: optionalKey('bf-dg-v3') });
    const string = html`<p>待签名字符串 String to sign (密钥已遮盖 key masked)</p><pre data-out="string">${d.stringToSign}</pre>`;
    showDiagnosis('bf-dg-out', { ...d, expectedSignature: d.expectedSign }, string);
  } catch (e) {
    fail('bf-dg-out', e);
  }
}

function explainPayResult() {
  const r = wxcard.explainPayResult($('bf-result').value.trim());
  show('bf-dg-out', r
    ? html`<dl class="kv" data-out="pay-result"><dt>code</dt><dd>${r.code} (${r.source})</dd><dt>含义</dt><dd>${r.meaningZh}</dd><dt>Meaning</dt><dd>${r.meaningEn}</dd><dt>解决</dt><dd>${r.fixZh}</dd><dt>Fix</dt><dd>${r.fixEn}</dd></dl>`
    : html`<p class="muted">不是插件的返回码。Not a result code of the plugin.</p>`);
}

const EXAMPLE_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
function fill(values) {
  for (const [id, v] of Object.entries(values)) $(id).value = v;
}

function selectTab(name) {
  for (const b of document.querySelectorAll('[role=tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  for (const p of document.querySelectorAll('[role=tabpanel]')) p.hidden = p.id !== `tab-${name}`;
}

await wxcard.init();
for (const b of document.querySelectorAll('[role=tab]')) b.addEventListener('click', () => selectTab(b.dataset.tab));
$('ce-sign').addEventListener('click', signCardExt);
$('cc-sign').addEventListener('click', signChooseCard);
$('wc-sign').addEventListener('click', signConfig);
$('dg-run').addEventListener('click', diagnose);
$('dc-run').addEventListener('click', diagnoseChoose);
$('dj-run').addEventListener('click', diagnoseConfig);
$('du-run').addEventListener('click', diagnoseUrl);
$('sy-query').addEventListener('input', troubleshoot);
$('sy-out').addEventListener('click', (e) => {
  const goto = e.target instanceof Element ? e.target.closest('[data-goto]') : null;
  if (!goto) return;
  selectTab(goto.dataset.goto);
  $(goto.dataset.field).focus();
});
$('ec-run').addEventListener('click', explain);
$('cj-run').addEventListener('click', checkCardJson);
$('cj-example').addEventListener('click', () => { $('cj-json').value = JSON.stringify(EXAMPLE_CARD, null, 2); checkCardJson(); });
$('cj-member').addEventListener('click', () => { $('cj-json').value = JSON.stringify(EXAMPLE_MEMBER_CARD, null, 2); checkCardJson(); });
$('ua-run').addEventListener('click', parseUa);
$('bf-sign-h5').addEventListener('click', signBusifavorH5);
$('bf-sign-plugin').addEventListener('click', signBusifavorPlugin);
$('bf-dg-run').addEventListener('click', diagnoseBusifavor);
$('bf-result-run').addEventListener('click', explainPayResult);
$('bf-example').addEventListener('click', () => fill({ 'bf-key': 'exposed_your_key_here_have_risks', 'bf-merchant': '10016226', 'bf-coupons': 'abc123,1234567\n321cba,7654321' }));
$('ce-example').addEventListener('click', () => fill({ 'ce-ticket': 'ojZ8YtyVyr30HheH3CM73y7h4jJE', 'ce-card-id': 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', 'ce-code': '1434008071', 'ce-openid': '', 'ce-timestamp': '1404896688', 'ce-nonce': '123', 'ce-begin': '', 'ce-outer': '' }));
$('cc-example').addEventListener('click', () => fill({ 'cc-ticket': EXAMPLE_TICKET, 'cc-app-id': '123456', 'cc-shop-id': '', 'cc-card-type': 'GROUPON', 'cc-card-id': '', 'cc-timestamp': '1414587457', 'cc-nonce': 'Wm3WZYTPz0wzccnW' }));
$('wc-example').addEventListener('click', () => fill({ 'wc-ticket': EXAMPLE_TICKET, 'wc-app-id': 'wx0000000000sandbox', 'wc-url': 'http://mp.weixin.qq.com?params=value', 'wc-timestamp': '1414587457', 'wc-nonce': 'Wm3WZYTPz0wzccnW' }));
fill({ 'ce-timestamp': now(), 'ce-nonce': wxcard.generateNonce(), 'cc-timestamp': now(), 'cc-nonce': wxcard.generateNonce(), 'wc-timestamp': now(), 'wc-nonce': wxcard.generateNonce(), 'wc-url': location.href.split('#')[0], 'ua-text': navigator.userAgent, 'dj-ua': navigator.userAgent });
parseUa();
troubleshoot();
document.body.dataset.ready = 'true';
