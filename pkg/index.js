// @ts-check
// wxcard for H5 pages: the WeChat version gate, card redirect parameters, and promise wrappers
// over the official JS-SDK. Signatures come from your server (see wxcard/full for signing).
import * as wasm from './wasm/wxcard.js';
import { WxCardError, coreApi, createLoader, h5Api } from './core.js';

const loader = createLoader(wasm, new URL('./wasm/wxcard_bg.wasm', import.meta.url));
const core = coreApi(loader);
const h5 = h5Api(core, loader);

export { WxCardError };
export const { init, initSync } = loader;
export const { parseUserAgent, supportsCards, parseCardRedirect, stripCardParams } = core;
export const { useWx, signingUrl, configure, addCard, chooseCard, openCard, consumeAndShareCard, readCardRedirect } = h5;
