// activate.html, a member card's activation page, in headless Chromium: the page is served as
// it is, /api/member/activate is answered by a stub that records exactly what the page sends.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, staticServerAndBrowser, startDemo, UA } from './helpers.mjs';

const env = staticServerAndBrowser();

/** Opens the page with `query`, the server's answer being `answer` (status, body). */
async function open(query, answer = { status: 200, body: {} }) {
  const ctx = await newPage(env.browser, { userAgent: UA.wechat8 });
  const sent = [];
  await ctx.page.route('**/api/member/activate', (route) => {
    const request = route.request();
    sent.push({ method: request.method(), contentType: request.headers()['content-type'], body: request.postData() });
    return route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.body) });
  });
  await ctx.page.goto(`${env.server.url}/www/activate.html?${query}`);
  await ctx.page.waitForFunction(() => document.body.dataset.ready);
  return { ...ctx, sent };
}

describe('activate.html, a member card\'s activation page', () => {
  test('sends encrypt_code and activate_ticket with + / = intact, and the card_id; cleans the address bar', async () => {
    const encrypt = Buffer.from('>>>7100000001???').toString('base64');
    const ticket = Buffer.from([0xfb, 0xef, 0xff, 0x61, 0x63, 0x74, 0x69, 0x76, 0x65, 0x3e]).toString('base64');
    for (const b64 of [encrypt, ticket]) {
      assert.match(b64, /\+/);
      assert.match(b64, /\//);
      assert.match(b64, /=/);
    }
    // As WeChat appends them: base64 raw, not percent-encoded.
    const answer = {
      status: 200,
      body: {
        activated: true, cardId: 'pMemberCard', membershipNumber: '15521328888',
        form: { common_field_list: [{ name: 'USER_FORM_INFO_FLAG_MOBILE', value: '15521328888' }], custom_field_list: [{ name: '兴趣', value: '', value_list: ['钢琴', '舞蹈'] }] },
      },
    };
    const { page, context, sent, errors, blocked } = await open(
      `from=card&card_id=pMemberCard&encrypt_code=${encrypt}&openid=oUser1&outer_str=vip&activate_ticket=${ticket}`, answer);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].method, 'POST');
    assert.equal(sent[0].contentType, 'application/json');
    assert.deepEqual(JSON.parse(sent[0].body), { encryptCode: encrypt, activateTicket: ticket, cardId: 'pMemberCard' });
    assert.equal(new URL(page.url()).search, '?from=card');
    assert.equal(await page.textContent('[data-key=card_id]'), 'pMemberCard');
    assert.equal(await page.textContent('[data-key=outer_str]'), 'vip');
    assert.equal(await page.textContent('[data-out=membership-number]'), '15521328888');
    assert.equal(await page.textContent('[data-field="兴趣"]'), '钢琴, 舞蹈');
    assert.deepEqual([errors, blocked], [[], []]);
    await context.close();
  });

  test('a percent-encoded ticket arrives decoded, and WeChat\'s refusal is shown', async () => {
    const answer = { status: 502, body: { code: 'WECHAT_40097', message: 'invalid args: activate_ticket used or expired' } };
    const { page, context, sent } = await open('card_id=pM&encrypt_code=Ab%2Bc%2FD%3D%3D&activate_ticket=t%2B1%3D%3D', answer);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'failed');
    assert.deepEqual(JSON.parse(sent[0].body), { encryptCode: 'Ab+c/D==', activateTicket: 't+1==', cardId: 'pM' });
    assert.equal(await page.getAttribute('[data-code]', 'data-code'), 'WECHAT_40097');
    assert.match(await page.textContent('#result'), /activate_ticket used or expired/);
    await context.close();
  });

  test('without activate_ticket nothing is sent', async () => {
    const { page, context, sent } = await open('card_id=pM&encrypt_code=Ab+c');
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'no-ticket');
    assert.equal(sent.length, 0);
    assert.equal(await page.getAttribute('[data-code]', 'data-code'), 'NO_ACTIVATE_TICKET');
    assert.equal(new URL(page.url()).search, '');
    await context.close();
  });

  test('without card parameters the page says so', async () => {
    const { page, context, sent } = await open('from=menu');
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'none');
    assert.equal(sent.length, 0);
    await context.close();
  });
});

