// init() in headless Chromium where the wasm cannot run or loads the hard way: no WebAssembly
// (iOS Lockdown Mode), a module that does not compile, an instantiateStreaming that rejects or
// is missing. The README's page must still configure and add a card, with the real
// weixin-js-sdk and a WeixinJSBridge stand-in that checks wx.config signatures.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as full from '../../pkg/full.js';
import { ROOT, UA, newPage, staticServerAndBrowser } from './helpers.mjs';

full.initSync(readFileSync(new URL('../../pkg/wasm-full/wxcard_bg.wasm', import.meta.url)));

const JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const API_TICKET = 'kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzHgrO6mZp0aTm4bNqzLpXoh';
const APP_ID = 'wx1234567890abcdef';
const BAD = { appId: APP_ID, timestamp: 1414587457, nonceStr: 'Wm3WZYTPz0wzccnW', signature: '0'.repeat(40) };
const signedFor = (url) => full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: APP_ID, url });

/** Run in the page before any script: how the wasm fails to run there. */
const BREAK = {
  noWebAssembly: () => { delete globalThis.WebAssembly; },
  streamingRejects: () => {
    WebAssembly.instantiateStreaming = () => Promise.reject(new TypeError('Load failed'));
  },
  noStreaming: () => { delete WebAssembly.instantiateStreaming; },
};
/** Bytes that are not a wasm module, served as one. */
const BROKEN_WASM = Buffer.from('0061736d01000000ff', 'hex');

const env = staticServerAndBrowser();

/**
 * A page with a WeChat bridge checking signatures, broken as `how` says: a BREAK key, or
 * 'brokenBytes' for a .wasm that does not compile.
 */
