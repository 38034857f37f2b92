// configure() in headless Chromium with the real weixin-js-sdk and a WeixinJSBridge stand-in
// that checks wx.config signatures the way the WeChat client does (iOS: the landing URL;
// Android: the current one). Every configure() must settle on WeChat's verdict on its own
// config, also when jweixin's single config state says otherwise.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as full from '../../pkg/full.js';
import { ROOT, UA, newPage, staticServerAndBrowser, startDemo } from './helpers.mjs';

full.initSync(readFileSync(new URL('../../pkg/wasm-full/wxcard_bg.wasm', import.meta.url)));

const JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const API_TICKET = 'kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzHgrO6mZp0aTm4bNqzLpXoh';
const APP_ID = 'wx1234567890abcdef';
const BAD = { appId: APP_ID, timestamp: 1414587457, nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0'.repeat(40) };

/** The wx.config signature, computed here independently of wxcard. */
function signatureOf(url, timestamp, nonceStr, ticket = JSAPI_TICKET) {
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`).digest('hex');
}
const signedFor = (url) => ({ appId: APP_ID, timestamp: 1414587457, nonceStr: 'Wm3WZYTPz0wzccnW', signature: signatureOf(url, 1414587457, 'Wm3WZYTPz0wzccnW') });

const env = staticServerAndBrowser();

/** The glue page, its bridge checking signatures made with JSAPI_TICKET. */
async function openGlue(userAgent, { query = '?from=menu', checks } = {}) {
  const ctx = await newPage(env.browser, { userAgent });
  await ctx.page.goto(`${env.server.url}/tests/js/fixtures/glue.html${query}`);
  await ctx.page.waitForFunction(() => window.loaded);
  await ctx.page.evaluate(([ticket, c]) => { window.__bridge.verify = { ticket, checks: c }; }, [JSAPI_TICKET, checks]);
  return ctx;
}

/** configure(signed) in the page: 'ok' with what it resolved to, or the error's code and errMsg. */
function configureIn(page, signed, options) {
  return page.evaluate(([s, o]) => window.wxcard.configure(s, o).then(
    (r) => ({ ok: r }),
    (e) => ({ code: e.code, errMsg: e.errMsg, tried: e.tried, url: e.url }),
  ), [signed, options]);
}

const preVerifies = (page) => page.evaluate(() => window.__bridge.calls.filter((c) => c.name === 'preVerifyJSAPI').length);

describe('each configure() settles on the verdict of its own wx.config', () => {
  test('a bad signature rejects the first configure', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    assert.deepEqual(await configureIn(page, BAD), { code: 'CONFIG_FAILED', errMsg: 'config:invalid signature', tried: [page.url()], url: page.url() });
    await context.close();
  });

  test('configure ok, then a second configure with a bad signature rejects', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const first = await configureIn(page, signedFor(page.url()));
    assert.deepEqual(first, { ok: { url: page.url(), urlKind: 'current', retried: false } });
    // jweixin's state is 1 now: its wx.ready fires at once for any later config.
    const second = await configureIn(page, BAD);
    assert.equal(second.code, 'CONFIG_FAILED');
    assert.equal(second.errMsg, 'config:invalid signature');
    assert.equal(await preVerifies(page), 2);
    // Card APIs are refused until a configure succeeds again.
    const code = await page.evaluate(() => window.wxcard.openCard({ cardId: 'p', code: 'c' }).catch((e) => e.code));
    assert.equal(code, 'NOT_CONFIGURED');
    await context.close();
  });

  test('a failed configure followed by a good one resolves', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    assert.equal((await configureIn(page, BAD)).code, 'CONFIG_FAILED');
    assert.deepEqual(await configureIn(page, signedFor(page.url())), { ok: { url: page.url(), urlKind: 'current', retried: false } });
    await context.close();
  });

  test('two configures started together each get their own verdict', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const both = await page.evaluate(([bad, good]) => Promise.all([
      window.wxcard.configure(bad).then(() => 'resolved', (e) => e.code),
      window.wxcard.configure(good).then(() => 'resolved', (e) => e.code),
    ]), [BAD, signedFor(page.url())]);
    assert.deepEqual(both, ['CONFIG_FAILED', 'resolved']);
    await context.close();
  });

  test('WeChat 10.0.0 (below "6.0.2" as a string, no wx.error): a bad signature still rejects, a good one resolves', async () => {
    const { page, context } = await openGlue(UA.wechat10);
    assert.equal((await configureIn(page, BAD)).code, 'CONFIG_FAILED');
    assert.ok((await configureIn(page, signedFor(page.url()))).ok);
    assert.ok((await configureIn(page, BAD)).code, 'CONFIG_FAILED');
    await context.close();
  });

  test('a bridge that cannot be wrapped falls back on wx.ready/wx.error for the first config', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await page.evaluate(() => Object.defineProperty(window, 'WeixinJSBridge', { value: Object.freeze(window.WeixinJSBridge), writable: false }));
    assert.equal((await configureIn(page, BAD)).code, 'CONFIG_FAILED');
    await context.close();
  });

  test('a read-only invoke: a stand-in bridge still hands each configure its own verdict', async () => {
    for (const ua of [UA.wechat8, UA.wechat10]) {
      const { page, context } = await openGlue(ua);
      await page.evaluate(() => {
        // WeChat's own invoke must still be called on WeChat's own object.
        const original = window.WeixinJSBridge;
        const invoke = original.invoke;
        window.__receivers = [];
        original.invoke = function (...args) {
          window.__receivers.push(this === original);
          return invoke.apply(this, args);
        };
        Object.freeze(original);
      });
      assert.equal((await configureIn(page, BAD)).code, 'CONFIG_FAILED', ua);
      assert.ok((await configureIn(page, signedFor(page.url()))).ok, ua);
      assert.equal((await configureIn(page, BAD)).code, 'CONFIG_FAILED', ua);
      const code = await page.evaluate(() => window.wxcard.openCard({ cardId: 'p', code: 'c' }).catch((e) => e.code));
      assert.equal(code, 'NOT_CONFIGURED');
      const receivers = await page.evaluate(() => window.__receivers);
      assert.ok(receivers.length >= 3 && receivers.every(Boolean), `${receivers}`);
      await context.close();
    }
  });
});

describe('nothing waits forever', () => {
  test('WeChat never answers wx.config: CONFIG_TIMEOUT, and the card APIs behind it go on', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await page.evaluate(() => { window.__bridge.modes.preVerifyJSAPI = 'never'; });
    const outcome = await page.evaluate((s) => {
      const configured = window.wxcard.configure(s, { timeout: 300 }).catch((e) => e.code);
      const opened = window.wxcard.openCard({ cardId: 'p', code: 'c' }).catch((e) => e.code);
      return Promise.all([configured, opened]);
    }, signedFor(page.url()));
    assert.deepEqual(outcome, ['CONFIG_TIMEOUT', 'NOT_CONFIGURED']);
    // The verdict that never came is not handed to the next configure: this one gets its own.
    await page.evaluate(() => { window.__bridge.modes.preVerifyJSAPI = 'ok'; });
    assert.equal((await configureIn(page, BAD, { timeout: 2000 })).code, 'CONFIG_FAILED');
    assert.ok((await configureIn(page, signedFor(page.url()), { timeout: 2000 })).ok);
    await context.close();
  });

  test('a retry that gets no verdict leaves WeChat\'s verdict on the first try as the error', async () => {
    const { page, context } = await openGlue(UA.wechatIos, { checks: 'current' });
    await page.evaluate(() => history.pushState(null, '', '/app/next'));
    await page.exposeFunction('sign', (url) => signedFor(url));
    const e = await page.evaluate(() => {
      let n = 0;
      const signer = async (url) => {
        n += 1;
        if (n === 2) window.__bridge.modes.preVerifyJSAPI = 'never';
        return window.sign(url);
      };
      return window.wxcard.configure(signer, { timeout: 300 }).catch((err) => ({ code: err.code, errMsg: err.errMsg, retry: err.retryError && err.retryError.code }));
    });
    assert.deepEqual(e, { code: 'CONFIG_FAILED', errMsg: 'config:invalid signature', retry: 'CONFIG_TIMEOUT' });
    await context.close();
  });

  test('timeout: Infinity waits, it does not fire at once', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    assert.ok((await configureIn(page, signedFor(page.url()), { timeout: Infinity })).ok);
    await context.close();
  });

  test('an endpoint that sends its headers and then stalls: SIGNING_FAILED in time', async () => {
    const { createServer } = await import('node:http');
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    const stalled = createServer((req, res) => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors).end();
        return;
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.write('{"appId":');
    });
    await new Promise((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const { page, context } = await openGlue(UA.wechat8);
    const endpoint = `http://127.0.0.1:${stalled.address().port}/sign`;
    const e = await page.evaluate((ep) => window.wxcard.configure(ep, { timeout: 500 }).catch((err) => ({ code: err.code, message: err.message })), endpoint);
    assert.equal(e.code, 'SIGNING_FAILED');
    assert.match(e.message, /no answer within 500 ms/);
    await context.close();
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
  });

  test('no WeixinJSBridge at all (a desktop browser with a WeChat user agent): CONFIG_TIMEOUT', async () => {
    const ctx = await newPage(env.browser, { userAgent: UA.wechat8, bridge: false });
    await ctx.page.goto(`${env.server.url}/tests/js/fixtures/glue.html`);
    await ctx.page.waitForFunction(() => window.loaded);
    const started = Date.now();
    assert.equal((await configureIn(ctx.page, BAD, { timeout: 300 })).code, 'CONFIG_TIMEOUT');
    assert.ok(Date.now() - started < 5000);
    await ctx.context.close();
  });

  test('a signing endpoint or a diagnosis that never answers ends in SIGNING_FAILED or diagnosisError', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await page.route('**/hang', () => {});
    const signing = await page.evaluate(() => window.wxcard.configure('/hang', { timeout: 300 }).catch((e) => ({ code: e.code, status: e.status, message: e.message })));
    assert.equal(signing.code, 'SIGNING_FAILED');
    assert.equal(signing.status, 0);
    assert.match(signing.message, /no answer within 300 ms/);
    const e = await page.evaluate((s) => window.wxcard.configure(s, { diagnose: '/hang', timeout: 300 }).catch((err) => ({ code: err.code, diagnosisError: err.diagnosisError })), BAD);
    assert.equal(e.code, 'CONFIG_FAILED');
    assert.match(e.diagnosisError, /no answer within 300 ms/);
    await context.close();
  });
});

