// @ts-check
// wxcard with signing, verification and diagnosis: for Node, edge workers and the offline
// debugger page. A production H5 page gets its signatures from its server and never holds an
// api_ticket or jsapi_ticket; it imports 'wxcard' instead.
//
// Every function passes its argument object, as JSON, to the wasm export of the same name, which
// reads it into the crate's own input type and answers the object documented in full.d.ts
// (src/exports.rs).
import * as wasm from './wasm-full/wxcard.js';
import { WxCardError, coreApi, createLoader, h5Api } from './core.js';

/** @typedef {typeof import('./full.js')} Full */

const loader = createLoader(wasm, new URL('./wasm-full/wxcard_bg.wasm', import.meta.url));
const core = coreApi(loader);
const h5 = h5Api(core, loader);
const { invoke } = loader;

export { WxCardError };
export const { init, initSync } = loader;
export const { parseUserAgent, supportsCards, parseCardRedirect, stripCardParams } = core;
export const { useWx, signingUrl, configure, addCard, chooseCard, openCard, consumeAndShareCard, readCardRedirect } = h5;

/** @type {Full['signCardExt']} */
export const signCardExt = (card) => invoke('signCardExt', card);
/** @type {Full['signCardExtBatch']} */
export const signCardExtBatch = (batch) => invoke('signCardExtBatch', batch);
/** @type {Full['verifyCardExt']} */
export const verifyCardExt = (args) => invoke('verifyCardExt', args).valid;
/** @type {Full['signChooseCard']} */
export const signChooseCard = (args) => invoke('signChooseCard', args);
/** @type {Full['verifyChooseCard']} */
export const verifyChooseCard = (args) => invoke('verifyChooseCard', args).valid;
/** @type {Full['signJsapiConfig']} */
export const signJsapiConfig = (args) => invoke('signJsapiConfig', args);
/** @type {Full['verifyJsapiConfig']} */
export const verifyJsapiConfig = (args) => invoke('verifyJsapiConfig', args).valid;
/** @type {Full['sortedSha1']} */
export const sortedSha1 = (values) => invoke('sortedSha1', { values });
/** @type {Full['generateNonce']} */
export const generateNonce = () => invoke('generateNonce', {}).nonceStr;
/** @type {Full['diagnoseCardExt']} */
export const diagnoseCardExt = (args) => invoke('diagnoseCardExt', args);
/** @type {Full['diagnoseChooseCard']} */
export const diagnoseChooseCard = (args) => invoke('diagnoseChooseCard', args);
/** @type {Full['diagnoseJsapiConfig']} */
export const diagnoseJsapiConfig = (args) => invoke('diagnoseJsapiConfig', args);
/** @type {Full['explainErrcode']} */
export const explainErrcode = (errcode) => invoke('explainErrcode', { errcode });
/** @type {Full['validateCardJson']} */
// An object is stringified here, so that its problems come in its own key order.
export const validateCardJson = (card) => invoke('validateCardJson', { card: typeof card === 'string' ? card : JSON.stringify(card) });
/** @type {Full['checkDatacubeDates']} */
export const checkDatacubeDates = (beginDate, endDate) => {
  invoke('checkDatacubeDates', { beginDate, endDate });
};
/**
 * Every error code of the Rust core and every finding code, with their meaning (for tools and
 * for the test that keeps the TypeScript unions complete).
 * @type {Full['codes']}
 */
export const codes = () => invoke('codes', {});
/** @type {Full['symptoms']} */
export const symptoms = (args = {}) => invoke('symptoms', args);
/** @type {Full['diagnosePushUrl']} */
export const diagnosePushUrl = (args) => invoke('diagnosePushUrl', args);
/** @type {Full['signBusifavorH5']} */
export const signBusifavorH5 = (args) => invoke('signBusifavorH5', args);
/** @type {Full['signBusifavorPlugin']} */
export const signBusifavorPlugin = (args) => invoke('signBusifavorPlugin', args);
/** @type {Full['signBusifavorAddCard']} */
export const signBusifavorAddCard = (args) => invoke('signBusifavorAddCard', args);
/** @type {Full['diagnoseBusifavor']} */
export const diagnoseBusifavor = (args) => invoke('diagnoseBusifavor', args);
/** @type {Full['explainPayResult']} */
export const explainPayResult = (code) => invoke('explainPayResult', { code });
