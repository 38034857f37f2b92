export * from './index.js';
import type { CoreErrorCode, SignedJsapiConfig } from './index.js';

/** The codes of diagnosis findings (src/diagnose/findings.rs). */
export type FindingCode =
  | 'CARD_EXT_EMPTY'
  | 'CARD_EXT_NOT_STRING'
  | 'CARD_EXT_DOUBLE_ENCODED'
  | 'CARD_EXT_NOT_JSON'
  | 'CARD_EXT_NOT_OBJECT'
  | 'CARD_ID_MISSING'
  | 'CARD_ID_IN_CARD_EXT'
  | 'CARD_EXT_CAMEL_CASE_KEY'
  | 'CARD_EXT_UNKNOWN_KEY'
  | 'CARD_EXT_DUPLICATE_KEY'
  | 'CARD_EXT_VALUE_NOT_STRING'
  | 'VALUE_SURROUNDING_WHITESPACE'
  | 'VALUE_CONTROL_CHARACTER'
  | 'TIMESTAMP_MISSING'
  | 'TIMESTAMP_NOT_SECONDS'
  | 'TIMESTAMP_IN_MILLISECONDS'
  | 'TIMESTAMP_NOT_STRING'
  | 'TIMESTAMP_FAR_FROM_NOW'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_UPPERCASE'
  | 'SIGNATURE_MALFORMED'
  | 'CODE_TOO_LONG'
  | 'OUTER_STR_TOO_LONG'
  | 'FIXED_BEGINTIMESTAMP_NOT_NUMBER'
  | 'NONCE_STR_ABSENT'
  | 'MISTAKE_NONCE_NOT_IN_CARD_EXT'
  | 'TICKET_SURROUNDING_WHITESPACE'
  | 'SIGNATURE_OK'
  | 'MISTAKE_UPPERCASE_HEX'
  | 'MISTAKE_UNSORTED'
  | 'MISTAKE_CASE_INSENSITIVE_SORT'
  | 'MISTAKE_KEY_VALUE_PAIRS'
  | 'MISTAKE_SEPARATOR'
  | 'MISTAKE_TICKET_WHITESPACE'
  | 'MISTAKE_TICKET_NOT_SIGNED'
  | 'MISTAKE_CARD_ID_NOT_SIGNED'
  | 'MISTAKE_CODE_NOT_SIGNED'
  | 'MISTAKE_OPENID_NOT_SIGNED'
  | 'MISTAKE_NONCE_NOT_SIGNED'
  | 'MISTAKE_OUTER_STR_SIGNED'
  | 'MISTAKE_FIXED_BEGINTIMESTAMP_SIGNED'
  | 'MISTAKE_UNDEFINED_SIGNED'
  | 'MISTAKE_TIMESTAMP_DIFFERS'
  | 'MISTAKE_TIMESTAMP_MILLISECONDS_SIGNED'
  | 'MISTAKE_APP_ID_NOT_SIGNED'
  | 'SIGNATURE_MISMATCH'
  | 'TICKET_NOT_GIVEN'
  | 'APP_ID_NOT_GIVEN'
  | 'SIGN_TYPE_NOT_SHA1'
  | 'NONCE_STR_MISSING'
  | 'CARD_TYPE_INVALID'
  | 'APP_ID_MALFORMED'
  | 'URL_NOT_ABSOLUTE'
  | 'URL_HAS_FRAGMENT'
  | 'JSAPI_TICKET_NOT_GIVEN'
  | 'CONFIG_SIGNATURE_OK'
  | 'CONFIG_SIGNATURE_MISMATCH'
  | 'MISTAKE_URL_FRAGMENT'
  | 'MISTAKE_URL_ENCODED'
  | 'MISTAKE_HTML_ESCAPED_URL'
  | 'MISTAKE_WRONG_URL'
  | 'MISTAKE_URL_SCHEME'
  | 'MISTAKE_CARD_TICKET'
  | 'MISTAKE_KEY_CASE'
  | 'MISTAKE_UNSORTED_KEYS'
  | 'MISTAKE_OTHER_TIMESTAMP'
  | 'PUSH_TOKEN_MISSING'
  | 'PUSH_TOKEN_MALFORMED'
  | 'PUSH_SIGNATURE_OK'
  | 'PUSH_TOKEN_DIFFERS'
  | 'MSG_SIGNATURE_OK'
  | 'MSG_SIGNATURE_MISMATCH'
  | 'PUSH_COMPUTED_UNEXPLAINED'
  | 'MISTAKE_TOKEN_WHITESPACE'
  | 'MISTAKE_ECHOSTR_SIGNED'
  | 'MISTAKE_PUSH_KEY_VALUE_PAIRS'
  | 'MISTAKE_SHA256'
  | 'MISTAKE_SIGNATURE_KIND'
  | 'MISTAKE_ENCRYPT_PLUS_AS_SPACE'
  | 'AES_KEY_PADDED'
  | 'AES_KEY_LENGTH'
  | 'PUSH_DECRYPT_OK'
  | 'PUSH_DECRYPT_FAILED'
  | 'PUSH_APPID_MISMATCH'
  | 'AES_KEY_NOT_BASE64'
  | 'URL_TOO_LONG'
  | 'MISTAKE_URL_TRUNCATED'
  | 'MISTAKE_URL_DECODED'
  | 'SIGNED_LANDING_URL'
  | 'PUSH_ENCRYPT_MISSING'
  | 'MISTAKE_SHARE_PARAMS_NOT_SIGNED'
  | 'MISTAKE_OAUTH_PARAMS_NOT_SIGNED'
  | 'MISTAKE_NONCESTR_KEY_CASE'
  | 'MISTAKE_TIMESTAMP_KEY_CASE'
  | 'SIGNED_URL_SCHEME_DIFFERS'
  | 'SIGNED_URL_HOST_DIFFERS'
  | 'SIGNED_URL_PORT_DIFFERS'
  | 'SIGNED_URL_PATH_DIFFERS'
  | 'SIGNED_URL_QUERY_DIFFERS'
  | 'REAL_AUTH_URL_DIFFERS'
  | 'PAY_KEY_NOT_GIVEN'
  | 'PAY_KEY_INVALID'
  | 'PAY_SIGN_MISSING'
  | 'PAY_SIGN_LOWERCASE'
  | 'PAY_SIGN_MD5_LENGTH'
  | 'PAY_SIGN_MALFORMED'
  | 'PAY_URL_NOT_BUSIFAVOR'
  | 'PAY_URL_FRAGMENT_MISSING'
  | 'PAY_URL_OLD_FRAGMENT'
  | 'PAY_URL_VALUE_NOT_ENCODED'
  | 'PAY_URL_OPENID_NAME'
  | 'PAY_H5_VOUCHER'
  | 'PAY_STOCK_ID_INVALID'
  | 'PAY_OUT_REQUEST_NO_INVALID'
  | 'PAY_MERCHANT_INVALID'
  | 'PAY_OPEN_ID_INVALID'
  | 'PAY_COUPON_CODE_INVALID'
  | 'PAY_NO_COUPONS'
  | 'PAY_TOO_MANY_COUPONS'
  | 'PAY_TWO_MERCHANTS'
  | 'PAY_SIGN_OK'
  | 'PAY_SIGN_MISMATCH'
  | 'MISTAKE_PAY_MD5'
  | 'MISTAKE_PAY_LOWERCASE_HEX'
  | 'MISTAKE_PAY_KEY_NOT_APPENDED'
  | 'MISTAKE_PAY_KEY_NOT_HMAC_KEY'
  | 'MISTAKE_PAY_UNSORTED'
  | 'MISTAKE_PAY_UNINDEXED'
  | 'MISTAKE_PAY_OPENID_NAME'
  | 'MISTAKE_PAY_COUPON_CODE_NOT_SIGNED'
  | 'MISTAKE_PAY_COUPON_CODE_EXTRA'
  | 'MISTAKE_PAY_VALUE_ENCODED'
  | 'MISTAKE_PAY_SIGN_TYPE_SIGNED'
  | 'MISTAKE_PAY_APIV3_KEY';


