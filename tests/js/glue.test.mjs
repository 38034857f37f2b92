// pkg/index.js in headless Chromium with the real weixin-js-sdk and a recording WeixinJSBridge:
// what reaches the WeChat client, what comes back, and what is refused before WeChat is called.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as full from '../../pkg/full.js';
import { UA, newPage, staticServerAndBrowser } from './helpers.mjs';

full.initSync(readFileSync(new URL('../../pkg/wasm-full/wxcard_bg.wasm', import.meta.url)));

const API_TICKET = 'kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzHgrO6mZp0aTm4bNqzLpXoh';
const JSAPI_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const APP_ID = 'wx1234567890abcdef';

// An independent check of a card signature: node:crypto over the byte-sorted values.
function cardSignatureOf(values) {
  const bytes = values.filter((v) => v).map((v) => Buffer.from(String(v)));
  return createHash('sha1').update(Buffer.concat(bytes.sort(Buffer.compare))).digest('hex');
}

const env = staticServerAndBrowser();

async function openGlue(userAgent, query = '') {
  const ctx = await newPage(env.browser, { userAgent });
  await ctx.page.goto(`${env.server.url}/tests/js/fixtures/glue.html${query}`);
  await ctx.page.waitForFunction(() => window.loaded);
  await ctx.page.evaluate(() => window.loaded);
  return ctx;
}

function configFor(url) {
  return full.signJsapiConfig({ jsapiTicket: JSAPI_TICKET, appId: APP_ID, url });
}

