// The page a merchant writes, as README.md's "The npm package in a page" shows, built by each
// app's bundler: the JS-SDK from npm, wxcard's wasm loaded by init(), a wx.config signed by the
// server, and the cards of one wx.addCard. The outcome is left in window.__wxcard for the check.
import wx from 'weixin-js-sdk';
import { init, useWx, parseUserAgent, configure, addCard } from 'wxcard';

const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' } }).then((r) => r.json());

async function main() {
  useWx(wx);
  await init();
  const ua = parseUserAgent(navigator.userAgent);
  const config = await configure('/api/jsapi-config');
  const { cardList } = await post('/api/card-ext', { cards: [{ cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk' }] });
  const added = await addCard(cardList);
  return { supportsCards: ua.supportsCards, version: ua.version, urlKind: config.urlKind, added };
}

window.__wxcard = main().then(
  (result) => ({ ok: true, ...result }),
  (e) => ({ ok: false, code: e && e.code, message: String((e && e.message) || e) }),
);
