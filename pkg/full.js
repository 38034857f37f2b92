// wxcard with signing, verification and diagnosis: for Node, edge workers and the offline
// debugger page. A production H5 page gets its signatures from its server and never holds an
// api_ticket or jsapi_ticket; it imports 'wxcard' instead.
import wasmInit, { initSync as wasmInitSync } from './wasm-full/wxcard.js';
import * as raw from './wasm-full/wxcard.js';
import { WxCardError, call, coreApi, createLoader, h5Api, text } from './core.js';

const loader = createLoader(wasmInit, wasmInitSync);
const ensure = loader.ensure;
const core = coreApi(raw, ensure);
const h5 = h5Api(core, loader.init);

export { WxCardError };
export const { init, initSync } = loader;
export const { parseUserAgent, supportsCards, parseCardRedirect, stripCardParams } = core;
export const { useWx, configure, addCard, chooseCard, openCard, readCardRedirect } = h5;

const now = () => String(Math.floor(Date.now() / 1000));

function input(value, name) {
  if (!value || typeof value !== 'object') throw new WxCardError('WRONG_TYPE', 'input', `${name} takes an object (WRONG_TYPE)`);
  return value;
}

// undefined: draw a random nonce; a string (even empty) is used as given.
const nonce = (v) => (v === undefined || v === null ? undefined : text(v, 'nonce_str'));

/** Signs one card for wx.addCard: returns `{cardId, cardExt}` (cardExt is a JSON string). */
export function signCardExt(card) {
  ensure();
  const c = input(card, 'signCardExt');
  const cardId = text(c.cardId, 'card_id');
  const cardExt = call(
    raw.signCardExt,
    text(c.apiTicket, 'api_ticket'),
    cardId,
    text(c.code, 'code'),
    text(c.openid, 'openid'),
    text(c.timestamp, 'timestamp') || now(),
    nonce(c.nonceStr),
    text(c.fixedBeginTimestamp, 'fixed_begintimestamp'),
    text(c.outerStr, 'outer_str'),
  );
  return { cardId, cardExt };
}

/** Signs several cards with one timestamp: `{apiTicket, cards: [...]}` -> `[{cardId, cardExt}]`. */
export function signCardExtBatch(batch) {
  const { apiTicket, cards, timestamp = now() } = input(batch, 'signCardExtBatch');
  if (!Array.isArray(cards) || cards.length === 0) throw new WxCardError('MISSING', 'cards', 'cards must be a non-empty array (MISSING)');
  return cards.map((card, item) => {
    try {
      return signCardExt({ timestamp, ...input(card, 'signCardExtBatch'), apiTicket });
    } catch (e) {
      if (e instanceof WxCardError) e.item = item;
      throw e;
    }
  });
}

/** Checks a `{apiTicket, cardId, cardExt}`. */
export function verifyCardExt(args) {
  ensure();
  const a = input(args, 'verifyCardExt');
  if (typeof a.cardExt !== 'string') throw new WxCardError('CARD_EXT_NOT_JSON', 'card_ext', 'card_ext must be a JSON object in a string (CARD_EXT_NOT_JSON)');
  return call(raw.verifyCardExt, text(a.apiTicket, 'api_ticket'), text(a.cardId, 'card_id'), a.cardExt);
}

// The ticket and the filters wx.chooseCard signs, in the wasm exports' order.
const chooseFields = (a) => [
  text(a.apiTicket, 'api_ticket'),
  text(a.appId, 'app_id'),
  text(a.shopId, 'shop_id'),
  text(a.cardType, 'card_type'),
  text(a.cardId, 'card_id'),
];

/** Signs wx.chooseCard: `{apiTicket, appId, shopId?, cardType?, cardId?, timestamp?, nonceStr?}`. */
export function signChooseCard(args) {
  ensure();
  const a = input(args, 'signChooseCard');
  return JSON.parse(call(raw.signChooseCard, ...chooseFields(a), text(a.timestamp, 'timestamp') || now(), nonce(a.nonceStr)));
}

/** Checks a cardSign: the signChooseCard input plus `timestamp`, `nonceStr` and `cardSign`. */
export function verifyChooseCard(args) {
  ensure();
  const a = input(args, 'verifyChooseCard');
  return call(raw.verifyChooseCard, ...chooseFields(a), text(a.timestamp, 'timestamp'), text(a.nonceStr, 'nonce_str'), text(a.cardSign, 'card_sign'));
}

