// One contract for every surface: the same input gives the same JSON from the `wxcard` CLI, from
// wxcard/full in Node and from the demo server's HTTP endpoints (same fields, same order, same
// values). Also: the TypeScript unions list exactly the codes of the Rust tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as full from '../../pkg/full.js';
import * as phone from '../../pkg/index.js';
import { GLUE_CODES } from '../../pkg/core.js';
import { ROOT, startDemo } from './helpers.mjs';

full.initSync(readFileSync(new URL('../../pkg/wasm-full/wxcard_bg.wasm', import.meta.url)));
phone.initSync(readFileSync(new URL('../../pkg/wasm/wxcard_bg.wasm', import.meta.url)));

const CLI = process.env.WXCARD_CLI || join(ROOT, 'target/debug/wxcard');
const API_TICKET = 'kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzHgrO6mZp0aTm4bNqzLpXoh';
const JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const TS = 1414587457;
const NONCE = 'Wm3WZYTPz0wzccnW';
// The 商家券 plugin document's example key: the demo's sandbox signs with it here.
const PAY_KEY = 'exposed_your_key_here_have_risks';

/** The CLI's JSON answer, parsed (exit 0 or 1 both answer on stdout). */
function cli(...args) {
  let out;
  try {
    out = execFileSync(CLI, args, { encoding: 'utf8', env: { PATH: process.env.PATH } });
  } catch (e) {
    if (e.status !== 1) throw e;
    out = e.stdout;
  }
  return JSON.parse(out);
}

