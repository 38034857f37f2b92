import type { Diagnosis } from './full.js';

/** The error codes of the Rust core (src/error.rs), for bad input. */
export type CoreErrorCode =
  | 'MISSING'
  | 'SURROUNDING_WHITESPACE'
  | 'CONTROL_CHARACTER'
  | 'CODE_TOO_LONG'
  | 'NONCE_TOO_LONG'
  | 'OUTER_STR_TOO_LONG'
  | 'VALUE_TOO_LONG'
  | 'TIMESTAMP_NOT_DIGITS'
  | 'TIMESTAMP_IN_MILLISECONDS'
  | 'URL_NOT_HTTP'
  | 'CARD_TYPE_INVALID'
  | 'SIGNATURE_MALFORMED'
  | 'CARD_EXT_NOT_JSON'
  | 'RANDOM_UNAVAILABLE'
  | 'WRONG_TYPE'
  | 'TOO_LONG'
  | 'NOT_ONE_OF'
  | 'WRONG_JSON_TYPE'
  | 'QUOTED_NUMBER'
  | 'QUOTED_BOOLEAN'
  | 'OUT_OF_RANGE'
  | 'TOO_MANY_ITEMS'
  | 'CONFLICT'
  | 'NOT_UPLOADED_IMAGE'
  | 'DATE_INFO_MISMATCH'
  | 'UNKNOWN_FIELD'
  | 'NOT_UPDATABLE'
  | 'DUPLICATE_KEY'
  | 'INVALID_JSON'
  | 'DATE_FORMAT'
  | 'DATE_RANGE'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_NOT_JPEG'
  | 'NOT_CHECKED'
  | 'COUPON_CREATION_CLOSED'
  | 'PUSH_SIGNATURE_MISMATCH'
  | 'PUSH_NOT_ENCRYPTED'
  | 'AES_KEY_INVALID'
  | 'DECRYPT_FAILED'
  | 'APPID_MISMATCH'
  | 'XML_INVALID'
  | 'XML_DTD_REFUSED'
  | 'BODY_TOO_LARGE'
  | 'PUSH_STALE'
  | 'URL_TOO_LONG'
  | 'API_PATH_FORMAT'
  | 'PAY_KEY_INVALID'
  | 'STOCK_ID_INVALID'
  | 'OUT_REQUEST_NO_INVALID'
  | 'MERCHANT_ID_INVALID'
  | 'OPEN_ID_INVALID'
  | 'COUPON_CODE_INVALID';

/** The codes only the JavaScript glue raises (pkg/core.js `GLUE_CODES`). */
export type GlueErrorCode =
  | 'NOT_INITIALIZED'
  | 'WASM_UNAVAILABLE'
  | 'NO_JSSDK'
  | 'UNSUPPORTED_CLIENT'
  | 'CANCELLED'
  | 'FAILED'
  | 'CONFIG_FAILED'
  | 'CONFIG_TIMEOUT'
  | 'NOT_CONFIGURED'
  | 'SIGNING_FAILED'
  | 'CARD_EXT_NOT_STRING';

/** Every code a WxCardError carries. */
export type WxCardErrorCode = CoreErrorCode | GlueErrorCode;