/** Unix seconds: a number, or digits in a string. */
export type Seconds = number | string;

export interface CardExtInput {
  /** The card api_ticket (type=wx_card). A server secret: never ship it to a production page. */
  apiTicket: string;
  cardId: string;
  /** Custom code, at most 20 characters. */
  code?: string;
  openid?: string;
  /** Default: now. */
  timestamp?: Seconds;
  /** Default: 16 random letters and digits; "" sends none. */
  nonceStr?: string;
  /** DATE_TYPE_FIX_TERM start, not signed. */
  fixedBeginTimestamp?: Seconds;
  /** Scene value, not signed. */
  outerStr?: string;
}

export interface SignedCardItem {
  cardId: string;
  /** A JSON string: pass it to wx.addCard as is. */
  cardExt: string;
}

export function signCardExt(card: CardExtInput): SignedCardItem;
export function signCardExtBatch(batch: {
  apiTicket: string;
  timestamp?: Seconds;
  cards: Omit<CardExtInput, 'apiTicket'>[];
}): SignedCardItem[];
export function verifyCardExt(args: { apiTicket: string; cardId: string; cardExt: string }): boolean;

export interface ChooseCardInput {
  apiTicket: string;
  /** Required: without it WeChat returns an empty list. */
  appId: string;
  shopId?: string;
  cardType?: string;
  cardId?: string;
  timestamp?: Seconds;
  nonceStr?: string;
}