async function openPage(path, { userAgent = UA.wechat8, how, bridge = true, checks } = {}) {
  const ctx = await newPage(env.browser, { userAgent, bridge, verify: { ticket: JSAPI_TICKET, checks } });
  if (BREAK[how]) await ctx.context.addInitScript(BREAK[how]);
  if (how === 'brokenBytes') {
    await ctx.page.route('**/pkg/wasm/wxcard_bg.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: BROKEN_WASM }));
  }
  // The README's endpoints, signing as the server would.
  await ctx.page.route('**/api/jsapi-config', (route) => route.fulfill({ json: signedFor(route.request().postDataJSON().url) }));
  await ctx.page.route('**/api/card-ext', (route) => {
    const { cards } = route.request().postDataJSON();
    route.fulfill({ json: { cardList: full.signCardExtBatch({ apiTicket: API_TICKET, cards }) } });
  });
  await ctx.page.goto(`${env.server.url}${path}`);
  return ctx;
}

/** The README's page, run to its end: what init() said, the configure and the cards added. */
async function readmePage(options) {
  const ctx = await openPage('/tests/js/fixtures/readme.html?from=menu', options);
  await ctx.page.waitForFunction(() => window.result);
  return { ...ctx, result: await ctx.page.evaluate(() => window.result) };
}

/** The glue page after its `await init()`, which it keeps as window.loadedAs. */
async function gluePage(options, query = '') {
  const ctx = await openPage(`/tests/js/fixtures/glue.html${query}`, options);
  await ctx.page.waitForFunction(() => window.loaded);
  await ctx.page.evaluate(() => window.loaded);
  return ctx;
}

describe('the README\'s page configures and adds a card', () => {
  for (const [how, wasm] of [['noWebAssembly', false], ['brokenBytes', false], ['streamingRejects', true], ['noStreaming', true], [undefined, true]]) {
    test(`${how || 'with the wasm'}: init() resolves, wasm ${wasm}`, async () => {
      const { page, context, result, errors } = await readmePage({ how });
      assert.equal(result.code, undefined, result.message);
      assert.equal(result.wasm, wasm);
      assert.equal(result.error, wasm ? undefined : 'WASM_UNAVAILABLE');
      assert.deepEqual(result.configured, { url: page.url(), urlKind: 'current', retried: false });
      assert.deepEqual(result.added.map((c) => [c.cardId, c.isSuccess]), [['pjZ8Yt1XGILfi-FUsewpnnolGgZk', true]]);
      const names = await page.evaluate(() => window.__bridge.calls.map((c) => c.name));
      assert.deepEqual(names.filter((n) => n !== 'getNetworkType'), ['preVerifyJSAPI', 'batchAddCard']);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

describe('without the wasm', () => {
  test('init() says why; the parsers and signingUrl() throw WASM_UNAVAILABLE', async () => {
    for (const how of ['noWebAssembly', 'brokenBytes']) {
      const { page, context } = await gluePage({ how }, '?encrypt_code=Ab%2Bc&card_id=pCardA');
      const out = await page.evaluate(async () => {
        const w = window.wxcard;
        const loaded = await w.init();
        const codeOf = (f) => {
          try {
            f();
            return 'returned';
          } catch (e) {
            return [e.name, e.code, e instanceof w.WxCardError];
          }
        };
        return {
          loaded: { wasm: loaded.wasm, code: loaded.error.code, message: loaded.error.message },
          thrown: [
            codeOf(() => w.parseUserAgent(navigator.userAgent)),
            codeOf(() => w.supportsCards(navigator.userAgent)),
            codeOf(() => w.parseCardRedirect(location.href)),
            codeOf(() => w.stripCardParams(location.href)),
            codeOf(() => w.signingUrl()),
          ],
          redirect: await w.readCardRedirect().then(() => 'resolved', (e) => e.code),
          href: location.href,
        };
      });
      assert.equal(out.loaded.wasm, false, how);
      assert.equal(out.loaded.code, 'WASM_UNAVAILABLE');
      assert.match(out.loaded.message, how === 'noWebAssembly' ? /no WebAssembly here/ : /CompileError|WebAssembly/);
      assert.deepEqual(out.thrown, Array(5).fill(['WxCardError', 'WASM_UNAVAILABLE', true]), how);
      assert.equal(out.redirect, 'WASM_UNAVAILABLE');
      assert.equal(new URL(out.href).searchParams.get('card_id'), 'pCardA');
      await context.close();
    }
  });

  test('iOS: the current URL is signed first, the landing URL on the retry', async () => {
    const { page, context } = await gluePage({ how: 'noWebAssembly', userAgent: UA.wechatIos }, '?from=menu');
    const landing = page.url();
    await page.evaluate(() => history.pushState(null, '', '/app/next'));
    const seen = [];
    await page.exposeFunction('sign', (url) => { seen.push(url); return signedFor(url); });
    const result = await page.evaluate(() => window.wxcard.configure((url) => window.sign(url)));
    assert.deepEqual(result, { url: landing, urlKind: 'landing', retried: true });
    assert.deepEqual(seen, [`${env.server.url}/app/next`, landing]);
    // The card APIs go on, the version check left to WeChat.
    await page.evaluate(() => window.wxcard.openCard({ cardId: 'pCardA', code: '1434008071' }));
    await page.evaluate(() => window.wxcard.consumeAndShareCard({ cardId: 'pCardA', code: '1434008071' }));
    const chosen = await page.evaluate((p) => window.wxcard.chooseCard(p), full.signChooseCard({ apiTicket: API_TICKET, appId: APP_ID }));
    assert.deepEqual(chosen, [{ cardId: 'pChosen1', encryptCode: 'Ab+c/D==' }]);
    const names = await page.evaluate(() => window.__bridge.calls.map((c) => c.name).filter((n) => n !== 'getNetworkType'));
    assert.deepEqual(names, ['preVerifyJSAPI', 'preVerifyJSAPI', 'batchViewCard', 'consumedShareCard', 'chooseCard']);
    await context.close();
  });

  test('a bad signature still rejects with CONFIG_FAILED', async () => {
    const { page, context } = await gluePage({ how: 'noWebAssembly' });
    const e = await page.evaluate((s) => window.wxcard.configure(s).catch((err) => [err.code, err.errMsg]), BAD);
    assert.deepEqual(e, ['CONFIG_FAILED', 'config:invalid signature']);
    await context.close();
  });

  for (const [name, query] of [['with the JS-SDK', ''], ['without the JS-SDK', '?nojssdk']]) {
    test(`outside WeChat, ${name}: the card APIs fail at once with UNSUPPORTED_CLIENT`, async () => {
      const { page, context } = await gluePage({ how: 'noWebAssembly', userAgent: UA.desktopChrome, bridge: false }, query);
      const out = await page.evaluate(async () => {
        const w = window.wxcard;
        const started = performance.now();
        const codes = await Promise.all([
          w.configure({ appId: 'wx1', timestamp: 1, nonceStr: 'n', signature: 's' }),
          w.configure('/api/jsapi-config'),
          w.addCard({ cardId: 'p', cardExt: '{}' }),
          w.chooseCard({ timestamp: 1, nonceStr: 'n', cardSign: 's' }),
          w.openCard({ cardId: 'p', code: 'c' }),
          w.consumeAndShareCard({ cardId: 'p', code: 'c' }),
        ].map((p) => p.then(() => 'resolved', (e) => [e.code, e.version])));
        return { codes, ms: performance.now() - started };
      });
      assert.deepEqual(out.codes, Array(6).fill(['UNSUPPORTED_CLIENT', null]));
      assert.ok(out.ms < 1000, `${out.ms} ms`);
      await context.close();
    });
  }

  test('a WeChat user agent without a bridge yet: configure waits for WeixinJSBridgeReady', async () => {
    const { page, context } = await gluePage({ how: 'noWebAssembly', bridge: false });
    const outcome = await page.evaluate(async (s) => {
      const configured = window.wxcard.configure(s).then((r) => r.urlKind, (e) => e.code);
      await new Promise((r) => setTimeout(r, 100));
      window.WeixinJSBridge = { invoke: (name, args, cb) => setTimeout(() => cb({ err_msg: `${name}:ok` }), 0), on() {} };
      document.dispatchEvent(new Event('WeixinJSBridgeReady'));
      return configured;
    }, BAD);
    assert.equal(outcome, 'current');
    await context.close();
  });
});

describe('loading the wasm', () => {
  test('a wasm that could not be fetched is fetched again at the next init()', async () => {
    const ctx = await newPage(env.browser, { userAgent: UA.wechat8 });
    await ctx.page.route('**/pkg/wasm/wxcard_bg.wasm', (route) => route.fulfill({ status: 503, body: 'busy' }));
    await ctx.page.goto(`${env.server.url}/tests/js/fixtures/glue.html`);
    await ctx.page.waitForFunction(() => window.loaded);
    const first = await ctx.page.evaluate(() => window.wxcard.init().then((r) => [r.wasm, r.error.code, r.error.message]));
    assert.deepEqual(first.slice(0, 2), [false, 'WASM_UNAVAILABLE']);
    assert.match(first[2], /503/);
    await ctx.page.unroute('**/pkg/wasm/wxcard_bg.wasm');
    const again = await ctx.page.evaluate(async () => [(await window.wxcard.init()).wasm, window.wxcard.supportsCards(navigator.userAgent)]);
    assert.deepEqual(again, [true, true]);
    await ctx.context.close();
  });

  test('with the wasm, init() answers { wasm: true }, also for bytes and a Response', async () => {
    const { page, context } = await gluePage({});
    const out = await page.evaluate(async () => [
      await window.wxcard.init(),
      await window.wxcard.init(fetch('/pkg/wasm/wxcard_bg.wasm')),
    ]);
    assert.deepEqual(out, [{ wasm: true }, { wasm: true }]);
    // A page that has not loaded the wasm yet.
    await page.route('**/blank.html', (route) => route.fulfill({ body: '<!doctype html>', contentType: 'text/html' }));
    for (const source of ['bytes', 'response']) {
      await page.goto(`${env.server.url}/blank.html`);
      const loaded = await page.evaluate(async (s) => {
        const wxcard = await import('/pkg/index.js');
        const res = await fetch('/pkg/wasm/wxcard_bg.wasm');
        const r = await wxcard.init(s === 'bytes' ? await res.arrayBuffer() : res);
        return [r.wasm, wxcard.supportsCards(navigator.userAgent)];
      }, source);
      assert.deepEqual(loaded, [true, true], source);
    }
    await context.close();
  });
});
