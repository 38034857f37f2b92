// The pages of www/ end to end: the demo server (sandbox mode, fixed tickets), headless
// Chromium, the real weixin-js-sdk, and a recording WeixinJSBridge. Screenshots go to
// target/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, UA, launch, newPage, startDemo } from './helpers.mjs';

const API_TICKET = 'E2eApiTicket_kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzH';
const JSAPI_TICKET = 'E2eJsapiTicket_sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVU';
const SHOTS = join(ROOT, 'target/screenshots');
mkdirSync(SHOTS, { recursive: true });

const sha1 = (s) => createHash('sha1').update(s).digest('hex');
const cardSignature = (values) => {
  const bytes = values.filter((v) => v).map((v) => Buffer.from(String(v)));
  return createHash('sha1').update(Buffer.concat(bytes.sort(Buffer.compare))).digest('hex');
};

let demo;
let browser;
before(async () => {
  demo = await startDemo({ WXCARD_SANDBOX_API_TICKET: API_TICKET, WXCARD_SANDBOX_JSAPI_TICKET: JSAPI_TICKET });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.close();
  // The tickets never reach the server's log.
  assert.ok(!demo.log().includes(API_TICKET) && !demo.log().includes(JSAPI_TICKET));
});

async function open(path, userAgent) {
  const ctx = await newPage(browser, { userAgent });
  const requests = [];
  ctx.page.on('request', (r) => requests.push(r.url()));
  await ctx.page.goto(`${demo.url}${path}`);
  await ctx.page.waitForFunction(() => document.body.dataset.ready);
  return { ...ctx, requests };
}