describe('the URL WeChat checks', () => {
  test('iOS: signingUrl() stays the landing URL after pushState and readCardRedirect({clean})', async () => {
    const query = '?from=menu&encrypt_code=Ab%2Bc%2FD%3D%3D&card_id=pCardA&openid=oUser1';
    const { page, context } = await openGlue(UA.wechatIos, { query });
    const landing = page.url();
    await page.evaluate(() => window.wxcard.readCardRedirect({ clean: true }));
    await page.evaluate(() => history.pushState(null, '', '/app/orders#list'));
    assert.equal(new URL(page.url()).pathname, '/app/orders');
    assert.equal(await page.evaluate(() => window.wxcard.signingUrl()), landing);
    // A signer given that URL satisfies the iOS client.
    const seen = [];
    await page.exposeFunction('sign', (url) => { seen.push(url); return signedFor(url); });
    assert.deepEqual(await page.evaluate(() => window.wxcard.configure((url) => window.sign(url))), { url: landing, urlKind: 'landing', retried: false });
    assert.deepEqual(seen, [landing]);
    await context.close();
  });

  test('Android: signingUrl() is the current URL, without its fragment', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await page.evaluate(() => history.pushState(null, '', '/app/orders?tab=2#list'));
    const current = `${env.server.url}/app/orders?tab=2`;
    assert.equal(await page.evaluate(() => window.wxcard.signingUrl()), current);
    const seen = [];
    await page.exposeFunction('sign', (url) => { seen.push(url); return signedFor(url); });
    assert.deepEqual(await page.evaluate(() => window.wxcard.configure((url) => window.sign(url))), { url: current, urlKind: 'current', retried: false });
    assert.deepEqual(seen, [current]);
    await context.close();
  });

  test('an "invalid signature" is retried once with the other URL, and says which one worked', async () => {
    // An iOS client that checks the current URL, as some builds do: the landing URL is refused.
    const { page, context } = await openGlue(UA.wechatIos, { checks: 'current' });
    const landing = page.url();
    await page.evaluate(() => history.pushState(null, '', '/app/next'));
    const seen = [];
    await page.exposeFunction('sign', (url) => { seen.push(url); return signedFor(url); });
    const result = await page.evaluate(() => window.wxcard.configure((url) => window.sign(url)));
    assert.deepEqual(result, { url: `${env.server.url}/app/next`, urlKind: 'current', retried: true });
    assert.deepEqual(seen, [landing, `${env.server.url}/app/next`]);
    assert.equal(await preVerifies(page), 2);
    await context.close();
  });

  test('a retry that cannot be signed leaves WeChat\'s verdict as the error', async () => {
    const { page, context } = await openGlue(UA.wechatIos, { checks: 'current' });
    await page.evaluate(() => history.pushState(null, '', '/app/next'));
    let calls = 0;
    await page.exposeFunction('sign', (url) => {
      calls += 1;
      if (calls > 1) throw new Error('the signer refused');
      return signedFor(url);
    });
    const e = await page.evaluate(() => window.wxcard.configure((url) => window.sign(url)).catch((err) => ({ code: err.code, errMsg: err.errMsg, retryError: String(err.retryError) })));
    assert.deepEqual(e, { code: 'CONFIG_FAILED', errMsg: 'config:invalid signature', retryError: 'Error: the signer refused' });
    await context.close();
  });

  test('Android: a route change while the signature is made is caught up by the retry', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const seen = [];
    await page.exposeFunction('sign', (url) => { seen.push(url); return signedFor(url); });
    const result = await page.evaluate(() => window.wxcard.configure(async (url) => {
      const signed = await window.sign(url);
      history.replaceState(null, '', '/app/orders');
      return signed;
    }));
    const orders = `${env.server.url}/app/orders`;
    assert.deepEqual(result, { url: orders, urlKind: 'current', retried: true });
    assert.equal(seen[1], orders);
    await context.close();
  });

  test('a signed object is not retried; the error lists the URL WeChat checked', async () => {
    const { page, context } = await openGlue(UA.wechatIos);
    const landing = page.url();
    await page.evaluate(() => history.pushState(null, '', '/app/next'));
    // Signed for the current URL: refused on iOS, which checks the landing one.
    const outcome = await configureIn(page, signedFor(`${env.server.url}/app/next`));
    assert.deepEqual(outcome, { code: 'CONFIG_FAILED', errMsg: 'config:invalid signature', tried: [landing], url: landing });
    await context.close();
  });
});