/** An error with a stable machine `code` and the `field` it concerns. */
export class WxCardError extends Error {
  constructor(code: WxCardErrorCode, field: string | null | undefined, message: string, details?: Record<string, unknown>);
  readonly name: 'WxCardError';
  /** e.g. `CODE_TOO_LONG`, `UNSUPPORTED_CLIENT`, `CANCELLED`, `FAILED`, `NO_JSSDK`. */
  readonly code: WxCardErrorCode;
  /** The input field as WeChat's documents name it (`api_ticket`, `card_ext`, `user_agent`, ...), or null. */
  readonly field: string | null;
  /** In a batch, the position of the bad item. */
  item?: number;
  /** WeChat's own errMsg, for `CANCELLED`, `FAILED` and `CONFIG_FAILED`. */
  readonly errMsg?: string;
  /** For `UNSUPPORTED_CLIENT`: the WeChat version found, or null outside WeChat. */
  readonly version?: string | null;
  /** For `UNSUPPORTED_CLIENT`: the whole parsed user agent (absent when the wasm cannot run). */
  readonly userAgent?: UserAgent;
  /** For `CONFIG_FAILED`: the URL WeChat checks on this phone (see `signingUrl()`). */
  readonly url?: string;
  /** For `CONFIG_FAILED`: which URL that is. */
  readonly urlKind?: SigningUrlKind;
  /** For `CONFIG_FAILED`: every URL a signature was made for, in order (two after a retry). */
  readonly tried?: string[];
  /** For `CONFIG_FAILED` with `options.diagnose`: the server's diagnosis of what was sent. */
  readonly diagnosis?: Diagnosis;
  /** For `CONFIG_FAILED` with `options.diagnose`: why no diagnosis came back. */
  readonly diagnosisError?: string;
  /** For `CONFIG_FAILED`: why the retry with the other URL could not be signed (WeChat's verdict on the first try stays the error). */
  readonly retryError?: unknown;
  /** For `SIGNING_FAILED`: the endpoint's HTTP status (0 when it did not answer). */
  readonly status?: number;
  /** For `SIGNING_FAILED`: the endpoint's JSON answer (`{code, message}`), or null. */
  readonly reason?: unknown;
}

/** Where the wasm comes from: a URL, a fetch Response, its bytes, or a compiled module. */
export type WasmSource = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * What `init()` found. `wasm` false: there is no WebAssembly here (iOS Lockdown Mode), or the
 * wasm did not load or compile; `error` (`WASM_UNAVAILABLE`) says why. The card APIs and
 * `configure()` work either way; the user agent and redirect functions and `signingUrl()` then
 * throw `error`'s code.
 */
export interface Loaded {
  wasm: boolean;
  error?: WxCardError;
}

/**
 * Loads the wasm once; concurrent calls share one load. Resolves also when the wasm cannot run
 * here (see `Loaded`); a wasm that could not be fetched is fetched again at the next call.
 */
export function init(source?: WasmSource | Promise<Response>): Promise<Loaded>;
/** Loads the wasm from its bytes, synchronously (Node: `initSync(readFileSync(...))`). */
export function initSync(bytes: BufferSource | WebAssembly.Module): void;

export type Platform = 'ios' | 'android' | 'windows' | 'mac' | 'harmony' | 'other';

export interface UserAgent {
  /** The WeChat app (not WeCom). */
  isWeChat: boolean;
  /** WeCom (企业微信), which has no cards. */
  isWeCom: boolean;
  /** A mini-program web-view. */
  isMiniProgram: boolean;
  platform: Platform;
  /** e.g. "8.0.22" or "6.5.7.1041"; null outside WeChat. */
  version: string | null;
  /** WeChat app at 6.0.2 or later, compared numerically. */
  supportsCards: boolean;
}

export function parseUserAgent(userAgent: string): UserAgent;
export function supportsCards(userAgent: string): boolean;

/** The parameters WeChat appends to a card's custom URL. */
export interface CardRedirect {
  /** Still encrypted: send it to your server for card/code/decrypt. `+` is kept. */
  encryptCode: string;
  cardId: string;
  openid: string | null;
  /** Member cards only. */
  outerStr: string | null;
  /** A member card's activation page (one-click activation): send it to your server for
   * card/membercard/activatetempinfo/get. `+` is kept. */
  activateTicket: string | null;
  /** The URL without these parameters (activate_ticket included). */
  strippedUrl: string;
}

export function parseCardRedirect(url: string): CardRedirect | null;
export function stripCardParams(url: string): string;

/** The signature part of wx.config, as the server's endpoint returns it. */
export interface SignedJsapiConfig {
  appId: string;
  /** Unix seconds (a number; digits in a string are taken too). */
  timestamp: number | string;
  nonceStr: string;
  signature: string;
}

/** One entry of wx.addCard's cardList, as the server signs it. */
export interface CardItem {
  cardId: string;
  /** A JSON **string** (never an object). */
  cardExt: string;
}

export interface AddedCard {
  cardId: string;
  cardExt: string;
  isSuccess: boolean;
}