/** Same fields in the same order with the same values. */
function same(actual, expected, what) {
  assert.deepEqual(actual, expected, what);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${what}: field order`);
}

let demo;
before(async () => {
  demo = await startDemo({ WXCARD_SANDBOX_API_TICKET: API_TICKET, WXCARD_SANDBOX_JSAPI_TICKET: JSAPI_TICKET, WXCARD_SANDBOX_PAY_KEY: PAY_KEY });
});
after(async () => {
  await demo?.close();
});

async function post(path, body) {
  const r = await fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

test('card_ext: CLI, wxcard/full and POST /api/card-ext agree', async () => {
  const { cardList: [http] } = await post('/api/card-ext', { cards: [{ cardId: 'pCardA', code: 'c1', outerStr: 'scene' }] });
  const ext = JSON.parse(http.cardExt);
  const input = { apiTicket: API_TICKET, cardId: 'pCardA', code: 'c1', timestamp: ext.timestamp, nonceStr: ext.nonce_str, outerStr: 'scene' };
  const node = full.signCardExt(input);
  const fromCli = cli('card-ext', '--api-ticket', API_TICKET, '--card-id', 'pCardA', '--code', 'c1', '--timestamp', ext.timestamp, '--nonce-str', ext.nonce_str, '--outer-str', 'scene');
  same(node, fromCli, 'wxcard/full vs CLI');
  same(http, node, 'HTTP vs wxcard/full');
  same(full.signCardExtBatch({ apiTicket: API_TICKET, timestamp: ext.timestamp, cards: [{ cardId: 'pCardA', code: 'c1', nonceStr: ext.nonce_str, outerStr: 'scene' }] })[0], node, 'batch vs single');
});

test('chooseCard: CLI, wxcard/full and POST /api/choose-card agree', async () => {
  const http = await post('/api/choose-card', { cardType: 'GROUPON', shopId: '123' });
  const { appId } = await (await fetch(`${demo.url}/api/status`)).json();
  const node = full.signChooseCard({ apiTicket: API_TICKET, appId, cardType: 'GROUPON', shopId: '123', timestamp: http.timestamp, nonceStr: http.nonceStr });
  const fromCli = cli('choose-card', '--api-ticket', API_TICKET, '--app-id', appId, '--card-type', 'GROUPON', '--shop-id', '123', '--timestamp', String(http.timestamp), '--nonce-str', http.nonceStr);
  same(node, fromCli, 'wxcard/full vs CLI');
  same(http, node, 'HTTP vs wxcard/full');
});

test('wx.config: CLI, wxcard/full and POST /api/jsapi-config agree', async () => {
  const url = 'https://m.example.com/card.html?a=1#frag';
  const http = await post('/api/jsapi-config', { url });
  const node = full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: http.appId, url, timestamp: http.timestamp, nonceStr: http.nonceStr });
  const fromCli = cli('jsapi-config', '--jsapi-ticket', JSAPI_TICKET, '--app-id', http.appId, '--url', url, '--timestamp', String(http.timestamp), '--nonce-str', http.nonceStr);
  same(node, fromCli, 'wxcard/full vs CLI');
  // The endpoint also answers the URL it signed, for the page's diagnosis request.
  const { signedUrl, ...signed } = http;
  assert.equal(signedUrl, url.split('#')[0]);
  same(signed, node, 'HTTP vs wxcard/full');
});

/** `wxcard busifavor ...` with the APIv2 key in the environment, never an argument. */
function payCli(...args) {
  return JSON.parse(execFileSync(CLI, ['busifavor', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, WXCARD_PAY_KEY: PAY_KEY } }));
}

test('商家券: CLI, wxcard/full and POST /api/busifavor/* agree; the link is encoded and ends with its fragment', async () => {
  const http = await post('/api/busifavor/h5', { requestId: 'contract-1', coupons: [{ stockId: '1212' }] });
  assert.ok(http.url.endsWith('#wechat_pay&wechat_redirect'), http.url);
  const query = http.url.split('?')[1].split('#')[0];
  const raw = Object.fromEntries(query.split('&').map((p) => p.split('=')));
  const value = (name) => decodeURIComponent(raw[name]);
  // Every value URL-encoded (the sandbox's openid has a '-').
  for (const [name, v] of Object.entries(raw)) assert.equal(v, encodeURIComponent(decodeURIComponent(v)), name);
  assert.equal(value('open_id'), 'oSandboxUser-wxcard-demo0000');
  // The same send again: the same link (the out_request_no is stable across retries).
  same(await post('/api/busifavor/h5', { requestId: 'contract-1', coupons: [{ stockId: '1212' }] }), http, 'retry');
  const h5 = { stockId: '1212', outRequestNo: value('out_request_no'), sendCouponMerchant: value('send_coupon_merchant'), openId: value('open_id') };
  const node = full.signBusifavorH5({ key: PAY_KEY, ...h5 });
  same(node, payCli('h5', '--stock-id', h5.stockId, '--out-request-no', h5.outRequestNo, '--send-coupon-merchant', h5.sendCouponMerchant, '--open-id', h5.openId), 'h5: wxcard/full vs CLI');
  same(http, node, 'h5: HTTP vs wxcard/full');

  const plugin = await post('/api/busifavor/plugin', { requestId: 'contract-2', coupons: [{ stockId: '1212' }, { stockId: '3434' }] });
  const coupons = plugin.sendCouponParams.map((c) => ({ stockId: c.stock_id, outRequestNo: c.out_request_no }));
  const nodePlugin = full.signBusifavorPlugin({ key: PAY_KEY, sendCouponMerchant: plugin.sendCouponMerchant, coupons });
  same(nodePlugin, payCli('plugin', '--send-coupon-merchant', plugin.sendCouponMerchant, ...coupons.flatMap((c) => ['--coupon', `${c.stockId},${c.outRequestNo}`])), 'plugin: wxcard/full vs CLI');
  same(plugin, nodePlugin, 'plugin: HTTP vs wxcard/full');
  // The plugin document's vector.
  const vector = { key: PAY_KEY, sendCouponMerchant: '10016226', coupons: [{ stockId: 'abc123', outRequestNo: '1234567' }, { stockId: '321cba', outRequestNo: '7654321' }] };
  assert.equal(full.signBusifavorPlugin(vector).sign, '20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A');
  same(full.signBusifavorAddCard(vector), payCli('add-card', '--send-coupon-merchant', '10016226', '--coupon', 'abc123,1234567', '--coupon', '321cba,7654321'), 'add-card');

  // The diagnosis: the lower-cased sign and no fragment; the server's answer lacks only the expected sign.
  const wrong = http.url.replace(node.sign, node.sign.toLowerCase()).split('#')[0];
  const diagnosis = full.diagnoseBusifavor({ url: wrong, key: PAY_KEY });
  same(diagnosis, payCli('diagnose', '--url', wrong), 'diagnose: wxcard/full vs CLI');
  assert.deepEqual(diagnosis.findings.map((f) => f.code), ['MISTAKE_PAY_LOWERCASE_HEX', 'PAY_URL_FRAGMENT_MISSING', 'PAY_SIGN_LOWERCASE']);
  same(await post('/api/busifavor/diagnose', { url: wrong }), { ...diagnosis, expectedSign: null }, 'diagnose: HTTP vs wxcard/full');
  same(full.explainPayResult('DUPREQUEST'), payCli('explain', 'DUPREQUEST'), 'explain');
  assert.equal(full.explainPayResult('nope'), null);

  // The key in no answer, error or log line.
  let error = '';
  try { full.signBusifavorH5({ key: `${PAY_KEY} `, ...h5 }); } catch (e) { error = `${e.code} ${e.field} ${e.message}`; }
  assert.equal(error.split(' ').slice(0, 2).join(' '), 'PAY_KEY_INVALID key');
  for (const text of [JSON.stringify([http, plugin, node, nodePlugin, diagnosis]), error, demo.log()]) assert.ok(!text.includes(PAY_KEY));
});

// WeChat's C++ sample (Sample.cpp): its EncodingAESKey, a safe-mode Encrypt and msg_signature.
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_ENCRYPT = 'mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=';
const SAMPLE_MSG_SIGNATURE = '003fee52ecc56afb46c00b5c7721be87860ce785';

test('verification, user agents, redirects, diagnoses, errcodes, symptoms and card JSON: CLI and wxcard/full agree', () => {
  const signed = full.signCardExt({ apiTicket: API_TICKET, cardId: 'pCardA', timestamp: TS, nonceStr: NONCE });
  same({ valid: full.verifyCardExt({ apiTicket: API_TICKET, ...signed }) }, cli('verify-card-ext', '--api-ticket', API_TICKET, '--card-id', 'pCardA', '--card-ext', signed.cardExt), 'verify');

  for (const ua of [
    'Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.22.2140(0x28001637) MQQBrowser/6.2 TBS/043128 NetType/WIFI',
    'Mozilla/5.0 (iPhone) MicroMessenger/6.0.1',
    'wxwork/4.0 MicroMessenger/7.0.1',
    'curl/8',
  ]) {
    same(full.parseUserAgent(ua), cli('ua', ua), `ua ${ua}`);
    same(phone.parseUserAgent(ua), full.parseUserAgent(ua), `phone ua ${ua}`);
  }
  for (const url of ['https://m.example.com/l.html?encrypt_code=ab+c/d%3D%3D&card_id=p1&openid=o1&x=1', 'https://m.example.com/']) {
    same(full.parseCardRedirect(url), cli('redirect', url), `redirect ${url}`);
    same(phone.parseCardRedirect(url), full.parseCardRedirect(url), `phone redirect ${url}`);
  }

  const upper = JSON.stringify({ ...JSON.parse(signed.cardExt), signature: JSON.parse(signed.cardExt).signature.toUpperCase() });
  for (const [cardExt, ticket] of [[upper, API_TICKET], [upper, undefined], ['[object Object]', undefined], [signed.cardExt, API_TICKET]]) {
    const args = ['diagnose', 'card-ext', '--card-id', 'pCardA', '--card-ext', cardExt, '--now', String(TS)];
    if (ticket) args.push('--api-ticket', ticket);
    same(full.diagnoseCardExt({ cardId: 'pCardA', cardExt, apiTicket: ticket, now: TS }), cli(...args), `diagnose card-ext ${cardExt}`);
  }
  const choose = full.signChooseCard({ apiTicket: API_TICKET, appId: 'wx1', cardType: 'GROUPON', timestamp: TS, nonceStr: NONCE });
  same(
    full.diagnoseChooseCard({ ...choose, appId: 'wx1', cardSign: choose.cardSign.toUpperCase(), apiTicket: API_TICKET, now: TS }),
    cli('diagnose', 'choose-card', '--app-id', 'wx1', '--card-type', 'GROUPON', '--timestamp', String(TS), '--nonce-str', NONCE, '--card-sign', choose.cardSign.toUpperCase(), '--api-ticket', API_TICKET, '--now', String(TS)),
    'diagnose choose-card',
  );

  // wx.config: the right signature, one made over the landing URL (iOS checks it), the card ticket.
  const page = 'https://m.example.com/p.html?a=1';
  const landing = 'https://m.example.com/p.html?encrypt_code=x&card_id=p1';
  const configs = [
    full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: 'wx1234567890abcdef', url: page, timestamp: TS, nonceStr: NONCE }),
    full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: 'wx1234567890abcdef', url: landing, timestamp: TS, nonceStr: NONCE }),
    full.signJsapiConfig({ jsapiTicket: API_TICKET, appId: 'wx1234567890abcdef', url: page, timestamp: TS, nonceStr: NONCE }),
  ];
  const android = 'Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.40.2420(0x28002837)';
  const codes = [];
  for (const c of configs) {
    const node = full.diagnoseJsapiConfig({ url: page, landingUrl: landing, userAgent: android, ...c, jsapiTicket: JSAPI_TICKET, apiTicket: API_TICKET, now: TS });
    same(node, cli('diagnose', 'jsapi-config', '--url', page, '--landing-url', landing, '--user-agent', android, '--app-id', c.appId, '--timestamp', String(c.timestamp),
      '--nonce-str', c.nonceStr, '--signature', c.signature, '--jsapi-ticket', JSAPI_TICKET, '--api-ticket', API_TICKET, '--now', String(TS)), 'diagnose jsapi-config');
    codes.push(node.findings[0].code);
    assert.ok(!JSON.stringify(node).includes(JSAPI_TICKET) && !JSON.stringify(node).includes(API_TICKET));
  }
  assert.deepEqual(codes, ['CONFIG_SIGNATURE_OK', 'MISTAKE_WRONG_URL', 'MISTAKE_CARD_TICKET']);

  // The server URL check: WeChat's signature right, the server's own check signing echostr too;
  // a safe-mode msg_signature over an Encrypt whose '+' became spaces.
  const push = { token: 'wxcardtoken', timestamp: '1409304348', nonce: 'xxxxxx', echostr: '5837397520665436492' };
  const three = createHash('sha1').update([push.token, push.timestamp, push.nonce].sort().join('')).digest('hex');
  const four = createHash('sha1').update([push.token, push.timestamp, push.nonce, push.echostr].sort().join('')).digest('hex');
  const encrypt = 'ab+cd/ef==';
  const msg = createHash('sha1').update([push.token, push.timestamp, push.nonce, encrypt].sort().join('')).digest('hex');
  const query = `signature=${three}&timestamp=${push.timestamp}&nonce=${push.nonce}&echostr=${push.echostr}`;
  for (const [args, flags] of [
    [{ ...push, signature: three, computed: four }, ['--query', query, '--computed', four]],
    [{ ...push, signature: three, msgSignature: msg, encrypt: encrypt.replace('+', ' '), encodingAesKey: 'abc=' }, ['--query', query, '--msg-signature', msg, '--encrypt', encrypt.replace('+', ' '), '--encoding-aes-key', 'abc=']],
    // WeChat's C++ sample, a safe-mode push, tried with its key for another appid.
    [{ token: 'spamtest', timestamp: '1410349438', nonce: '298025754', msgSignature: SAMPLE_MSG_SIGNATURE, encrypt: SAMPLE_ENCRYPT, encodingAesKey: SAMPLE_KEY, appId: 'wx0000000000000000' },
      ['--timestamp', '1410349438', '--nonce', '298025754', '--msg-signature', SAMPLE_MSG_SIGNATURE, '--encrypt', SAMPLE_ENCRYPT, '--encoding-aes-key', SAMPLE_KEY, '--app-id', 'wx0000000000000000']],
  ]) {
    const node = full.diagnosePushUrl(args);
    same(node, cli('event', 'diagnose-url', '--token', args.token, ...flags), `diagnose-url ${flags.join(' ')}`);
    codes.push(node.findings[0].code);
  }
  assert.deepEqual(codes.slice(3), ['MISTAKE_ECHOSTR_SIGNED', 'MISTAKE_ENCRYPT_PLUS_AS_SPACE', 'PUSH_APPID_MISMATCH']);

  for (const code of [40053, -1, 47001]) same(full.explainErrcode(code), cli('explain', String(code)), `explain ${code}`);
  assert.equal(full.explainErrcode(12345), null);
  assert.equal(cli('explain', '12345'), null);

  // What the phone shows: the list, by text, by code, nothing; byte for byte.
  for (const query of [undefined, '签名错误', '{system: access_denied}', 'config_invalid_signature', 'no such symptom']) {
    const fromCli = execFileSync(CLI, query === undefined ? ['explain', 'symptom'] : ['explain', 'symptom', query], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    const node = full.symptoms(query === undefined ? undefined : { query });
    assert.equal(JSON.stringify(node), fromCli.trimEnd(), `explain symptom ${query}`);
  }
  assert.deepEqual(full.symptoms({ query: '签名错误' }).map((s) => s.code), ['SIGNATURE_ERROR', 'CONFIG_INVALID_SIGNATURE']);
  assert.equal(full.symptoms({ query: '' }).length, full.symptoms().length);

  const card = join(ROOT, 'tests/cards/seed-000-groupon-create.json');
  same(full.validateCardJson(readFileSync(card, 'utf8')), cli('card', 'validate', card), 'card validate');
});

/**
 * The member names of `export interface NAME {...}`, or of the object type of the first
 * parameter of `export function NAME(args: {...})`, in a .d.ts file: one member a line.
 */
function members(file, name) {
  const text = readFileSync(join(ROOT, 'pkg', file), 'utf8');
  const start = text.search(new RegExp(`export (interface ${name} \\{|function ${name}\\(\\w+\\??: \\{)`));
  assert.ok(start >= 0, `${name} in ${file}`);
  const body = text.slice(text.indexOf('{', start) + 1, text.indexOf('\n}', start));
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]).sort();
}

const keys = (object) => Object.keys(object).sort();

test('the TypeScript declarations are the Rust types: every field, no other', () => {
  const { inputs } = full.codes();
  assert.deepEqual(members('full.d.ts', 'CardExtInput'), keys({ ...inputs.cardExtParams, apiTicket: '' }), 'CardExtInput');
  assert.deepEqual(members('full.d.ts', 'ChooseCardInput'), keys({ ...inputs.chooseCardParams, apiTicket: '' }), 'ChooseCardInput');
  assert.deepEqual(members('full.d.ts', 'JsapiConfigInput'), keys({ ...inputs.jsapiConfigParams, jsapiTicket: '' }), 'JsapiConfigInput');
  assert.deepEqual(members('full.d.ts', 'diagnoseJsapiConfig'), keys({ ...inputs.jsapiConfigCall, jsapiTicket: '', apiTicket: '', now: '' }), 'diagnoseJsapiConfig');
  assert.deepEqual(members('full.d.ts', 'diagnoseChooseCard'), keys({ ...inputs.chooseCardCall, apiTicket: '', now: '' }), 'diagnoseChooseCard');
  assert.deepEqual(members('full.d.ts', 'BusifavorH5Input'), keys({ ...inputs.busifavorH5Params, key: '' }), 'BusifavorH5Input');
  assert.deepEqual(members('full.d.ts', 'BusifavorPluginInput'), keys({ ...inputs.busifavorPluginParams, key: '' }), 'BusifavorPluginInput');
  assert.deepEqual(members('full.d.ts', 'diagnoseBusifavor'), keys({ ...inputs.busifavorCall, key: '', apiV3Key: '' }), 'diagnoseBusifavor');

  const signed = full.signCardExt({ apiTicket: API_TICKET, cardId: 'p1', timestamp: TS, nonceStr: NONCE });
  const choose = full.signChooseCard({ apiTicket: API_TICKET, appId: 'wx1', timestamp: TS, nonceStr: NONCE });
  const config = full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: 'wx1', url: 'https://a.example/', timestamp: TS, nonceStr: NONCE });
  const diagnosis = full.diagnoseCardExt({ cardId: 'p1', cardExt: signed.cardExt, apiTicket: API_TICKET, now: TS });
  const report = full.validateCardJson('{"card": {"card_type": "GROUPON"}}');
  const redirect = full.parseCardRedirect('https://a.example/?encrypt_code=e&card_id=p1');
  const coupon = { stockId: 's1', outRequestNo: 'n1', couponCode: 'c1', createCouponMerchant: '10016227' };
  const pay = { key: PAY_KEY, sendCouponMerchant: '10016226', coupons: [coupon] };
  const payDiagnosis = full.diagnoseBusifavor({ url: 'https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1', key: PAY_KEY });
  for (const [file, name, value] of [
    ['full.d.ts', 'SignedCardItem', signed],
    ['full.d.ts', 'SignedChooseCard', choose],
    ['index.d.ts', 'SignedJsapiConfig', config],
    ['full.d.ts', 'Diagnosis', diagnosis],
    ['full.d.ts', 'Finding', diagnosis.findings[0]],
    ['full.d.ts', 'CardReport', report],
    ['full.d.ts', 'CardProblem', report.problems[0]],
    ['full.d.ts', 'Errcode', full.explainErrcode(40053)],
    ['full.d.ts', 'Symptom', full.symptoms()[0]],
    ['index.d.ts', 'UserAgent', full.parseUserAgent('MicroMessenger/8.0.1')],
    ['index.d.ts', 'CardRedirect', redirect],
    ['full.d.ts', 'SignedBusifavorH5', full.signBusifavorH5({ key: PAY_KEY, stockId: 's1', outRequestNo: 'n1', sendCouponMerchant: '10016226', openId: 'o1' })],
    ['full.d.ts', 'SignedBusifavorPlugin', full.signBusifavorPlugin(pay)],
    ['full.d.ts', 'SendCouponParam', full.signBusifavorPlugin(pay).sendCouponParams[0]],
    ['full.d.ts', 'BusifavorCoupon', coupon],
    ['full.d.ts', 'BusifavorDiagnosis', payDiagnosis],
    ['full.d.ts', 'PayResultCode', full.explainPayResult('OK')],
  ]) {
    assert.deepEqual(members(file, name), keys(value), name);
  }
});

/** The string literals of `export type NAME = | 'A' | 'B';` in a .d.ts file. */
function union(file, name) {
  const text = readFileSync(join(ROOT, 'pkg', file), 'utf8');
  const m = text.match(new RegExp(`export type ${name} =([^;]*);`));
  assert.ok(m, `${name} in ${file}`);
  return [...m[1].matchAll(/'([A-Z0-9_]+)'/g)].map((x) => x[1]).sort();
}

test('the TypeScript code unions are the Rust tables, and the glue table', () => {
  const { errors, findings } = full.codes();
  assert.deepEqual(union('index.d.ts', 'CoreErrorCode'), errors.map((e) => e.code).sort());
  assert.deepEqual(union('full.d.ts', 'FindingCode'), findings.map((f) => f.code).sort());
  assert.deepEqual(union('full.d.ts', 'SymptomCode'), full.symptoms().map((s) => s.code).sort());
  assert.deepEqual(union('index.d.ts', 'GlueErrorCode'), Object.keys(GLUE_CODES).sort());
  // No code means two things.
  const all = [...errors.map((e) => e.code), ...Object.keys(GLUE_CODES)];
  assert.equal(new Set(all).size, all.length);
  for (const e of errors) assert.ok(e.message.length > 10, e.code);
  // Every code the glue throws is in a table.
  for (const file of ['core.js', 'index.js', 'full.js']) {
    const src = readFileSync(join(ROOT, 'pkg', file), 'utf8');
    for (const [, code] of src.matchAll(/(?:new WxCardError|glueError)\('([A-Z_]+)'/g)) {
      assert.ok(all.includes(code), `${file} throws ${code}, which no table holds`);
    }
  }
});
