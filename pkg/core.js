// @ts-check
// Shared by index.js (the small module a phone page loads) and full.js (signing and diagnosis).
// Every export of the wasm module takes one named input and answers one result. Both cross the
// boundary as a record (`name US value RS ...`, see src/contract/record.rs): this file writes the
// caller's object as a record straight into the module's memory and decodes the answer into the
// object JSON.parse would give. Which fields each export reads, and the fields it answers, live
// in the Rust core only.

/** @typedef {import('./index.js').WxCardErrorCode} WxCardErrorCode */
/** @typedef {import('./index.js').GlueErrorCode} GlueErrorCode */

/**
 * The codes only the glue raises, with their meaning; every other code comes from the Rust
 * core's table (src/error.rs), carried across the boundary with its message.
 * @type {Readonly<Record<GlueErrorCode, string>>}
 */
export const GLUE_CODES = Object.freeze({
  NOT_INITIALIZED: 'call `await init()` (or initSync(bytes) in Node) first',
  NO_JSSDK: 'the WeChat JS-SDK is missing: load jweixin-1.6.0.js, or import weixin-js-sdk and pass it to useWx()',
  UNSUPPORTED_CLIENT: 'not inside the WeChat app at 6.0.2 or later, the first version with cards',
  CANCELLED: 'the user closed WeChat\'s page',
  FAILED: 'WeChat answered with an error (errMsg)',
  CONFIG_FAILED: 'wx.config failed: WeChat refused the signature or the page (errMsg)',
  CARD_EXT_NOT_STRING: 'cardExt must be a JSON string, not an object: pass the server\'s cardExt as is (JSON.stringify if you built it)',
});

/** An error with a stable `code` and the `field` it concerns (named as WeChat's documents do). */
export class WxCardError extends Error {
  /**
   * @param {WxCardErrorCode} code
   * @param {string | null | undefined} field
   * @param {string} message
   * @param {Record<string, unknown>} [details]
   */
  constructor(code, field, message, details) {
    super(message);
    /** @type {'WxCardError'} */
    this.name = 'WxCardError';
    this.code = code;
    this.field = field ?? null;
    /** @type {number | undefined} */
    this.item = undefined;
    if (details) Object.assign(this, details);
  }
}

/**
 * A glue error: the code's meaning from GLUE_CODES, with what is specific to this case.
 * @param {GlueErrorCode} code
 * @param {string | null} field
 * @param {string} [detail]
 * @param {Record<string, unknown>} [details]
 */
export function glueError(code, field, detail, details) {
  return new WxCardError(code, field, `${detail ?? GLUE_CODES[code]} (${code})`, details);
}

const US = '\u001f';
const RS = '\u001e';
const GS = '\u001d';
/** @param {string} text */
const hasSeparator = (text) => text.indexOf(US) !== -1 || text.indexOf(RS) !== -1 || text.indexOf(GS) !== -1;

/**
 * The caller's object as a record. Text goes as it is; a whole number as its digits; anything
 * else (and text holding a separator) as JSON after GS. `undefined` and `null` are left out.
 * @param {object} args
 */
function toRecord(args) {
  let out = '';
  for (const name in args) {
    const value = /** @type {Record<string, unknown>} */ (args)[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      out += name + US + (hasSeparator(value) ? GS + JSON.stringify(value) : value) + RS;
    } else if (typeof value === 'number') {
      out += name + US + (Number.isSafeInteger(value) && value >= 0 ? String(value) : GS + String(value)) + RS;
    } else {
      out += name + US + GS + (JSON.stringify(value) ?? 'undefined') + RS;
    }
  }
  return out;
}

/** @param {string} json */
function fromJson(json) {
  return json === 'true' ? true : json === 'false' ? false : json === 'null' ? null : JSON.parse(json);
}

/**
 * A record as the object its JSON would parse to.
 * @param {string} text
 * @returns {Record<string, any>}
 */
function fromRecord(text) {
  /** @type {Record<string, any>} */
  const out = {};
  let at = 0;
  while (at < text.length) {
    const us = text.indexOf(US, at);
    const rs = text.indexOf(RS, us);
    const value = text.slice(us + 1, rs);
    out[text.slice(at, us)] = value.charCodeAt(0) === 0x1d ? fromJson(value.slice(1)) : value;
    at = rs + 1;
  }
  return out;
}

/**
 * @typedef {object} Boundary The wasm module's exports: each takes its input's length, answers
 *   its result's length (negative for an error).
 * @property {(len: number) => number} input
 * @property {() => number} output
 */

/**
 * Loads a wasm-bindgen module once (concurrent init() calls share one load) and calls its
 * exports by name.
 * @param {(input?: any) => Promise<any>} wasmInit
 * @param {(input: any) => any} wasmInitSync
 * @param {new () => any} BoundaryClass
 */