/** The parameters of wx.chooseCard, signed: pass them to `chooseCard` of the page. */
export interface SignedChooseCard {
  shopId: string;
  cardType: string;
  cardId: string;
  timestamp: number;
  nonceStr: string;
  signType: 'SHA1';
  cardSign: string;
}

export function signChooseCard(args: ChooseCardInput): SignedChooseCard;
export function verifyChooseCard(args: ChooseCardInput & { timestamp: Seconds; nonceStr: string; cardSign: string }): boolean;

export interface JsapiConfigInput {
  /** The jsapi_ticket (type=jsapi). A server secret. */
  jsapiTicket: string;
  appId: string;
  /** The page URL as the browser has it; the #fragment is dropped. */
  url: string;
  timestamp?: Seconds;
  nonceStr?: string;
}

export function signJsapiConfig(args: JsapiConfigInput): SignedJsapiConfig & { timestamp: number };
export function verifyJsapiConfig(args: { jsapiTicket: string; url: string; timestamp: Seconds; nonceStr: string; signature: string }): boolean;

/** The byte-sorted values and their SHA-1: the steps of every card signature. */
export function sortedSha1(values: string[]): { sorted: string[]; signature: string };
export function generateNonce(): string;

export interface Finding {
  /** Stable, e.g. MISTAKE_UNSORTED, TIMESTAMP_IN_MILLISECONDS. */
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  field: string;
  messageEn: string;
  messageZh: string;
}

export interface Diagnosis {
  /** No error-level finding. */
  ok: boolean;
  /** With a ticket: the signature the inputs should carry. */
  expectedSignature: string | null;
  /** Most likely cause first. */
  findings: Finding[];
}

export function diagnoseCardExt(args: { cardId: string; cardExt: unknown; apiTicket?: string; now?: Seconds }): Diagnosis;
export function diagnoseChooseCard(args: {
  appId?: string;
  shopId?: string;
  cardType?: string;
  cardId?: string;
  timestamp?: Seconds;
  nonceStr?: string;
  signType?: string;
  cardSign?: string;
  apiTicket?: string;
  now?: Seconds;
}): Diagnosis;

/**
 * Why wx.config answers "config:invalid signature": what the page passed and where it was. With
 * the jsapiTicket the signature is recomputed (for the URL WeChat checks on that phone: the
 * landing URL on iOS, the current one elsewhere) and the common mistakes replayed; with the card
 * apiTicket too, a config signed with the card ticket is recognised.
 */