describe('debugger.html', () => {
  test('shows every step of the published vectors, offline', async () => {
    const { page, context, requests, blocked, errors } = await open('/debugger.html', UA.desktopChrome);
    await page.click('#ce-example');
    await page.click('#ce-sign');
    assert.equal(await page.textContent('#ce-out [data-out=signature]'), 'f137ab68b7f8112d20ee528ab6074564e2796250');
    assert.match(await page.textContent('#ce-out'), /12314048966881434008071ojZ8YtyVyr30HheH3CM73y7h4jJEpjZ8Yt1XGILfi-FUsewpnnolGgZk/);
    assert.match(await page.textContent('#ce-out [data-out=call]'), /wx\.addCard\(\{/);
    await page.screenshot({ path: join(SHOTS, 'debugger.png'), fullPage: true });

    await page.click('[data-tab=choose-card]');
    await page.click('#cc-example');
    await page.click('#cc-sign');
    assert.equal(await page.textContent('#cc-out [data-out=signature]'), 'c47b1fb500eb35d8f2f9b9375b4491089df953e2');

    await page.click('[data-tab=config]');
    await page.click('#wc-example');
    await page.click('#wc-sign');
    assert.equal(await page.textContent('#wc-out [data-out=signature]'), '0f9de62fce790f9a083d5c99e95740ceb90c27ed');

    // Bad input is an error with its code, not a signature.
    await page.click('[data-tab=card-ext]');
    await page.fill('#ce-code', '123456789012345678901');
    await page.click('#ce-sign');
    assert.equal(await page.getAttribute('#ce-out .error', 'data-code'), 'CODE_TOO_LONG');

    // Nothing but the page's own files was requested: the ticket stays here.
    assert.deepEqual(blocked, []);
    const own = requests.map((u) => new URL(u)).filter((u) => u.origin === demo.url);
    assert.equal(own.length, requests.length, requests.join('\n'));
    assert.ok(own.every((u) => !u.pathname.startsWith('/api/')), own.map((u) => u.pathname).join(' '));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('empty timestamp and nonce fields show exactly the values that were signed', async () => {
    const { page, context, errors } = await open('/debugger.html', UA.desktopChrome);
    const near = (ts) => Math.abs(Number(ts) - Date.now() / 1000) < 120;
    const values = async (tab) => (await page.textContent(`#${tab}-out [data-out=values]`)).split('\n');

    // card_ext: an empty timestamp signs now, an empty nonce none; the fields and steps say so.
    const cardTicket = 'ojZ8YtyVyr30HheH3CM73y7h4jJE';
    const cardId = 'pjZ8Yt1XGILfi-FUsewpnnolGgZk';
    await page.click('#ce-example');
    await page.fill('#ce-timestamp', '');
    await page.fill('#ce-nonce', '');
    await page.click('#ce-sign');
    const ext = JSON.parse(await page.textContent('#ce-out [data-out=card-ext]'));
    assert.ok(near(ext.timestamp), ext.timestamp);
    assert.equal(await page.inputValue('#ce-timestamp'), ext.timestamp);
    assert.equal(await page.inputValue('#ce-nonce'), ext.nonce_str ?? '');
    assert.ok((await values('ce')).includes(`timestamp = ${ext.timestamp}`));
    assert.equal(await page.textContent('#ce-out [data-out=signature]'), ext.signature);
    assert.equal(ext.signature, cardSignature([cardTicket, ext.timestamp, cardId, ext.code, ext.openid, ext.nonce_str]));
    // Signing again from what the fields now show gives the same signature.
    await page.click('#ce-sign');
    assert.equal(JSON.parse(await page.textContent('#ce-out [data-out=card-ext]')).signature, ext.signature);

    // chooseCard: an empty nonce draws one, shown in its field.
    const jsapi = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    await page.click('[data-tab=choose-card]');
    await page.click('#cc-example');
    await page.fill('#cc-timestamp', '');
    await page.fill('#cc-nonce', '');
    await page.click('#cc-sign');
    const [ccTs, ccNonce] = [await page.inputValue('#cc-timestamp'), await page.inputValue('#cc-nonce')];
    assert.ok(near(ccTs), ccTs);
    assert.match(ccNonce, /^[A-Za-z0-9]{16}$/);
    assert.ok((await values('cc')).includes(`timestamp = ${ccTs}`) && (await values('cc')).includes(`nonce_str = ${ccNonce}`));
    const cardSign = cardSignature([jsapi, '123456', ccTs, ccNonce, 'GROUPON']);
    assert.equal(await page.textContent('#cc-out [data-out=signature]'), cardSign);
    assert.match(await page.textContent('#cc-out [data-out=call]'), new RegExp(`"cardSign": "${cardSign}"`));

    // wx.config: the string to sign, the signature and the fields agree.
    await page.click('[data-tab=config]');
    await page.click('#wc-example');
    await page.fill('#wc-timestamp', '');
    await page.fill('#wc-nonce', '');
    await page.click('#wc-sign');
    const [wcTs, wcNonce] = [await page.inputValue('#wc-timestamp'), await page.inputValue('#wc-nonce')];
    assert.ok(near(wcTs), wcTs);
    assert.match(wcNonce, /^[A-Za-z0-9]{16}$/);
    const string = `jsapi_ticket=${jsapi}&noncestr=${wcNonce}&timestamp=${wcTs}&url=http://mp.weixin.qq.com?params=value`;
    assert.equal(await page.textContent('#wc-out [data-out=string]'), string);
    assert.equal(await page.textContent('#wc-out [data-out=signature]'), sha1(string));

    assert.equal(await page.$('[data-code=STEPS_MISMATCH]'), null);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('values reach the page as text, never as markup', async () => {
    const { page, context, errors } = await open('/debugger.html', UA.desktopChrome);
    const markup = '<img src=x onerror="window.__injected=1">';
    await page.click('[data-tab=card-json]');
    await page.fill('#cj-json', JSON.stringify({ card: { card_type: 'GROUPON', groupon: { base_info: { [markup]: markup } } } }));
    await page.click('#cj-run');
    await page.click('[data-tab=ua]');
    await page.fill('#ua-text', `MicroMessenger/${markup}`);
    await page.click('#ua-run');
    await page.click('[data-tab=card-ext]');
    await page.fill('#ce-card-id', markup);
    await page.click('#ce-sign');
    assert.equal(await page.$$eval('#cj-out img, #ua-out img, #ce-out img', (imgs) => imgs.length), 0);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('diagnoses a broken cardExt, most likely cause first', async () => {
    const { page, context } = await open('/debugger.html', UA.desktopChrome);
    await page.click('[data-tab=diagnose]');
    const ticket = 'ojZ8YtyVyr30HheH3CM73y7h4jJE';
    const cardId = 'pjZ8Yt1XGILfi-FUsewpnnolGgZk';
    const ts = String(Math.floor(Date.now() / 1000));
    // Signed with nonce_str "123", which the page then left out of cardExt.
    const signature = cardSignature([ticket, ts, cardId, '123']);
    await page.fill('#dg-card-id', cardId);
    await page.fill('#dg-card-ext', JSON.stringify({ timestamp: ts, signature }));
    await page.fill('#dg-ticket', ticket);
    await page.click('#dg-run');
    assert.equal(await page.getAttribute('#dg-out li:first-child', 'data-code'), 'MISTAKE_NONCE_NOT_IN_CARD_EXT');
    await page.screenshot({ path: join(SHOTS, 'debugger-diagnose.png'), fullPage: true });

    // The signature upper-cased.
    await page.fill('#dg-card-ext', JSON.stringify({ timestamp: ts, nonce_str: '123', signature: signature.toUpperCase() }));
    await page.click('#dg-run');
    assert.equal(await page.getAttribute('#dg-out li:first-child', 'data-code'), 'MISTAKE_UPPERCASE_HEX');
    assert.equal(await page.textContent('#dg-out [data-out=expected]'), signature);
    // Without the ticket, the shape alone.
    await page.fill('#dg-ticket', '');
    await page.click('#dg-run');
    assert.equal(await page.getAttribute('#dg-out li:first-child', 'data-code'), 'SIGNATURE_UPPERCASE');

    // wx.chooseCard signed without app_id: WeChat's silent empty list.
    const jsapi = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    const cardSign = cardSignature([jsapi, '1414587457', 'Wm3WZYTPz0wzccnW', 'GROUPON']);
    await page.fill('#dc-params', JSON.stringify({ cardType: 'GROUPON', timestamp: 1414587457, nonceStr: 'Wm3WZYTPz0wzccnW', signType: 'SHA1', cardSign }));
    await page.fill('#dc-app-id', '123456');
    await page.fill('#dc-ticket', jsapi);
    await page.click('#dc-run');
    assert.equal(await page.getAttribute('#dc-out li:first-child', 'data-code'), 'MISTAKE_APP_ID_NOT_SIGNED');

    // A card/create body: the HelloWorld example passes; a quoted boolean is named with its path.
    await page.click('[data-tab=card-json]');
    await page.click('#cj-example');
    assert.match(await page.textContent('#cj-out .banner'), /Ready for WeChat card\/create · GROUPON/);
    const card = JSON.parse(await page.inputValue('#cj-json'));
    card.card.groupon.base_info.can_share = 'true';
    card.card.groupon.base_info.title = '132元双人火锅套餐豪华版';
    await page.fill('#cj-json', JSON.stringify(card, null, 2));
    await page.click('#cj-run');
    assert.match(await page.textContent('#cj-out .banner'), /will refuse/);
    const problems = await page.$$eval('#cj-out li', (lis) => lis.map((li) => [li.dataset.path, li.dataset.code]));
    assert.deepEqual(problems, [
      ['card.card_type', 'COUPON_CREATION_CLOSED'],
      ['card.groupon.base_info.title', 'TOO_LONG'],
      ['card.groupon.base_info.can_share', 'QUOTED_BOOLEAN'],
    ]);
    // WeChat's member-card example: what merchants can still create, clean.
    await page.click('#cj-member');
    assert.match(await page.textContent('#cj-out .banner'), /Ready for WeChat card\/create · MEMBER_CARD/);
    assert.equal(await page.$$eval('#cj-out li', (lis) => lis.length), 0);
    const member = JSON.parse(await page.inputValue('#cj-json'));
    member.card.member_card.bonus_rule.increase_bonus = '1';
    await page.fill('#cj-json', JSON.stringify(member));
    await page.click('#cj-run');
    assert.deepEqual(await page.$$eval('#cj-out li', (lis) => lis.map((li) => [li.dataset.path, li.dataset.code])), [['card.member_card.bonus_rule.increase_bonus', 'QUOTED_NUMBER']]);
    await page.screenshot({ path: join(SHOTS, 'debugger-card-json.png'), fullPage: true });

    await page.click('[data-tab=errcode]');
    await page.fill('#ec-code', '40075');
    await page.click('#ec-run');
    assert.match(await page.textContent('#ec-out'), /encrypt_code/);

    await page.click('[data-tab=ua]');
    await page.fill('#ua-text', UA.wechat601);
    await page.click('#ua-run');
    assert.match(await page.textContent('#ua-out'), /6\.0\.1/);
    assert.match(await page.textContent('#ua-out .banner'), /not supported/);
    await context.close();
  });
});

describe('debugger.html: troubleshooting', () => {
  test('finds what the phone shows, and diagnoses a wx.config signed with the card ticket', async () => {
    const { page, context, errors, blocked } = await open('/debugger.html', UA.desktopChrome);
    await page.click('[data-tab=symptoms]');
    const listed = () => page.$$eval('#sy-out ul.symptoms > li', (lis) => lis.map((li) => li.dataset.code));
    const all = await listed();
    assert.ok(all.length >= 11 && all.includes('ACCESS_DENIED') && all.includes('NOT_AUTHORISED_TO_DELIVER'), all.join(' '));

    await page.fill('#sy-query', '签名错误');
    assert.deepEqual(await listed(), ['SIGNATURE_ERROR', 'CONFIG_INVALID_SIGNATURE']);
    const first = '#sy-out ul.symptoms > li:first-child';
    assert.match(await page.textContent(first), /核对签名时间戳是否和 card_ext 中的一致/);
    assert.match(await page.textContent(`${first} [data-out=check]`), /wxcard diagnose card-ext .*MISTAKE_TIMESTAMP_DIFFERS/);
    await page.screenshot({ path: join(SHOTS, 'debugger-troubleshoot.png'), fullPage: true });
    await page.fill('#sy-query', '{system:access_denied}');
    assert.deepEqual(await listed(), ['ACCESS_DENIED']);
    await page.fill('#sy-query', 'no such symptom');
    assert.deepEqual(await listed(), []);
    // A number is an errcode too.
    await page.fill('#sy-query', '40080');
    assert.match(await page.textContent('#sy-out [data-out=errcode]'), /CardExt/);

    // The check's button opens the wx.config diagnosis.
    await page.fill('#sy-query', 'config:invalid signature');
    assert.deepEqual(await listed(), ['CONFIG_INVALID_SIGNATURE']);
    await page.click('#sy-out [data-goto=diagnose]');
    assert.ok(await page.isVisible('#dj-run'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'dj-url');

    const url = 'https://m.example.com/card.html?a=1';
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = 'Wm3WZYTPz0wzccnW';
    const signedWith = (ticket) => sha1(`jsapi_ticket=${ticket}&noncestr=${nonce}&timestamp=${ts}&url=${url}`);
    await page.fill('#dj-url', url);
    await page.fill('#dj-app-id', 'wx1234567890abcdef');
    await page.fill('#dj-timestamp', ts);
    await page.fill('#dj-nonce', nonce);
    await page.fill('#dj-signature', signedWith(API_TICKET));
    await page.fill('#dj-jsapi-ticket', JSAPI_TICKET);
    await page.fill('#dj-api-ticket', API_TICKET);
    assert.equal(await page.inputValue('#dj-ua'), UA.desktopChrome);
    await page.click('#dj-run');
    assert.equal(await page.getAttribute('#dj-out li:first-child', 'data-code'), 'MISTAKE_CARD_TICKET');
    assert.match(await page.textContent('#dj-out .banner'), /Problems found/);
    assert.equal(await page.textContent('#dj-out [data-out=expected]'), signedWith(JSAPI_TICKET));
    await page.screenshot({ path: join(SHOTS, 'debugger-config.png'), fullPage: true });

    // Signed right: nothing wrong. Without the ticket: the shape only.
    await page.fill('#dj-signature', signedWith(JSAPI_TICKET));
    await page.click('#dj-run');
    assert.equal(await page.getAttribute('#dj-out li:first-child', 'data-code'), 'CONFIG_SIGNATURE_OK');
    await page.fill('#dj-jsapi-ticket', '');
    await page.click('#dj-run');
    assert.ok(await page.$('#dj-out [data-code=JSAPI_TICKET_NOT_GIVEN]'));

    // The server URL check: WeChat's signature is right, the server's own check signed echostr.
    const token = 'wxcardtoken';
    const [pts, pnonce, echostr] = ['1409304348', '372834', '5837397749'];
    const push = sha1([token, pts, pnonce].sort().join(''));
    await page.fill('#du-query', `https://merchant.example.com/wechat?signature=${push}&timestamp=${pts}&nonce=${pnonce}&echostr=${echostr}`);
    await page.fill('#du-token', token);
    await page.fill('#du-computed', sha1([token, pts, pnonce, echostr].sort().join('')));
    await page.click('#du-run');
    assert.deepEqual(await page.$$eval('#du-out li', (lis) => lis.map((li) => li.dataset.code)), ['MISTAKE_ECHOSTR_SIGNED', 'PUSH_SIGNATURE_OK']);
    await page.fill('#du-token', 'anotherToken');
    await page.fill('#du-computed', '');
    await page.click('#du-run');
    assert.deepEqual(await page.$$eval('#du-out li', (lis) => lis.map((li) => li.dataset.code)), ['PUSH_TOKEN_DIFFERS']);

    assert.deepEqual(blocked, []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('index.html, the merchant example', () => {
  test('inside WeChat 8: addCard, chooseCard and openCard reach the bridge with signatures that verify', async () => {
    const { page, context, errors, blocked } = await open('/index.html', UA.wechat8);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true');
    const calls = () => page.evaluate(() => window.__bridge.calls);
    const [config] = (await calls()).filter((c) => c.name === 'preVerifyJSAPI');
    const url = page.url().split('#')[0];
    assert.equal(config.args.verifySignature, sha1(`jsapi_ticket=${JSAPI_TICKET}&noncestr=${config.args.verifyNonceStr}&timestamp=${config.args.verifyTimestamp}&url=${url}`));
    assert.match(await page.textContent('#mode'), /Sandbox mode/);

    await page.fill('#card-ids', 'pCardA, pCardB');
    await page.click('#add-card');
    await page.waitForFunction(() => window.__bridge.calls.some((c) => c.name === 'batchAddCard'));
    const [add] = (await calls()).filter((c) => c.name === 'batchAddCard');
    assert.deepEqual(add.args.card_list.map((c) => c.card_id), ['pCardA', 'pCardB']);
    for (const c of add.args.card_list) {
      assert.equal(typeof c.card_ext, 'string');
      const ext = JSON.parse(c.card_ext);
      assert.equal(ext.signature, cardSignature([API_TICKET, ext.timestamp, c.card_id, ext.code, ext.openid, ext.nonce_str]));
    }
    await page.waitForFunction(() => document.getElementById('log').textContent.startsWith('addCard'));
    await page.screenshot({ path: join(SHOTS, 'merchant.png'), fullPage: true });

    const code = '1434008071>?';
    await page.evaluate((c) => { window.__bridge.chooseInfo = [{ card_id: 'pCardA', encrypt_code: btoa(c) }]; }, code);
    await page.click('#choose-card');
    await page.waitForFunction(() => !document.getElementById('open-card').disabled);
    const [pick] = (await calls()).filter((c) => c.name === 'chooseCard');
    assert.equal(pick.args.app_id, 'wx0000000000sandbox');
    assert.equal(pick.args.card_sign, cardSignature([API_TICKET, pick.args.app_id, pick.args.location_id, pick.args.time_stamp, pick.args.nonce_str, pick.args.card_id, pick.args.card_type]));

    await page.click('#open-card');
    await page.waitForFunction(() => window.__bridge.calls.some((c) => c.name === 'batchViewCard'));
    const [view] = (await calls()).filter((c) => c.name === 'batchViewCard');
    assert.deepEqual(view.args.card_list, [{ card_id: 'pCardA', code }]);
    assert.deepEqual(errors, []);
    // jweixin's own usage report is the only thing that tried to leave the machine.
    assert.ok(blocked.every((u) => u.startsWith('https://open.weixin.qq.com/sdk/report')), blocked.join('\n'));
    await context.close();
  });

  for (const [name, ua, pattern] of [['desktop Chrome', UA.desktopChrome, /请在微信中打开/], ['WeChat 6.0.1', UA.wechat601, /6\.0\.1/]]) {
    test(`${name}: the gating message, and nothing is called`, async () => {
      const { page, context, requests } = await open('/index.html', ua);
      assert.equal(await page.evaluate(() => document.body.dataset.ready), 'gated');
      assert.match(await page.textContent('#gate'), pattern);
      assert.equal(await page.evaluate(() => window.__bridge.calls.length), 0);
      assert.ok(!requests.some((u) => u.includes('/api/jsapi-config')));
      assert.ok(await page.isDisabled('#add-card'));
      if (ua === UA.desktopChrome) await page.screenshot({ path: join(SHOTS, 'merchant-gated.png'), fullPage: true });
      await context.close();
    });
  }
});

describe('landing.html, a card\'s custom URL', () => {
  test('encrypt_code with + / = reaches the server intact and the address bar is cleaned', async () => {
    const code = '>>>1434008071???';
    const encrypt = Buffer.from(code).toString('base64');
    assert.match(encrypt, /\+/);
    assert.match(encrypt, /\//);
    assert.match(encrypt, /=/);
    // As WeChat appends them: the base64 raw, not percent-encoded.
    const { page, context } = await open(`/landing.html?from=card&encrypt_code=${encrypt}&card_id=pCardA&openid=oUser1&outer_str=vip`, UA.wechat8);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true');
    assert.equal(await page.textContent('[data-key=encrypt_code]'), encrypt);
    assert.equal(await page.textContent('[data-out=code]'), code);
    assert.equal(new URL(page.url()).search, '?from=card');
    await page.screenshot({ path: join(SHOTS, 'landing.png'), fullPage: true });
    await context.close();
  });
});

describe('debugger.html: 商家券', () => {
  test('signs with a typed key, shows the key nowhere, and diagnoses a refused link and plugin call', async () => {
    const { page, context, errors, requests } = await open('/debugger.html', UA.desktopChrome);
    await page.click('[data-tab=busifavor]');
    const key = 'exposed_your_key_here_have_risks';
    // The plugin document's example: its published sign.
    await page.click('#bf-example');
    await page.click('#bf-sign-plugin');
    assert.equal(await page.textContent('#bf-out [data-out=sign]'), '20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A');
    assert.equal(await page.textContent('#bf-out [data-out=string]'),
      'out_request_no0=1234567&out_request_no1=7654321&send_coupon_merchant=10016226&stock_id0=abc123&stock_id1=321cba&key=********************************');
    assert.match(await page.textContent('#bf-out [data-out=add-card]'), /"cardId": "abc123"/);

    // The H5 link: every value encoded, the fragment last; signed as Node's HMAC signs it.
    await page.fill('#bf-stock-id', '1212');
    await page.fill('#bf-out-request-no', 'abc123');
    await page.fill('#bf-open-id', 'o+x/y=');
    await page.click('#bf-sign-h5');
    const url = await page.textContent('#bf-out [data-out=url]');
    assert.ok(url.endsWith('&open_id=o%2Bx%2Fy%3D#wechat_pay&wechat_redirect'), url);
    const { createHmac } = await import('node:crypto');
    const string = 'open_id=o+x/y=&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212';
    const sign = createHmac('sha256', key).update(`${string}&key=${key}`).digest('hex').toUpperCase();
    assert.equal(await page.textContent('#bf-out [data-out=sign]'), sign);
    await page.screenshot({ path: join(SHOTS, 'debugger-busifavor.png'), fullPage: true });

    // Diagnosis with the key: the link without its fragment and the sign lower-cased.
    await page.fill('#bf-dg-input', url.replace(sign, sign.toLowerCase()).split('#')[0]);
    await page.click('#bf-dg-run');
    const codes = () => page.$$eval('#bf-dg-out ul.findings > li', (lis) => lis.map((li) => li.dataset.code));
    assert.deepEqual(await codes(), ['MISTAKE_PAY_LOWERCASE_HEX', 'PAY_URL_FRAGMENT_MISSING', 'PAY_SIGN_LOWERCASE']);
    // Without the key: the structure, and the string to sign with the key masked.
    await page.fill('#bf-key', '');
    await page.fill('#bf-dg-input', JSON.stringify({ send_coupon_merchant: '10016226', send_coupon_params: Array.from({ length: 11 }, () => ({ stock_id: '1', out_request_no: '1' })), sign: 'abc' }));
    await page.click('#bf-dg-run');
    const found = await codes();
    for (const code of ['PAY_TOO_MANY_COUPONS', 'PAY_SIGN_MALFORMED', 'PAY_KEY_NOT_GIVEN']) assert.ok(found.includes(code), found.join(' '));
    assert.match(await page.textContent('#bf-dg-out [data-out=string]'), /&key=\*{32}$/);
    await page.fill('#bf-result', 'NOTENOUGH');
    await page.click('#bf-result-run');
    assert.match(await page.textContent('#bf-dg-out [data-out=pay-result]'), /预算/);

    // The key typed in appears nowhere on the page and was sent nowhere.
    assert.ok(!(await page.content()).includes(key) || (await page.inputValue('#bf-key')) === '');
    assert.ok(!(await page.evaluate(() => document.body.innerText)).includes('exposed_your_key'));
    assert.ok(requests.every((r) => r.startsWith(demo.url)), requests.join(' '));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