describe('the card APIs after configure', () => {
  test('before any configure: NOT_CONFIGURED and nothing reaches the bridge', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const codes = await page.evaluate(async () => Promise.all([
      window.wxcard.addCard({ cardId: 'p', cardExt: '{}' }).catch((e) => e.code),
      window.wxcard.chooseCard({ timestamp: 1, nonceStr: 'n', cardSign: 's' }).catch((e) => e.code),
      window.wxcard.openCard({ cardId: 'p', code: 'c' }).catch((e) => e.code),
      window.wxcard.consumeAndShareCard({ cardId: 'p', code: 'c' }).catch((e) => e.code),
    ]));
    assert.deepEqual(codes, Array(4).fill('NOT_CONFIGURED'));
    assert.deepEqual(await page.evaluate(() => window.__bridge.calls.map((c) => c.name)), []);
    await context.close();
  });

  test('a card API called while configure is pending waits for its verdict', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const item = full.signCardExt({ apiTicket: API_TICKET, cardId: 'pCardA' });
    const added = await page.evaluate(([s, it]) => {
      window.wxcard.configure(s);
      return window.wxcard.addCard(it).then((r) => r.length, (e) => e.code);
    }, [signedFor(page.url()), item]);
    assert.equal(added, 1);
    await context.close();
  });

  test('a card API called in the same tick as a new configure waits for its verdict', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await configureIn(page, signedFor(page.url()));
    const code = await page.evaluate((bad) => {
      window.wxcard.configure(bad).catch(() => {});
      return window.wxcard.openCard({ cardId: 'p', code: 'c' }).then(() => 'opened', (e) => e.code);
    }, BAD);
    assert.equal(code, 'NOT_CONFIGURED');
    // jweixin's own getNetworkType aside, only the two wx.configs reached WeChat.
    const calls = await page.evaluate(() => window.__bridge.calls.map((c) => c.name).filter((n) => n !== 'getNetworkType'));
    assert.deepEqual(calls, ['preVerifyJSAPI', 'preVerifyJSAPI']);
    await context.close();
  });

  test('wxcard and wxcard/full share the page\'s config', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const outcome = await page.evaluate(async (s) => {
      const full = await import('/pkg/full.js');
      await full.init();
      await full.configure(s);
      return window.wxcard.openCard({ cardId: 'pCardA', code: '1434008071' }).then(() => 'opened', (e) => e.code);
    }, signedFor(page.url()));
    assert.equal(outcome, 'opened');
    await context.close();
  });

  test('two copies of the module: WeixinJSBridge.invoke is wrapped once, each configure gets its own verdict', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    // A second copy of the whole package at another address, as a bundler may duplicate it.
    await page.route('**/copy/pkg/**', (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/copy\//, '');
      route.fulfill({ body: readFileSync(join(ROOT, path)), contentType: path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    });
    const out = await page.evaluate(async ([good, bad]) => {
      const a = window.wxcard;
      const b = await import('/copy/pkg/index.js');
      const fullCopy = await import('/copy/pkg/full.js');
      await Promise.all([b.init(), fullCopy.init()]);
      const original = window.WeixinJSBridge.invoke;
      const results = [];
      results.push(await a.configure(good).then((r) => r.urlKind, (e) => e.code));
      const wrapped = window.WeixinJSBridge.invoke;
      results.push(await b.configure(bad).then((r) => r.urlKind, (e) => e.code));
      results.push(await fullCopy.configure(good).then((r) => r.urlKind, (e) => e.code));
      // Started together from the two copies: each its own verdict, one at a time.
      results.push(...await Promise.all([
        b.configure(bad).then((r) => r.urlKind, (e) => e.code),
        a.configure(good).then((r) => r.urlKind, (e) => e.code),
      ]));
      // One wx.config for the page: configured by a, the card APIs of b go on.
      results.push(await b.openCard({ cardId: 'pCardA', code: '1434008071' }).then(() => 'opened', (e) => e.code));
      return { results, changed: wrapped !== original, same: window.WeixinJSBridge.invoke === wrapped, two: a !== b };
    }, [signedFor(page.url()), BAD]);
    assert.deepEqual(out, { results: ['current', 'CONFIG_FAILED', 'current', 'CONFIG_FAILED', 'current', 'opened'], changed: true, same: true, two: true });
    await context.close();
  });

  test('consumeAndShareCard reaches the bridge as consumedShareCard', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await configureIn(page, signedFor(page.url()));
    await page.evaluate(() => window.wxcard.consumeAndShareCard({ cardId: 'pCardA', code: '1434008071' }));
    const calls = await page.evaluate(() => window.__bridge.calls.filter((c) => c.name === 'consumedShareCard'));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].args.consumedCardId, 'pCardA');
    assert.equal(calls[0].args.consumedCode, '1434008071');
    assert.equal(calls[0].args.verifySignature, signedFor(page.url()).signature);
    await context.close();
  });
});