export function diagnoseJsapiConfig(args: {
  url: string;
  landingUrl?: string;
  appId?: string;
  timestamp?: Seconds;
  nonceStr?: string;
  signature?: string;
  userAgent?: string;
  /** The URL the server says it signed (the `signedUrl` of POST /api/jsapi-config's answer). */
  signedUrl?: string;
  /** The URL WeChat says it checked (`realAuthUrl` of its error in debug mode). */
  realAuthUrl?: string;
  jsapiTicket?: string;
  apiTicket?: string;
  now?: Seconds;
}): Diagnosis;

/**
 * Why the console says "Token验证失败" or a push is refused: what WeChat sent to the server URL
 * (timestamp, nonce, signature, echostr; msgSignature and encrypt in safe mode) and the server's
 * token. With `computed`, the value the server's own check produced, the common mistakes of that
 * check are replayed (echostr signed, key=value pairs, unsorted, upper case, SHA-256, a token
 * with white space). `expectedSignature` is always null.
 */
export function diagnosePushUrl(args: {
  token: string;
  timestamp?: string;
  nonce?: string;
  signature?: string;
  echostr?: string;
  computed?: string;
  msgSignature?: string;
  encrypt?: string;
  encodingAesKey?: string;
  /** The appid the decrypted text must name (with encrypt and encodingAesKey). */
  appId?: string;
}): Diagnosis;

export interface Errcode {
  code: number;
  errmsg: string;
  meaningZh: string;
  meaningEn: string;
  fixZh: string;
  fixEn: string;
}

export function explainErrcode(errcode: number | string): Errcode | null;

export interface CardProblem {
  /** error: WeChat refuses the card; warning: probably a mistake; info: not checked further. */
  severity: 'error' | 'warning' | 'info';
  /** e.g. `card.groupon.base_info.title`, `cash.advanced_info.text_image_list[0].image_url`. */
  path: string;
  /** Stable: TOO_LONG, NOT_ONE_OF, QUOTED_NUMBER, QUOTED_BOOLEAN, DATE_INFO_MISMATCH, ... */
  code: CoreErrorCode;
  message: string;
  /** The limit and what was found, the accepted values, the other field. */
  detail: string;
  /** The WeChat errcode this gets, where the documents say (40053, 47001). */
  errcode: number | null;
}

export interface CardReport {
  /** No error-level problem. */
  ok: boolean;
  document: 'create' | 'update' | null;
  /** Upper case, e.g. GROUPON. */
  cardType: string | null;
  /** In document order. */
  problems: CardProblem[];
}

/** Checks a card/create or card/update body: the JSON text, or an object. */
export function validateCardJson(card: string | object): CardReport;
/** Throws WxCardError DATE_FORMAT or DATE_RANGE. */
export function checkDatacubeDates(beginDate: string, endDate: string): void;

/**
 * Every error code of the Rust core and every finding code, with their meaning; and each input
 * type with its fields (their default values), for tools that check their own declarations.
 */
export function codes(): {
  errors: { code: CoreErrorCode; message: string }[];
  findings: { code: FindingCode; severity: 'error' | 'warning' | 'info'; field: string }[];
  inputs: Record<
    'cardExtParams' | 'chooseCardParams' | 'jsapiConfigParams' | 'jsapiConfigCall' | 'chooseCardCall' | 'busifavorH5Params' | 'busifavorPluginParams' | 'busifavorCall',
    Record<string, unknown>
  >;
};

/** The codes of the symptoms (src/symptoms.rs). */
export type SymptomCode =
  | 'NOT_YET_EFFECTIVE'
  | 'NOT_APPROVED'
  | 'PARAMETER_ERROR'
  | 'ALL_RECEIVED'
  | 'ACCESS_DENIED'
  | 'SIGNATURE_ERROR'
  | 'NATIVE_PAGE_NOT_OPENED'
  | 'CARD_LIST_EMPTY'
  | 'IOS_FAILS'
  | 'NOT_AUTHORISED_TO_DELIVER'
  | 'CONFIG_INVALID_SIGNATURE'
  | 'QRCODE_FAILED';

