// The demo server receiving WeChat's card events in safe mode, pushed by a stand-in for WeChat
// written here with node:crypto (AES-256-CBC and SHA-1 independent of the Rust core): the
// merchant page adds a card with an outer_str, the user_get_card push carries it back, the page
// shows it, and GET /api/events lists it with WeChat's field names.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { UA, launch, newPage, startDemo } from './helpers.mjs';

const TOKEN = 'demoPushToken42';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx0000000000sandbox';

const sha1 = (s) => createHash('sha1').update(s).digest('hex');
const sortedSha1 = (values) => sha1(values.map(String).sort().join(''));

/** WeChat's safe mode: 16 random bytes, the length, the XML, the appid; PKCS#7 to 32 bytes. */
function encrypt(xml, appId = APP_ID) {
  const key = Buffer.from(`${AES_KEY}=`, 'base64');
  const body = Buffer.from(xml);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

function decrypt(text) {
  const key = Buffer.from(`${AES_KEY}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(text, 'base64')), decipher.final()]);
  const unpadded = plain.subarray(0, plain.length - plain[plain.length - 1]);
  const n = unpadded.readUInt32BE(16);
  return { xml: unpadded.subarray(20, 20 + n).toString(), appId: unpadded.subarray(20 + n).toString() };
}

/** POSTs `xml` to the demo as WeChat does in safe mode. */
async function push(url, xml, { timestamp = String(Math.floor(Date.now() / 1000)), nonce = String(Math.random()).slice(2, 11), appId } = {}) {
  const enc = encrypt(xml, appId);
  const query = new URLSearchParams({
    signature: sortedSha1([TOKEN, timestamp, nonce]), timestamp, nonce, openid: 'oDemoUser', encrypt_type: 'aes',
    msg_signature: sortedSha1([TOKEN, timestamp, nonce, enc]),
  });
  const res = await fetch(`${url}/wechat/events?${query}`, { method: 'POST', body: `<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>` });
  return [res.status, await res.text()];
}

const userGetCard = (cardId, code, outerStr, createTime) => `<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[oDemoUser]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_get_card]]></Event><CardId><![CDATA[${cardId}]]></CardId><IsGiveByFriend>0</IsGiveByFriend><UserCardCode><![CDATA[${code}]]></UserCardCode><OuterStr><![CDATA[${outerStr}]]></OuterStr></xml>`;

let demo;
let browser;
before(async () => {
  demo = await startDemo({ WXCARD_TOKEN: TOKEN, WXCARD_AES_KEY: AES_KEY });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.close();
  // Neither the token, the key nor a decrypted body reaches the log.
  for (const secret of [TOKEN, AES_KEY, 'oDemoUser', 'merchant-page']) assert.ok(!demo.log().includes(secret), secret);
});

test('the URL check answers the echostr, and only to the right token', async () => {
  const [timestamp, nonce, echostr] = ['1409304348', '1514387', '5837397520665436492'];
  const ok = await fetch(`${demo.url}/wechat/events?signature=${sortedSha1([TOKEN, timestamp, nonce])}&timestamp=${timestamp}&nonce=${nonce}&echostr=${echostr}`);
  assert.deepEqual([ok.status, await ok.text()], [200, echostr]);
  const bad = await fetch(`${demo.url}/wechat/events?signature=${sortedSha1(['other', timestamp, nonce])}&timestamp=${timestamp}&nonce=${nonce}&echostr=${echostr}`);
  assert.deepEqual([bad.status, await bad.text()], [403, '']);
});

test('the outer_str the page put into card_ext comes back with user_get_card, on the page', async () => {
  const { page, context } = await newPage(browser, { userAgent: UA.wechat8 });
  await page.goto(`${demo.url}/index.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.fill('#card-ids', 'pCardB');
  await page.click('#add-card');
  await page.waitForFunction(() => window.__bridge.calls.some((c) => c.name === 'batchAddCard'));
  const [add] = await page.evaluate(() => window.__bridge.calls.filter((c) => c.name === 'batchAddCard'));
  const ext = JSON.parse(add.args.card_list[0].card_ext);
  assert.equal(ext.outer_str, 'merchant-page');

  // WeChat tells the server the user took the card, and again when it got no answer in time.
  const createTime = Math.floor(Date.now() / 1000);
  const xml = userGetCard('pCardB', '1434008071', ext.outer_str, createTime);
  const request = { timestamp: String(createTime), nonce: '777' };
  assert.deepEqual(await push(demo.url, xml, request), [200, 'success']);
  assert.deepEqual(await push(demo.url, xml, request), [200, 'success']);
  // Another appid's push is refused.
  assert.equal((await push(demo.url, xml, { appId: 'wxffffffffffffffff' }))[0], 400);

  await page.waitForSelector('#events tr[data-event=user_get_card]', { timeout: 5000 });
  const row = await page.$$eval('#events tr[data-event=user_get_card] td', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.field, td.textContent])));
  assert.deepEqual(row, { Event: 'user_get_card', CardId: 'pCardB', UserCardCode: '1434008071', OuterStr: 'merchant-page', FromUserName: 'oDemoUser', CreateTime: String(createTime) });

  const events = await fetch(`${demo.url}/api/events`).then((r) => r.json());
  assert.equal(events.length, 1, 'the retry was not recorded twice');
  assert.deepEqual(events[0], {
    ToUserName: 'gh_demo', FromUserName: 'oDemoUser', CreateTime: createTime, MsgType: 'event', Event: 'user_get_card',
    CardId: 'pCardB', IsGiveByFriend: 0, UserCardCode: '1434008071', OuterStr: 'merchant-page',
  });
  await context.close();
});

test('events are listed newest first, the last 100', async () => {
  const base = Math.floor(Date.now() / 1000) - 1000;
  for (let i = 0; i < 105; i += 1) {
    const [status] = await push(demo.url, userGetCard('pBurst', String(i), 'burst', base + i), { nonce: `n${i}` });
    assert.equal(status, 200);
  }
  const events = await fetch(`${demo.url}/api/events`).then((r) => r.json());
  assert.equal(events.length, 100);
  assert.equal(events[0].UserCardCode, '104');
  assert.equal(events[99].UserCardCode, '5');
});

test('the stand-in\'s safe mode round-trips (its framing: random, length, XML, appid)', () => {
  const { xml, appId } = decrypt(encrypt('<xml>中文</xml>'));
  assert.deepEqual([xml, appId], ['<xml>中文</xml>', APP_ID]);
});

test('WeChat mode: the demo keeps real users\' events to itself unless told', async () => {
  const wechat = { WXCARD_APPID: 'wx1234567890abcdef', WXCARD_SECRET: 'demoSecret', WXCARD_API_BASE: 'http://127.0.0.1:9', WXCARD_TOKEN: TOKEN };
  const hidden = await startDemo(wechat);
  try {
    const res = await fetch(`${hidden.url}/api/events`);
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, 'EVENTS_HIDDEN');
  } finally {
    await hidden.close();
  }
  // A sandbox receiving a real account's pushes (its appid, no secret) keeps them private too.
  const { WXCARD_SECRET: _, ...realPushes } = wechat;
  const sandbox = await startDemo(realPushes);
  try {
    assert.equal((await fetch(`${sandbox.url}/api/events`)).status, 403);
  } finally {
    await sandbox.close();
  }
  const shown = await startDemo({ ...wechat, WXCARD_SHOW_EVENTS: '1' });
  try {
    assert.deepEqual(await fetch(`${shown.url}/api/events`).then((r) => r.json()), []);
  } finally {
    await shown.close();
  }
});
