/* tslint:disable */
/* eslint-disable */

/**
 * Explains what is wrong with a `{cardId, cardExt}`; JSON text `{ok, expectedSignature,
 * findings: [{code, severity, field, messageEn, messageZh}]}`.
 */
export function diagnoseCardExt(card_id: string, card_ext: string, api_ticket: string | null | undefined, now_: string): string;

/**
 * Explains what is wrong with a wx.chooseCard call.
 */
export function diagnoseChooseCard(app_id: string, shop_id: string, card_type: string, card_id: string, timestamp: string, nonce_str: string, sign_type: string, card_sign: string, api_ticket: string | null | undefined, now_: string): string;

/**
 * Explains a WeChat errcode: JSON text `{code, errmsg, meaningZh, meaningEn, fixZh, fixEn}`,
 * or `undefined`.
 */
export function explainErrcode(code: number): string | undefined;

/**
 * A fresh random nonce_str (crypto.getRandomValues).
 */
export function generateNonce(): string;

/**
 * Reads the card parameters of a redirect URL; `{encryptCode, cardId, openid, outerStr,
 * strippedUrl}` as JSON text, or `undefined`.
 */
export function parseCardRedirect(url: string): string | undefined;

/**
 * Reads a user agent; returns `{isWeChat, isWeCom, isMiniProgram, platform, version,
 * supportsCards}` as JSON text.
 */
export function parseUserAgent(ua: string): string;

/**
 * Signs one card for `wx.addCard` and returns its cardExt (JSON text).
 */
export function signCardExt(api_ticket_: string, card_id: string, code: string, openid: string, timestamp: string, nonce_str: string | null | undefined, fixed_begintimestamp: string, outer_str: string): string;

/**
 * Signs `wx.chooseCard`; returns its parameters as JSON text.
 */
export function signChooseCard(api_ticket_: string, app_id: string, shop_id: string, card_type: string, card_id: string, timestamp: string, nonce_str?: string | null): string;

/**
 * Signs `wx.config`; returns `{appId, timestamp, nonceStr, signature}` as JSON text.
 */
export function signJsapiConfig(jsapi_ticket: string, app_id: string, url: string, timestamp: string, nonce_str?: string | null): string;

/**
 * The signature primitive over any strings; returns `{sorted, signature}` as JSON text so a page
 * can show each step. Empty strings are left out.
 */
export function sortedSha1(values: string[]): string;

/**
 * The URL without the card parameters.
 */
export function stripCardParams(url: string): string;

/**
 * True inside WeChat 6.0.2 or later.
 */
export function supportsCards(ua: string): boolean;

/**
 * Checks a card_ext against the ticket.
 */
export function verifyCardExt(api_ticket_: string, card_id: string, card_ext: string): boolean;

/**
 * Checks a cardSign.
 */
export function verifyChooseCard(api_ticket_: string, app_id: string, shop_id: string, card_type: string, card_id: string, timestamp: string, nonce_str: string, card_sign: string): boolean;

/**
 * Checks a wx.config signature.
 */
export function verifyJsapiConfig(jsapi_ticket: string, url: string, timestamp: string, nonce_str: string, signature: string): boolean;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly diagnoseCardExt: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => [number, number, number, number];
    readonly diagnoseChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number, q: number, r: number, s: number, t: number) => [number, number, number, number];
    readonly explainErrcode: (a: number) => [number, number];
    readonly generateNonce: () => [number, number, number, number];
    readonly parseCardRedirect: (a: number, b: number) => [number, number];
    readonly parseUserAgent: (a: number, b: number) => [number, number];
    readonly signCardExt: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number) => [number, number, number, number];
    readonly signChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number) => [number, number, number, number];
    readonly signJsapiConfig: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
    readonly sortedSha1: (a: number, b: number) => [number, number];
    readonly stripCardParams: (a: number, b: number) => [number, number];
    readonly supportsCards: (a: number, b: number) => number;
    readonly verifyCardExt: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number];
    readonly verifyChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number) => [number, number, number];
    readonly verifyJsapiConfig: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __externref_drop_slice: (a: number, b: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