/** What the phone (or the merchant's tools) shows when cards go wrong, from WeChat's card Q&A. */
export interface Symptom {
  code: SymptomCode;
  /** 用户或商户看到的现象. */
  symptomZh: string;
  symptomEn: string;
  /** The most common first. */
  causes: { zh: string; en: string }[];
  fixZh: string;
  fixEn: string;
  /** The wxcard command, wxcard/full export, finding codes and errcodes that tell the causes apart. */
  check: string;
}

/**
 * The symptom whose code `query` is (any case), else those whose text holds it (ignoring case,
 * white space and quotes); all of them for an empty or absent query.
 */
export function symptoms(args?: { query?: string }): Symptom[];

// WeChat Pay 商家券 (busifavor): the APIv2 signature (HMAC-SHA256 with the APIv2 key). Sign on
// the server (Node, an edge worker) or in the offline debugger: never put the key in a page.

/** One 商家券 to issue with the H5 link. */
export interface BusifavorH5Input {
  /** The APIv2 key (32 characters). Never output: not in any answer or error. */
  key: string;
  /** 1-20 letters or digits. */
  stockId: string;
  /** 1-128 letters or digits; the same on a retry of one send. */
  outRequestNo: string;
  /** 8-15 digits. */
  sendCouponMerchant: string;
  /** The user's openid under an appid bound to the merchant. */
  openId: string;
  /** Batches whose codes the merchant assigns. */
  couponCode?: string;
}

/** The H5 link: open `url` in WeChat (every value URL-encoded, ending in #wechat_pay&wechat_redirect). */
export interface SignedBusifavorH5 {
  url: string;
  /** 64 upper-case hex digits. */
  sign: string;
}

export function signBusifavorH5(args: BusifavorH5Input): SignedBusifavorH5;

/** One coupon of a plugin or wx.addCard call. */
export interface BusifavorCoupon {
  stockId: string;
  outRequestNo: string;
  couponCode?: string;
  /** 代金券 only (community sources): the merchant that created the batch. */
  createCouponMerchant?: string;
}

/** The coupons of one plugin or wx.addCard call: one merchant, one kind, 1 to 10 coupons. */
export interface BusifavorPluginInput {
  key: string;
  sendCouponMerchant: string;
  coupons: BusifavorCoupon[];
}

/** One item of the plugin's send_coupon_params, with WeChat's names. */
export interface SendCouponParam {
  stock_id: string;
  out_request_no: string;
  coupon_code?: string;
  create_coupon_merchant?: string;
}

/** What `<send-coupon send_coupon_params sign send_coupon_merchant>` takes. */
export interface SignedBusifavorPlugin {
  sendCouponParams: SendCouponParam[];
  sign: string;
  sendCouponMerchant: string;
}

export function signBusifavorPlugin(args: BusifavorPluginInput): SignedBusifavorPlugin;

/** wx.addCard with 商家券 batches (community-sourced: no official page documents it). */
export function signBusifavorAddCard(args: BusifavorPluginInput): { cardList: { cardId: string; cardExt: string }[] };

export interface BusifavorDiagnosis {
  /** No error-level finding. */
  ok: boolean;
  /** With the key: the sign the values should carry. */
  expectedSign: string | null;
  /** The exact string to sign, the key written as 32 '*'. */
  stringToSign: string;
  /** Most likely cause first. */
  findings: Finding[];
}

/** Why 签名错误, 272758293 or 268435461: the H5 link (`url`), or the plugin's attributes. */
export function diagnoseBusifavor(args: {
  url?: string;
  sendCouponMerchant?: string;
  sendCouponParams?: SendCouponParam[];
  sign?: string;
  /** The APIv2 key: the mistakes are replayed (it stays on this machine). */
  key?: string;
  /** The APIv3 key too: a signature made with it is named. */
  apiV3Key?: string;
}): BusifavorDiagnosis;

/** A result code of the send-coupon plugin explained. */
export interface PayResultCode {
  code: string;
  /** `call`: the event's errcode; `coupon`: a send_coupon_result's code. */
  source: 'call' | 'coupon';
  meaningZh: string;
  meaningEn: string;
  fixZh: string;
  fixEn: string;
}

export function explainPayResult(code: string): PayResultCode | null;
