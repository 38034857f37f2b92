export * from './index.js';

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

export interface SignedJsapiConfigResult {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

export function signJsapiConfig(args: JsapiConfigInput): SignedJsapiConfigResult;
export function verifyJsapiConfig(args: { jsapiTicket: string; url: string; timestamp: Seconds; nonceStr: string; signature: string }): boolean;

/** The byte-sorted values and their SHA-1: the steps of every card signature. */
export function sortedSha1(values: string[]): { sorted: string[]; signature: string };
export function generateNonce(): string;

export interface Finding {
  /** Stable, e.g. MISTAKE_UNSORTED, TIMESTAMP_IN_MILLISECONDS. */
  code: string;
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
  code: string;
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