/** Signs wx.config: `{jsapiTicket, appId, url, timestamp?, nonceStr?}` -> `{appId, timestamp, nonceStr, signature}`. */
export function signJsapiConfig(args) {
  ensure();
  const a = input(args, 'signJsapiConfig');
  return JSON.parse(call(
    raw.signJsapiConfig,
    text(a.jsapiTicket, 'jsapi_ticket'),
    text(a.appId, 'app_id'),
    text(a.url, 'url'),
    text(a.timestamp, 'timestamp') || now(),
    nonce(a.nonceStr),
  ));
}

/** Checks a wx.config signature: `{jsapiTicket, url, timestamp, nonceStr, signature}`. */
export function verifyJsapiConfig(args) {
  ensure();
  const a = input(args, 'verifyJsapiConfig');
  return call(
    raw.verifyJsapiConfig,
    text(a.jsapiTicket, 'jsapi_ticket'),
    text(a.url, 'url'),
    text(a.timestamp, 'timestamp'),
    text(a.nonceStr, 'nonce_str'),
    text(a.signature, 'signature'),
  );
}

/** The card signature primitive: `{sorted, signature}` of any strings (empty ones left out). */
export function sortedSha1(values) {
  ensure();
  if (!Array.isArray(values)) throw new WxCardError('WRONG_TYPE', 'values', 'values must be an array of strings (WRONG_TYPE)');
  return JSON.parse(raw.sortedSha1(values.map((v) => text(v, 'values'))));
}

/** A fresh 16-character nonce_str from crypto.getRandomValues. */
export function generateNonce() {
  ensure();
  return call(raw.generateNonce);
}

// What the page passed, as WeChat's bridge would see it: an object becomes "[object Object]".
const asPassed = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** Why a `{cardId, cardExt}` fails: `{ok, expectedSignature, findings}`, most likely cause first. */
export function diagnoseCardExt(args) {
  ensure();
  const a = input(args, 'diagnoseCardExt');
  const ticket = a.apiTicket ? text(a.apiTicket, 'api_ticket') : undefined;
  return JSON.parse(call(raw.diagnoseCardExt, asPassed(a.cardId), asPassed(a.cardExt), ticket, text(a.now, 'now')));
}

/** Why a wx.chooseCard call fails: its parameters plus `appId`, `apiTicket?`, `now?`. */
export function diagnoseChooseCard(args) {
  ensure();
  const a = input(args, 'diagnoseChooseCard');
  const ticket = a.apiTicket ? text(a.apiTicket, 'api_ticket') : undefined;
  return JSON.parse(call(
    raw.diagnoseChooseCard,
    asPassed(a.appId),
    asPassed(a.shopId),
    asPassed(a.cardType),
    asPassed(a.cardId),
    asPassed(a.timestamp),
    asPassed(a.nonceStr),
    a.signType === undefined ? 'SHA1' : asPassed(a.signType),
    asPassed(a.cardSign),
    ticket,
    text(a.now, 'now'),
  ));
}

/** What a WeChat errcode means and what to do, in Chinese and English; null when unknown. */
export function explainErrcode(errcode) {
  ensure();
  const n = Number(errcode);
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) return null;
  const json = raw.explainErrcode(n);
  return json === undefined ? null : JSON.parse(json);
}

/**
 * Checks a card/create or card/update body before WeChat answers 40053 or 47001: `{ok, document,
 * cardType, problems: [{severity, path, code, message, detail, errcode}]}`, in document order.
 * Takes the JSON text, or an object (stringified first).
 */
export function validateCardJson(card) {
  ensure();
  const json = typeof card === 'string' ? card : JSON.stringify(card);
  if (typeof json !== 'string') throw new WxCardError('WRONG_TYPE', 'card', 'validateCardJson takes JSON text or an object (WRONG_TYPE)');
  return JSON.parse(raw.validateCardJson(json));
}

/** Checks datacube dates (`YYYY-MM-DD`, at most 62 days); throws DATE_FORMAT or DATE_RANGE. */
export function checkDatacubeDates(beginDate, endDate) {
  ensure();
  call(raw.checkDatacubeDates, text(beginDate, 'begin_date'), text(endDate, 'end_date'));
}