describe('inside WeChat 8', () => {
  test('configure, addCard, chooseCard and openCard reach the bridge as the official SDK sends them', async () => {
    const { page, context, errors } = await openGlue(UA.wechat8);
    const url = page.url();
    const signed = configFor(url);
    await page.evaluate((s) => window.wxcard.configure(s), signed);

    const items = full.signCardExtBatch({ apiTicket: API_TICKET, cards: [{ cardId: 'pCardA', code: '1434008071' }, { cardId: 'pCardB', openid: 'oUser1' }] });
    const added = await page.evaluate((list) => window.wxcard.addCard(list), items);
    assert.deepEqual(added.map((c) => [c.cardId, c.isSuccess]), [['pCardA', true], ['pCardB', true]]);

    const choose = full.signChooseCard({ apiTicket: API_TICKET, appId: APP_ID, cardType: 'GROUPON' });
    const chosen = await page.evaluate((p) => window.wxcard.chooseCard(p), choose);
    assert.deepEqual(chosen, [{ cardId: 'pChosen1', encryptCode: 'Ab+c/D==' }]);

    await page.evaluate(() => window.wxcard.openCard([{ cardId: 'pCardA', code: '1434008071' }]));

    const calls = await page.evaluate(() => window.__bridge.calls);
    const byName = (n) => calls.filter((c) => c.name === n);

    const [config] = byName('preVerifyJSAPI');
    assert.equal(config.args.verifySignature, signed.signature);
    assert.equal(config.args.verifyAppId, APP_ID);
    assert.deepEqual(config.args.verifyJsApiList, ['batchAddCard', 'chooseCard', 'batchViewCard', 'consumedShareCard']);
    // The wx.config signature, recomputed independently for the URL the page really has.
    const expected = createHash('sha1').update(`jsapi_ticket=${JSAPI_TICKET}&noncestr=${signed.nonceStr}&timestamp=${signed.timestamp}&url=${url.split('#')[0]}`).digest('hex');
    assert.equal(config.args.verifySignature, expected);

    const [add] = byName('batchAddCard');
    assert.equal(add.args.card_list.length, 2);
    for (const [i, entry] of add.args.card_list.entries()) {
      assert.equal(entry.card_id, items[i].cardId);
      assert.equal(typeof entry.card_ext, 'string');
      const ext = JSON.parse(entry.card_ext);
      assert.equal(ext.signature, cardSignatureOf([API_TICKET, ext.timestamp, entry.card_id, ext.code, ext.openid, ext.nonce_str]));
    }

    const [pick] = byName('chooseCard');
    assert.equal(pick.args.app_id, APP_ID);
    assert.equal(pick.args.card_type, 'GROUPON');
    assert.equal(pick.args.time_stamp, String(choose.timestamp));
    assert.equal(pick.args.sign_type, 'SHA1');
    assert.equal(pick.args.card_sign, cardSignatureOf([API_TICKET, APP_ID, '', choose.timestamp, choose.nonceStr, '', 'GROUPON']));

    const [view] = byName('batchViewCard');
    assert.deepEqual(view.args.card_list, [{ card_id: 'pCardA', code: '1434008071' }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('cancel and failure reject with distinct codes and WeChat\'s errMsg', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    await page.evaluate((s) => window.wxcard.configure(s), configFor(page.url()));
    const item = full.signCardExt({ apiTicket: API_TICKET, cardId: 'pCardA' });
    const outcome = (mode) => page.evaluate(async ([m, it]) => {
      window.__bridge.modes.batchAddCard = m;
      try {
        await window.wxcard.addCard(it);
        return null;
      } catch (e) {
        return { name: e.name, code: e.code, errMsg: e.errMsg, isError: e instanceof Error };
      }
    }, [mode, item]);
    assert.deepEqual(await outcome('cancel'), { name: 'WxCardError', code: 'CANCELLED', errMsg: 'addCard:cancel', isError: true });
    assert.deepEqual(await outcome('fail'), { name: 'WxCardError', code: 'FAILED', errMsg: 'addCard:fail', isError: true });
    await context.close();
  });

  test('a cardExt object is refused before WeChat is called', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const err = await page.evaluate(() => window.wxcard.addCard({ cardId: 'p', cardExt: { signature: 'x' } }).catch((e) => e.code));
    assert.equal(err, 'CARD_EXT_NOT_STRING');
    assert.deepEqual(await page.evaluate(() => window.__bridge.calls.map((c) => c.name)), []);
    await context.close();
  });

  test('a bad wx.config signature rejects configure', async () => {
    const { page, context } = await openGlue(UA.wechat8);
    const err = await page.evaluate(() => {
      window.__bridge.modes.preVerifyJSAPI = 'fail';
      return window.wxcard.configure({ appId: 'wx1', timestamp: 1, nonceStr: 'n', signature: 'bad' }).catch((e) => [e.code, e.errMsg]);
    });
    assert.deepEqual(err, ['CONFIG_FAILED', 'config:fail']);
    await context.close();
  });

  test('readCardRedirect keeps + / = and cleans the address bar', async () => {
    const { page, context } = await openGlue(UA.wechat8, '?from=menu&encrypt_code=Ab%2Bc%2FD%3D%3D&card_id=pCardA&openid=oUser1#top');
    const found = await page.evaluate(() => window.wxcard.readCardRedirect({ clean: true }));
    assert.equal(found.encryptCode, 'Ab+c/D==');
    assert.equal(found.cardId, 'pCardA');
    assert.equal(found.openid, 'oUser1');
    assert.equal(new URL(page.url()).search, '?from=menu');
    assert.equal(new URL(page.url()).hash, '#top');
    await context.close();
  });
});

describe('outside WeChat, too old, or without the JS-SDK', () => {
  for (const [name, ua, version] of [['desktop Chrome', UA.desktopChrome, null], ['WeChat 6.0.1', UA.wechat601, '6.0.1']]) {
    test(`${name}: UNSUPPORTED_CLIENT and nothing reaches the bridge`, async () => {
      const { page, context } = await openGlue(ua);
      const results = await page.evaluate(async () => {
        const codes = [];
        for (const call of [
          () => window.wxcard.configure({ appId: 'wx1', timestamp: 1, nonceStr: 'n', signature: 's' }),
          () => window.wxcard.addCard({ cardId: 'p', cardExt: '{}' }),
          () => window.wxcard.chooseCard({ timestamp: 1, nonceStr: 'n', cardSign: 's' }),
          () => window.wxcard.openCard({ cardId: 'p', code: 'c' }),
        ]) {
          codes.push(await call().then(() => 'resolved', (e) => [e.code, e.version]));
        }
        return { codes, calls: window.__bridge.calls.length };
      });
      assert.deepEqual(results.codes, Array(4).fill(['UNSUPPORTED_CLIENT', version]));
      assert.equal(results.calls, 0);
      await context.close();
    });
  }

  test('no JS-SDK on the page: NO_JSSDK', async () => {
    const { page, context } = await openGlue(UA.wechat8, '?nojssdk');
    const code = await page.evaluate(() => window.wxcard.addCard({ cardId: 'p', cardExt: '{}' }).catch((e) => e.code));
    assert.equal(code, 'NO_JSSDK');
    await context.close();
  });

  test('concurrent init() calls share one load', async () => {
    const { page, context } = await openGlue(UA.desktopChrome);
    const same = await page.evaluate(() => window.wxcard.init() === window.wxcard.init());
    assert.equal(same, true);
    await context.close();
  });
});
