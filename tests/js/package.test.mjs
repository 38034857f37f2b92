// The npm package in Node 20: both modules loaded with initSync, every signature recomputed with
// node:crypto (an independent SHA-1), the published vectors, and the errors JavaScript callers see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as phone from '../../pkg/index.js';
import * as full from '../../pkg/full.js';

const wasmBytes = (dir) => readFileSync(new URL(`../../pkg/${dir}/wxcard_bg.wasm`, import.meta.url));
const sha1 = (s) => createHash('sha1').update(s, 'utf8').digest('hex');
// Byte order, which is what the crate promises: compare UTF-8 buffers.
const sortedSha1 = (values) => {
  const bytes = values.filter((v) => v !== '').map((v) => Buffer.from(v, 'utf8'));
  return createHash('sha1').update(Buffer.concat(bytes.sort(Buffer.compare))).digest('hex');
};

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const NONCE = 'Wm3WZYTPz0wzccnW';
const TS = 1414587457;

test('functions refuse to run before init', () => {
  assert.throws(() => phone.supportsCards('x'), { name: 'WxCardError', code: 'NOT_INITIALIZED' });
});

test('both modules load from bytes', () => {
  phone.initSync(wasmBytes('wasm'));
  full.initSync(wasmBytes('wasm-full'));
  phone.initSync(wasmBytes('wasm')); // a second call is a no-op
});