export function createLoader(wasmInit, wasmInitSync, BoundaryClass) {
  /** @type {Promise<void> | null} */
  let loading = null;
  /** @type {{ memory: WebAssembly.Memory } | null} */
  let exports = null;
  /** @type {any} */
  let boundary = null;
  let inputAt = 0;
  let capacity = 0;
  let memory = new Uint8Array(0);
  let inputView = memory;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  /** @param {{ memory: WebAssembly.Memory }} wasm */
  function ready(wasm) {
    exports = wasm;
    boundary = new BoundaryClass();
    capacity = 0;
  }

  // The module's memory moves when it grows: the old views are then empty.
  function view() {
    if (memory.byteLength === 0 && exports) {
      memory = new Uint8Array(exports.memory.buffer);
      inputView = memory.subarray(inputAt, inputAt + capacity);
    }
    return memory;
  }

  return {
    /**
     * @param {unknown} [source]
     * @returns {Promise<void>}
     */
    init(source) {
      if (!loading) {
        loading = wasmInit(source === undefined ? undefined : { module_or_path: source }).then(
          (wasm) => { if (!exports) ready(wasm); },
          (e) => { loading = null; throw e; },
        );
      }
      return loading;
    },

    /** @param {BufferSource | WebAssembly.Module} bytes */
    initSync(bytes) {
      if (!exports) {
        ready(wasmInitSync({ module: bytes }));
        loading = Promise.resolve();
      }
    },

    /**
     * Calls the export `name` with the caller's object; its result, or null for none.
     * @param {string} name
     * @param {unknown} args
     * @returns {any}
     */
    invoke(name, args) {
      if (!boundary) throw glueError('NOT_INITIALIZED', null);
      if (!args || typeof args !== 'object') {
        throw new WxCardError('WRONG_TYPE', 'input', 'input must be an object (WRONG_TYPE)');
      }
      const text = toRecord(args);
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (text.length * 3 > capacity) {
        capacity = text.length * 3;
        inputAt = boundary.input(capacity);
        memory = new Uint8Array(0);
      }
      view();
      const { written } = encoder.encodeInto(text, inputView);
      const n = boundary[name](written);
      const at = boundary.output();
      const out = n === 0 ? '' : decoder.decode(view().subarray(at, at + Math.abs(n)));
      if (n < 0) {
        const e = fromRecord(out);
        throw new WxCardError(e.code, e.field, e.message, e.item === undefined ? undefined : { item: e.item });
      }
      if (out === '') return null;
      return out.charCodeAt(0) === 0x5b ? JSON.parse(out) : fromRecord(out);
    },
  };
}

/** @typedef {ReturnType<typeof createLoader>} Loader */

/**
 * User agent and redirect functions, over either module.
 * @param {Loader} loader
 */
export function coreApi(loader) {
  /** @type {typeof import('./index.js').parseUserAgent} */
  const parseUserAgent = (userAgent) => loader.invoke('parseUserAgent', { userAgent });
  return {
    parseUserAgent,
    /** @type {typeof import('./index.js').supportsCards} */
    supportsCards: (userAgent) => parseUserAgent(userAgent).supportsCards,
    /** @type {typeof import('./index.js').parseCardRedirect} */
    parseCardRedirect: (url) => loader.invoke('parseCardRedirect', { url }),
    /** @type {typeof import('./index.js').stripCardParams} */
    stripCardParams: (url) => loader.invoke('stripCardParams', { url }).url,
  };
}

const DEFAULT_JS_API_LIST = ['addCard', 'chooseCard', 'openCard'];

/**
 * The promise-based wrappers over the official JS-SDK (`wx`) for H5 pages.
 * @param {ReturnType<typeof coreApi>} core
 * @param {Loader['init']} init
 */