describe('with the demo server over real HTTP', () => {
  // The demo's sandbox signs with these tickets, as WeChat's would.
  const SANDBOX_APP_ID = 'wx0000000000sandbox';
  let demo;
  before(async () => {
    demo = await startDemo({ WXCARD_SANDBOX_API_TICKET: API_TICKET, WXCARD_SANDBOX_JSAPI_TICKET: JSAPI_TICKET });
  });
  after(async () => {
    await demo?.close();
    assert.ok(!demo.log().includes(JSAPI_TICKET) && !demo.log().includes(API_TICKET));
  });

  /** The glue page, with /sign and /diagnose passed on to the demo's endpoints. */
  async function openWithDemo(userAgent, { diagnoseStatus } = {}) {
    const ctx = await openGlue(userAgent);
    await ctx.page.route('**/sign', (route) => route.fetch({ url: `${demo.url}/api/jsapi-config` }).then((response) => route.fulfill({ response })));
    await ctx.page.route('**/diagnose', (route) => (diagnoseStatus
      ? route.fulfill({ status: diagnoseStatus, contentType: 'application/json', body: '{"code":"UPSTREAM","message":"down"}' })
      : route.fetch({ url: `${demo.url}/api/diagnose/jsapi-config` }).then((response) => route.fulfill({ response }))));
    return ctx;
  }

  test('configure(endpoint) signs signingUrl() on the server and WeChat accepts it', async () => {
    const { page, context } = await openWithDemo(UA.wechat8);
    assert.deepEqual(await page.evaluate(() => window.wxcard.configure('/sign')), { url: page.url(), urlKind: 'current', retried: false });
    const [config] = await page.evaluate(() => window.__bridge.calls.filter((c) => c.name === 'preVerifyJSAPI'));
    assert.equal(config.args.verifyAppId, SANDBOX_APP_ID);
    assert.equal(config.args.verifySignature, signatureOf(page.url(), config.args.verifyTimestamp, config.args.verifyNonceStr));
    await context.close();
  });

  test('a refused config carries the server\'s diagnosis: the URL was signed with its fragment', async () => {
    const { page, context } = await openWithDemo(UA.wechat8);
    const url = `${page.url()}#/orders`;
    await page.evaluate((u) => history.replaceState(null, '', u), url);
    const signed = { appId: SANDBOX_APP_ID, timestamp: Math.floor(Date.now() / 1000), nonceStr: 'Wm3WZYTPz0wzccnW' };
    signed.signature = signatureOf(url, signed.timestamp, signed.nonceStr);
    const e = await page.evaluate((s) => window.wxcard.configure(s, { diagnose: '/diagnose' }).catch((err) => ({
      code: err.code, errMsg: err.errMsg, diagnosis: err.diagnosis, diagnosisError: err.diagnosisError,
    })), signed);
    assert.equal(e.code, 'CONFIG_FAILED');
    assert.equal(e.errMsg, 'config:invalid signature');
    assert.equal(e.diagnosisError, undefined);
    assert.equal(e.diagnosis.ok, false);
    assert.equal(e.diagnosis.findings[0].code, 'MISTAKE_URL_FRAGMENT');
    assert.equal(e.diagnosis.expectedSignature, null);
    await context.close();
  });

  test('behind a proxy: the glue sends the URL the server signed and the one WeChat checked', async () => {
    const { page, context } = await openWithDemo(UA.wechat8);
    await page.evaluate(() => { window.__bridge.verify.realAuthUrl = true; });
    // A proxy handed the server another host and port than the page's.
    const proxied = page.url().split('#')[0].replace(/\/\/[^/]+\//, '//10.0.3.7:8080/');
    await page.route('**/sign-proxied', (route) => route.fetch({
      url: `${demo.url}/api/jsapi-config`, method: 'POST', headers: { 'content-type': 'application/json' }, postData: JSON.stringify({ url: proxied }),
    }).then((response) => route.fulfill({ response })));
    const sent = [];
    await page.route('**/diagnose-seen', (route) => {
      sent.push(route.request().postDataJSON());
      return route.fetch({ url: `${demo.url}/api/diagnose/jsapi-config` }).then((response) => route.fulfill({ response }));
    });
    const e = await page.evaluate(() => window.wxcard.configure('/sign-proxied', { diagnose: '/diagnose-seen' }).catch((err) => ({ code: err.code, diagnosis: err.diagnosis })));
    assert.equal(e.code, 'CONFIG_FAILED');
    assert.equal(sent[0].signedUrl, proxied);
    assert.equal(sent[0].realAuthUrl, page.url().split('#')[0]);
    const codes = e.diagnosis.findings.map((f) => f.code);
    assert.ok(codes.includes('SIGNED_URL_HOST_DIFFERS') && codes.includes('SIGNED_URL_PORT_DIFFERS'), codes.join(' '));
    await context.close();
  });

  test('a card-ticket signature is named by the server, which holds both tickets', async () => {
    const { page, context } = await openWithDemo(UA.wechat8);
    const signed = { appId: SANDBOX_APP_ID, timestamp: Math.floor(Date.now() / 1000), nonceStr: 'n0nce' };
    signed.signature = signatureOf(page.url(), signed.timestamp, signed.nonceStr, API_TICKET);
    const e = await page.evaluate((s) => window.wxcard.configure(s, { diagnose: '/diagnose' }).catch((err) => err.diagnosis), signed);
    assert.equal(e.findings[0].code, 'MISTAKE_CARD_TICKET');
    await context.close();
  });

  test('a diagnosis that cannot be had never hides the CONFIG_FAILED', async () => {
    const { page, context } = await openWithDemo(UA.wechat8, { diagnoseStatus: 503 });
    const e = await page.evaluate((s) => window.wxcard.configure(s, { diagnose: '/diagnose' }).catch((err) => ({ code: err.code, diagnosis: err.diagnosis, diagnosisError: err.diagnosisError })), BAD);
    assert.equal(e.code, 'CONFIG_FAILED');
    assert.equal(e.diagnosis, undefined);
    assert.match(e.diagnosisError, /503.*UPSTREAM down/);
    await context.close();
  });

  test('an endpoint answering 200 with an error: SIGNING_FAILED, not a missing field', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    // A numeric code is a wrapper's success flag, not an error.
    const wrapped = { code: 0, ...signedFor(page.url()) };
    await page.route('**/sign-wrapped', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(wrapped) }));
    assert.ok((await page.evaluate(() => window.wxcard.configure('/sign-wrapped'))).url);
    await page.route('**/sign-200', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"code":"TICKET_STORE","message":"redis down"}' }));
    const e = await page.evaluate(() => window.wxcard.configure('/sign-200').catch((err) => ({ code: err.code, status: err.status, reason: err.reason })));
    assert.deepEqual(e, { code: 'SIGNING_FAILED', status: 200, reason: { code: 'TICKET_STORE', message: 'redis down' } });
    await context.close();
  });

  test('a signing endpoint that fails: SIGNING_FAILED with its status and code', async () => {
    const { page, context } = await openWithDemo(UA.wechat8);
    await page.route('**/sign-missing', (route) => route.fetch({ url: `${demo.url}/api/jsapi-config`, method: 'POST', postData: '{"nope":1}', headers: { 'content-type': 'application/json' } }).then((response) => route.fulfill({ response })));
    const e = await page.evaluate(() => window.wxcard.configure('/sign-missing').catch((err) => ({ code: err.code, status: err.status, reason: err.reason })));
    assert.equal(e.code, 'SIGNING_FAILED');
    assert.equal(e.status, 400);
    assert.equal(e.reason.code, 'BAD_JSON');
    await context.close();
  });
});