describe('end to end: the page, the demo server in WeChat mode, a fake of the WeChat API', () => {
  // A stand-in for api.weixin.qq.com written here, with its own rules: an access_token for the
  // demo's credentials, encrypt_code as base64 of the code, one activate_ticket with a form.
  const TICKET = 'aT+/form==';
  const calls = [];
  let fake;
  let demo;

  before(async () => {
    const { createServer } = await import('node:http');
    fake = createServer(async (req, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const url = new URL(req.url, 'http://fake');
      const body = raw ? JSON.parse(raw) : {};
      calls.push({ path: url.pathname, token: url.searchParams.get('access_token'), body });
      const answer = (json) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (url.pathname === '/cgi-bin/stable_token') {
        return answer(body.appid === 'wxfakeactivate01' && body.secret === 'fake-secret' ? { access_token: 'FAKE_TOKEN', expires_in: 7200 } : { errcode: 40125, errmsg: 'invalid appsecret' });
      }
      if (url.searchParams.get('access_token') !== 'FAKE_TOKEN') return answer({ errcode: 40001, errmsg: 'invalid credential' });
      if (url.pathname === '/card/code/decrypt') {
        const code = Buffer.from(body.encrypt_code ?? '', 'base64').toString();
        return answer(/^\d{10,12}$/.test(code) ? { errcode: 0, errmsg: 'ok', code } : { errcode: 40075, errmsg: 'invalid encrypt code' });
      }
      if (url.pathname === '/card/membercard/activatetempinfo/get') {
        return answer(body.activate_ticket === TICKET
          ? { errcode: 0, errmsg: 'ok', info: { common_field_list: [{ name: 'USER_FORM_INFO_FLAG_MOBILE', value: '13800000000' }], custom_field_list: [{ name: '喜好', value: '', value_list: ['火锅'] }] } }
          : { errcode: 40097, errmsg: 'invalid args' });
      }
      if (url.pathname === '/card/membercard/activate') {
        return answer(body.code && body.membership_number ? { errcode: 0, errmsg: 'ok' } : { errcode: 40097, errmsg: 'invalid args' });
      }
      return res.writeHead(404).end();
    });
    await new Promise((resolve) => fake.listen(0, '127.0.0.1', resolve));
    demo = await startDemo({ WXCARD_APPID: 'wxfakeactivate01', WXCARD_SECRET: 'fake-secret', WXCARD_API_BASE: `http://127.0.0.1:${fake.address().port}` });
  });
  after(async () => {
    await demo?.close();
    await new Promise((resolve) => fake?.close(resolve));
    assert.ok(!demo.log().includes('fake-secret') && !demo.log().includes('FAKE_TOKEN'));
  });

  test('redirect with activate_ticket -> server -> decrypt, form, activate', async () => {
    const { page, context } = await newPage(env.browser, { userAgent: UA.wechat8 });
    const code = '7100000001';
    // As WeChat appends them: base64 raw, not percent-encoded.
    await page.goto(`${demo.url}/activate.html?card_id=pMember1&encrypt_code=${Buffer.from(code).toString('base64')}&openid=oMember&outer_str=page&activate_ticket=${TICKET}`);
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'true');
    assert.equal(await page.textContent('[data-out=membership-number]'), code);
    assert.equal(await page.textContent('[data-field=USER_FORM_INFO_FLAG_MOBILE]'), '13800000000');
    assert.equal(new URL(page.url()).search, '', 'the card parameters left the address bar');

    const paths = calls.map((c) => c.path);
    assert.deepEqual(paths.filter((p) => p.startsWith('/card/')), ['/card/code/decrypt', '/card/membercard/activatetempinfo/get', '/card/membercard/activate']);
    const activate = calls.find((c) => c.path === '/card/membercard/activate');
    assert.deepEqual([activate.body.code, activate.body.card_id, activate.body.membership_number], [code, 'pMember1', code]);
    assert.equal(calls.find((c) => c.path === '/card/membercard/activatetempinfo/get').body.activate_ticket, TICKET);
    await context.close();
  });

  test('an activate_ticket WeChat does not know: its errcode, explained, and nothing activated', async () => {
    const before = calls.filter((c) => c.path === '/card/membercard/activate').length;
    const { page, context } = await newPage(env.browser, { userAgent: UA.wechat8 });
    await page.goto(`${demo.url}/activate.html?card_id=pMember1&encrypt_code=${Buffer.from('7100000002').toString('base64')}&activate_ticket=stale`);
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.equal(await page.evaluate(() => document.body.dataset.ready), 'failed');
    assert.equal(await page.getAttribute('[data-code]', 'data-code'), 'WECHAT_40097');
    assert.equal(calls.filter((c) => c.path === '/card/membercard/activate').length, before);
    await context.close();
  });
});