export function h5Api(core, init) {
  /** @type {any} */
  let explicitWx = null;

  function jssdk() {
    const g = /** @type {any} */ (globalThis);
    const wx = explicitWx || g.wx || g.jWeixin;
    if (!wx || typeof wx.config !== 'function') throw glueError('NO_JSSDK', 'wx');
    return wx;
  }

  // Cards need the WeChat app at 6.0.2 or later; outside it WeChat fails silently.
  async function gate() {
    await init();
    const ua = core.parseUserAgent(globalThis.navigator ? navigator.userAgent : '');
    if (!ua.supportsCards) {
      const message = ua.isWeCom
        ? 'WeCom (企业微信) does not support cards: open the page in the WeChat app'
        : ua.isWeChat
          ? `WeChat ${ua.version} is older than 6.0.2, the first version with cards: ask the user to update WeChat`
          : 'Not inside the WeChat app: cards only open in WeChat 6.0.2 or later';
      throw glueError('UNSUPPORTED_CLIENT', 'user_agent', message, { version: ua.version, userAgent: ua });
    }
    return jssdk();
  }

  /**
   * @param {any} wx
   * @param {string} name
   * @param {object} args
   * @param {(res: any) => any} [parse]
   */
  function invoke(wx, name, args, parse) {
    return new Promise((resolve, reject) => {
      wx[name]({
        ...args,
        success: (/** @type {any} */ res) => {
          try {
            resolve(parse ? parse(res) : res);
          } catch (e) {
            reject(glueError('FAILED', name, `${name}: unexpected reply from WeChat`, { errMsg: res && res.errMsg }));
          }
        },
        cancel: (/** @type {any} */ res) => reject(glueError('CANCELLED', name, `${name}: cancelled by the user`, { errMsg: res && res.errMsg })),
        fail: (/** @type {any} */ res) => reject(glueError('FAILED', name, `${name} failed: ${res && res.errMsg}`, { errMsg: res && res.errMsg })),
      });
    });
  }

  /**
   * @param {any} obj
   * @param {string[]} keys
   * @param {string} what
   */
  function required(obj, keys, what) {
    if (!obj || typeof obj !== 'object') throw new WxCardError('MISSING', what, `${what} is required (MISSING)`);
    for (const k of keys) {
      if (obj[k] === undefined || obj[k] === null || obj[k] === '') {
        // The field as WeChat's documents name it: cardExt -> card_ext.
        const field = k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        throw new WxCardError('MISSING', field, `${what}.${k} is required (MISSING)`);
      }
    }
  }

  return {
    /** @type {typeof import('./index.js').useWx} */
    useWx(wx) {
      explicitWx = wx;
    },

    /** @type {typeof import('./index.js').configure} */
    async configure(signed, jsApiList = DEFAULT_JS_API_LIST, { debug = false } = {}) {
      required(signed, ['appId', 'timestamp', 'nonceStr', 'signature'], 'configure(signed)');
      const wx = await gate();
      return new Promise((resolve, reject) => {
        wx.error((/** @type {any} */ res) => reject(glueError('CONFIG_FAILED', 'signature', `wx.config failed: ${res && res.errMsg}`, { errMsg: res && res.errMsg })));
        wx.ready(() => resolve());
        wx.config({
          debug,
          appId: signed.appId,
          timestamp: signed.timestamp,
          nonceStr: signed.nonceStr,
          signature: signed.signature,
          jsApiList,
        });
      });
    },

    /** @type {typeof import('./index.js').addCard} */
    async addCard(items) {
      const list = Array.isArray(items) ? items : [items];
      if (list.length === 0) throw new WxCardError('MISSING', 'card_list', 'card_list needs at least one card (MISSING)');
      list.forEach((item, i) => {
        required(item, ['cardId', 'cardExt'], `addCard item ${i}`);
        if (typeof item.cardExt !== 'string') throw glueError('CARD_EXT_NOT_STRING', 'card_ext', undefined, { item: i });
      });
      const wx = await gate();
      const cardList = list.map(({ cardId, cardExt }) => ({ cardId, cardExt }));
      return invoke(wx, 'addCard', { cardList }, (res) => res.cardList);
    },

    /** @type {typeof import('./index.js').chooseCard} */
    async chooseCard(params) {
      required(params, ['timestamp', 'nonceStr', 'cardSign'], 'chooseCard(params)');
      const wx = await gate();
      const { shopId = '', cardType = '', cardId = '', timestamp, nonceStr, signType = 'SHA1', cardSign } = params;
      return invoke(wx, 'chooseCard', { shopId, cardType, cardId, timestamp, nonceStr, signType, cardSign }, (res) => {
        const chosen = typeof res.cardList === 'string' ? JSON.parse(res.cardList) : res.cardList || [];
        return chosen.map((/** @type {any} */ c) => ({ cardId: c.card_id, encryptCode: c.encrypt_code }));
      });
    },

    /** @type {typeof import('./index.js').openCard} */
    async openCard(cards) {
      const list = Array.isArray(cards) ? cards : [cards];
      list.forEach((c, i) => required(c, ['cardId', 'code'], `openCard item ${i}`));
      const wx = await gate();
      return invoke(wx, 'openCard', { cardList: list.map(({ cardId, code }) => ({ cardId, code })) }).then(() => undefined);
    },

    /** @type {typeof import('./index.js').readCardRedirect} */
    async readCardRedirect({ clean = false } = {}) {
      await init();
      const found = core.parseCardRedirect(location.href);
      if (found && clean && found.strippedUrl !== location.href) {
        history.replaceState(history.state, '', found.strippedUrl);
      }
      return found;
    },
  };
}
