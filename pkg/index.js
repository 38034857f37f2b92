// wxcard for H5 pages: the WeChat version gate, card redirect parameters, and promise wrappers
// over the official JS-SDK. Signatures come from your server (see wxcard/full for signing).
import wasmInit, { initSync as wasmInitSync } from './wasm/wxcard.js';
import * as raw from './wasm/wxcard.js';
import { WxCardError, coreApi, createLoader, h5Api } from './core.js';

const loader = createLoader(wasmInit, wasmInitSync);
const core = coreApi(raw, loader.ensure);
const h5 = h5Api(core, loader.init);

export { WxCardError };
export const { init, initSync } = loader;
export const { parseUserAgent, supportsCards, parseCardRedirect, stripCardParams } = core;
export const { useWx, configure, addCard, chooseCard, openCard, readCardRedirect } = h5;