/** What a page passes to wx.chooseCard, as the server signs it. */
export interface ChooseCardCall {
  shopId?: string;
  cardType?: string;
  cardId?: string;
  timestamp: number | string;
  nonceStr: string;
  signType?: 'SHA1';
  cardSign: string;
}

export interface ChosenCard {
  cardId: string;
  /** Decrypt on the server (card/code/decrypt) before use. */
  encryptCode: string;
}

export interface OpenCardItem {
  cardId: string;
  /** The decrypted code. */
  code: string;
}

export type CardJsApi = 'addCard' | 'chooseCard' | 'openCard' | 'consumeAndShareCard' | (string & {});

/** Uses this JS-SDK object instead of window.wx (e.g. `import wx from 'weixin-js-sdk'`). */
export function useWx(wx: unknown): void;

/** `landing`: the URL the page was entered with (what iOS WeChat checks); `current`: location.href (Android). */
export type SigningUrlKind = 'landing' | 'current';

/**
 * The URL WeChat checks the wx.config signature against right now, without its #fragment: on
 * iOS the URL the page was entered with (also after pushState), elsewhere the current one. Needs
 * `init()` and the wasm (else WASM_UNAVAILABLE); import wxcard before the router changes the URL.
 */
export function signingUrl(): string;

/**
 * Where configure() gets its signature: the signed object, a function that signs the URL it is
 * given, or the URL of a server endpoint answering `POST {url}` with the signed object.
 */
export type SigningSource = SignedJsapiConfig | ((url: string) => SignedJsapiConfig | Promise<SignedJsapiConfig>) | string;

export interface ConfigureOptions {
  /** Default: addCard, chooseCard, openCard, consumeAndShareCard. */
  jsApiList?: CardJsApi[];
  debug?: boolean;
  /** An endpoint answering `POST {url, landingUrl, appId, timestamp, nonceStr, signature, userAgent}` with a Diagnosis: attached to a CONFIG_FAILED error as `diagnosis`. */
  diagnose?: string;
  /** How long to wait, in ms, for WeChat's verdict (then CONFIG_TIMEOUT) and for each endpoint answer (then SIGNING_FAILED, or `diagnosisError`). Default 10000. */
  timeout?: number;
}

/** Which URL WeChat accepted. */
export interface Configured {
  url: string;
  urlKind: SigningUrlKind;
  /** The first URL was refused and the other one, signed again, was accepted. */
  retried: boolean;
}

/**
 * wx.config, resolved or rejected on WeChat's verdict on this very config (also on a second
 * configure of the page). With a function or an endpoint, an "invalid signature" is retried once
 * with the other URL (landing or current). Without the wasm, the current URL is signed first. Rejects with UNSUPPORTED_CLIENT, NO_JSSDK, MISSING,
 * SIGNING_FAILED, CONFIG_FAILED or CONFIG_TIMEOUT, or with what the caller's own signer threw.
 */
export function configure(source: SigningSource, options?: ConfigureOptions): Promise<Configured>;
/** The earlier form: `configure(signed, jsApiList, { debug })`. */
export function configure(signed: SignedJsapiConfig, jsApiList: CardJsApi[], options?: { debug?: boolean }): Promise<Configured>;
/**
 * wx.addCard. Rejects with CANCELLED, FAILED, UNSUPPORTED_CLIENT, NO_JSSDK, NOT_CONFIGURED or
 * CARD_EXT_NOT_STRING. Without the wasm (`init()` answered `wasm: false`), the card APIs and
 * configure() leave the version check to WeChat, and refuse at once only outside WeChat.
 */
export function addCard(items: CardItem | CardItem[]): Promise<AddedCard[]>;
/** wx.chooseCard; the JSON string WeChat returns is parsed for you. */
export function chooseCard(params: ChooseCardCall): Promise<ChosenCard[]>;
/** wx.openCard for cards the user holds. */
export function openCard(cards: OpenCardItem | OpenCardItem[]): Promise<void>;
/** wx.consumeAndShareCard: after the user used a card, offers them one to give to friends (朋友的券). */
export function consumeAndShareCard(card: OpenCardItem): Promise<void>;
/** Reads location.href; with `clean`, replaces the address bar with the stripped URL. */
export function readCardRedirect(options?: { clean?: boolean }): Promise<CardRedirect | null>;