test('published vectors through the package', () => {
  const config = full.signJsapiConfig({ jsapiTicket: TICKET, appId: 'wx1', url: 'http://mp.weixin.qq.com?params=value#xxxx', timestamp: TS, nonceStr: NONCE });
  assert.deepEqual(config, { appId: 'wx1', timestamp: TS, nonceStr: NONCE, signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed' });
  assert.equal(sha1(`jsapi_ticket=${TICKET}&noncestr=${NONCE}&timestamp=${TS}&url=http://mp.weixin.qq.com?params=value`), config.signature);
  assert.ok(full.verifyJsapiConfig({ jsapiTicket: TICKET, url: 'http://mp.weixin.qq.com?params=value', timestamp: TS, nonceStr: NONCE, signature: config.signature }));

  const card = full.signCardExt({ apiTicket: 'ojZ8YtyVyr30HheH3CM73y7h4jJE', cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', code: '1434008071', timestamp: '1404896688', nonceStr: '123' });
  assert.equal(card.cardId, 'pjZ8Yt1XGILfi-FUsewpnnolGgZk');
  assert.equal(typeof card.cardExt, 'string');
  assert.equal(JSON.parse(card.cardExt).signature, 'f137ab68b7f8112d20ee528ab6074564e2796250');

  for (const [code, openid, expected] of [
    ['', '', '22dce6bad4db532d4a2ef82ca2ca7bbe1e10ef28'],
    ['random_code', '', '2e9c6d12952246e071717d7baeab20c30420b5cd'],
    ['', 'random_openid', 'ded860a5dd4467312764bd86e544ad0579cbfad0'],
    ['random_code', 'random_openid', '950dc1842852457ea573d4d6af34879c1ec093c8'],
  ]) {
    const s = full.signCardExt({ apiTicket: TICKET, cardId: 'random_card_id', code, openid, timestamp: TS, nonceStr: NONCE });
    assert.equal(JSON.parse(s.cardExt).signature, expected);
    assert.equal(sortedSha1([TICKET, String(TS), 'random_card_id', code, openid, NONCE]), expected);
    assert.ok(full.verifyCardExt({ apiTicket: TICKET, cardId: 'random_card_id', cardExt: s.cardExt }));
  }

  const choose = full.signChooseCard({ apiTicket: TICKET, appId: '123456', cardType: 'GROUPON', timestamp: TS, nonceStr: NONCE });
  assert.deepEqual(choose, { shopId: '', cardType: 'GROUPON', cardId: '', timestamp: TS, nonceStr: NONCE, signType: 'SHA1', cardSign: 'c47b1fb500eb35d8f2f9b9375b4491089df953e2' });
  assert.ok(full.verifyChooseCard({ apiTicket: TICKET, appId: '123456', cardType: 'GROUPON', timestamp: TS, nonceStr: NONCE, cardSign: choose.cardSign }));

  assert.deepEqual(full.sortedSha1(['789', '456', '123']), { sorted: ['123', '456', '789'], signature: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441' });
});

test('random inputs agree with node:crypto', () => {
  const alphabet = [...'abcXYZ019_-中文😀é '];
  const pick = (n) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('').trim();
  for (let i = 0; i < 300; i++) {
    const apiTicket = pick(30) || 't';
    const cardId = pick(28) || 'c';
    const code = pick(Math.floor(Math.random() * 20));
    const openid = pick(Math.floor(Math.random() * 28));
    const nonceStr = pick(Math.floor(Math.random() * 32));
    const timestamp = String(1_400_000_000 + i);
    let s;
    try {
      s = full.signCardExt({ apiTicket, cardId, code, openid, timestamp, nonceStr });
    } catch (e) {
      // Only inner white space of a trimmed value can be left; the core refuses nothing else here.
      assert.fail(`${e.code} ${e.field} for ${JSON.stringify({ apiTicket, cardId, code, openid, nonceStr })}`);
    }
    const ext = JSON.parse(s.cardExt);
    assert.equal(ext.signature, sortedSha1([apiTicket, timestamp, cardId, code, openid, nonceStr]));
    assert.equal(ext.timestamp, timestamp);
    if (nonceStr) assert.equal(ext.nonce_str, nonceStr);
    if (code) assert.equal(ext.code, code);
  }
});

test('lone surrogates are signed value by value, as WeChat receives them', () => {
  // '\ud83d' + '\ude00' would pair up if the values were joined as JS strings first.
  const values = ['\ud83dX', '\ude00Y'];
  assert.equal(full.sortedSha1(values).signature, sortedSha1(values));
});

test('generated nonces and the batch', () => {
  const [a, b] = full.signCardExtBatch({ apiTicket: TICKET, cards: [{ cardId: 'card_a' }, { cardId: 'card_b', code: 'c1' }] });
  const ea = JSON.parse(a.cardExt);
  const eb = JSON.parse(b.cardExt);
  assert.equal(ea.timestamp, eb.timestamp);
  assert.match(ea.nonce_str, /^[A-Za-z0-9]{16}$/);
  assert.notEqual(ea.nonce_str, eb.nonce_str);
  assert.ok(Math.abs(Number(ea.timestamp) - Date.now() / 1000) < 5);
  assert.equal(ea.signature, sortedSha1([TICKET, ea.timestamp, 'card_a', ea.nonce_str]));
  assert.match(full.generateNonce(), /^[A-Za-z0-9]{16}$/);
  assert.throws(() => full.signCardExtBatch({ apiTicket: TICKET, cards: [{ cardId: 'a' }, { cardId: '' }] }), { code: 'MISSING', field: 'card_id', item: 1 });
});

test('bad input becomes a WxCardError with code and field, never a trap', () => {
  const cases = [
    [() => full.signCardExt({ apiTicket: `${TICKET} `, cardId: 'c', timestamp: TS }), 'SURROUNDING_WHITESPACE', 'api_ticket'],
    [() => full.signCardExt({ apiTicket: TICKET, cardId: 'c', code: '123456789012345678901', timestamp: TS }), 'CODE_TOO_LONG', 'code'],
    [() => full.signCardExt({ apiTicket: TICKET, cardId: 'c', timestamp: Date.now() }), 'TIMESTAMP_IN_MILLISECONDS', 'timestamp'],
    [() => full.signCardExt({ apiTicket: TICKET, cardId: 'c', timestamp: 1.5 }), 'WRONG_TYPE', 'timestamp'],
    [() => full.signCardExt({ apiTicket: TICKET, cardId: {} }), 'WRONG_TYPE', 'card_id'],
    [() => full.signCardExt({ cardId: 'c' }), 'MISSING', 'api_ticket'],
    [() => full.signChooseCard({ apiTicket: TICKET, cardType: 'GROUPON' }), 'MISSING', 'app_id'],
    [() => full.signJsapiConfig({ jsapiTicket: TICKET, appId: 'wx1', url: 'mp.weixin.qq.com' }), 'URL_NOT_HTTP', 'url'],
    [() => full.verifyCardExt({ apiTicket: TICKET, cardId: 'c', cardExt: { signature: 'x' } }), 'CARD_EXT_NOT_JSON', 'card_ext'],
    [() => full.signCardExt(null), 'WRONG_TYPE', 'input'],
  ];
  for (const [fn, code, field] of cases) {
    assert.throws(fn, (e) => e instanceof full.WxCardError && e instanceof Error && e.code === code && e.field === field && e.message.includes(code), `${code} ${field}`);
  }
  // The module still works after all of that.
  assert.equal(full.sortedSha1(['a']).signature, sha1('a'));
  assert.equal(JSON.stringify(full.signCardExt({ apiTicket: TICKET, cardId: 'c', timestamp: TS, nonceStr: '' })).includes(TICKET), false);
});

test('card JSON checks', () => {
  const seed = readFileSync(new URL('../cards/seed-000-groupon-create.json', import.meta.url), 'utf8');
  const report = full.validateCardJson(seed);
  assert.deepEqual([report.ok, report.document, report.cardType], [true, 'create', 'GROUPON']);
  assert.deepEqual(report.problems.map((p) => [p.severity, p.path, p.code]), [
    ['warning', 'card.card_type', 'COUPON_CREATION_CLOSED'],
    ['warning', 'card.groupon.base_info.logo_url', 'CONTROL_CHARACTER'],
  ]);
  // An object is stringified first; the problems are those of the Rust core.
  const card = JSON.parse(seed);
  card.card.groupon.base_info.sku.quantity = '500000';
  card.card.groupon.base_info.title = '一二三四五六七八九十';
  const broken = full.validateCardJson(card);
  assert.equal(broken.ok, false);
  assert.deepEqual(broken.problems.filter((p) => p.severity === 'error').map((p) => [p.path, p.code, p.errcode]), [
    ['card.groupon.base_info.title', 'TOO_LONG', null],
    ['card.groupon.base_info.sku.quantity', 'QUOTED_NUMBER', 40053],
  ]);
  assert.equal(broken.problems.find((p) => p.code === 'TOO_LONG').detail, 'at most 27 bytes (9 汉字, 3 bytes each), found 30');
  assert.equal(full.validateCardJson('{"card": 1,}').problems[0].code, 'INVALID_JSON');
  full.checkDatacubeDates('2015-06-15', '2015-06-30');
  assert.throws(() => full.checkDatacubeDates('2015-06-01', '2015-08-02'), { code: 'DATE_RANGE', field: 'end_date' });
  assert.throws(() => full.checkDatacubeDates('2015-6-1', '2015-06-30'), { code: 'DATE_FORMAT', field: 'begin_date' });
});

test('diagnosis and errcodes', () => {
  const d = full.diagnoseCardExt({ cardId: 'c', cardExt: { timestamp: '1' } });
  assert.equal(d.ok, false);
  assert.equal(d.findings[0].code, 'CARD_EXT_NOT_STRING');
  assert.ok(d.findings[0].messageZh.length > 0);
  const good = full.signCardExt({ apiTicket: TICKET, cardId: 'c', timestamp: TS, nonceStr: NONCE });
  const ok = full.diagnoseCardExt({ ...good, apiTicket: TICKET, now: TS });
  assert.equal(ok.ok, true);
  assert.equal(ok.findings[0].code, 'SIGNATURE_OK');
  const e = full.explainErrcode(40053);
  assert.equal(e.code, 40053);
  assert.ok(e.meaningZh && e.fixEn);
  assert.equal(full.explainErrcode(-1).code, -1);
  assert.equal(full.explainErrcode(7), null);
  assert.equal(full.explainErrcode('x'), null);
});

test('user agents and redirects in the phone module', () => {
  const ua = phone.parseUserAgent('Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.22.2140(0x28001637) MQQBrowser/6.2 TBS/043128 NetType/WIFI');
  assert.deepEqual(ua, { isWeChat: true, isWeCom: false, isMiniProgram: false, platform: 'android', version: '8.0.22.2140', supportsCards: true });
  assert.equal(phone.supportsCards('Mozilla/5.0 (iPhone) MicroMessenger/6.0.1'), false);
  assert.equal(phone.supportsCards('Mozilla/5.0 (iPhone) MicroMessenger/6.0.10'), true);
  assert.equal(phone.parseUserAgent('curl/8').version, null);
  const r = phone.parseCardRedirect('https://m.example.com/l.html?encrypt_code=ab+c/d%3D%3D&card_id=p1&openid=o1&x=1');
  assert.deepEqual(r, { encryptCode: 'ab+c/d==', cardId: 'p1', openid: 'o1', outerStr: null, activateTicket: null, strippedUrl: 'https://m.example.com/l.html?x=1' });
  assert.equal(phone.parseCardRedirect('https://m.example.com/'), null);
  assert.equal(phone.stripCardParams('?card_id=1&a=2'), '?a=2');
  assert.equal(phone.supportsCards('x'.repeat(1_000_000) + ' MicroMessenger/8.0.1'), true);
});
