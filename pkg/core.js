// Shared by index.js (the small module a phone page loads) and full.js (signing and diagnosis).
// The wasm side takes flat strings and returns JSON text; this file turns that into objects,
// promises and WxCardError.

/** An error with a stable `code` and the `field` it concerns. */
export class WxCardError extends Error {
  constructor(code, field, message, details) {
    super(message);
    this.name = 'WxCardError';
    this.code = code;
    this.field = field ?? null;
    if (details) Object.assign(this, details);
  }
}

/** Calls a wasm export, turning its thrown "CODE\tfield\tmessage" into a WxCardError. */
export function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    if (typeof e === 'string' && e.includes('\t')) {
      const [code, field, message] = e.split('\t');
      throw new WxCardError(code, field, `${field} ${message} (${code})`);
    }
    throw e;
  }
}

/** A value as the text the wasm side expects: strings as they are, whole numbers as digits. */
export function text(value, field) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new WxCardError('WRONG_TYPE', field, `${field} has the wrong type: text is needed (a whole number for timestamps) (WRONG_TYPE)`);
}

/** Loads a wasm-bindgen module once; concurrent init() calls share one load. */
export function createLoader(wasmInit, wasmInitSync) {
  let loading = null;
  let ready = false;
  return {
    init(input) {
      if (!loading) {
        loading = wasmInit(input === undefined ? undefined : { module_or_path: input }).then(
          () => { ready = true; },
          (e) => { loading = null; throw e; },
        );
      }
      return loading;
    },
    initSync(bytes) {
      if (!ready) {
        wasmInitSync({ module: bytes });
        ready = true;
        loading = Promise.resolve();
      }
    },
    ensure() {
      if (!ready) throw new WxCardError('NOT_INITIALIZED', null, 'call `await init()` (or initSync(bytes) in Node) first');
    },
  };
}

/** User agent and redirect functions, over either module. */
export function coreApi(raw, ensure) {
  return {
    parseUserAgent(userAgent) {
      ensure();
      return JSON.parse(raw.parseUserAgent(text(userAgent, 'userAgent')));
    },
    supportsCards(userAgent) {
      ensure();
      return raw.supportsCards(text(userAgent, 'userAgent'));
    },
    parseCardRedirect(url) {
      ensure();
      const json = raw.parseCardRedirect(text(url, 'url'));
      return json === undefined ? null : JSON.parse(json);
    },
    stripCardParams(url) {
      ensure();
      return raw.stripCardParams(text(url, 'url'));
    },
  };
}

const DEFAULT_JS_API_LIST = ['addCard', 'chooseCard', 'openCard'];

/** The promise-based wrappers over the official JS-SDK (`wx`) for H5 pages. */
export function h5Api(core, init) {
  let explicitWx = null;

  function jssdk() {
    const wx = explicitWx || globalThis.wx || globalThis.jWeixin;
    if (!wx || typeof wx.config !== 'function') {
      throw new WxCardError('NO_JSSDK', 'wx', 'The WeChat JS-SDK is missing: load jweixin-1.6.0.js, or import weixin-js-sdk and pass it to useWx()');
    }
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
      throw new WxCardError('UNSUPPORTED_CLIENT', 'userAgent', message, { version: ua.version, userAgent: ua });
    }
    return jssdk();
  }

  function invoke(wx, name, args, parse) {
    return new Promise((resolve, reject) => {
      wx[name]({
        ...args,
        success: (res) => {
          try {
            resolve(parse ? parse(res) : res);
          } catch (e) {
            reject(new WxCardError('FAILED', name, `${name}: unexpected reply from WeChat`, { errMsg: res && res.errMsg }));
          }
        },
        cancel: (res) => reject(new WxCardError('CANCELLED', name, `${name}: cancelled by the user`, { errMsg: res && res.errMsg })),
        fail: (res) => reject(new WxCardError('FAILED', name, `${name} failed: ${res && res.errMsg}`, { errMsg: res && res.errMsg })),
      });
    });
  }

  function required(obj, keys, what) {
    if (!obj || typeof obj !== 'object') throw new WxCardError('MISSING', what, `${what} is required`);
    for (const k of keys) {
      if (obj[k] === undefined || obj[k] === null || obj[k] === '') {
        throw new WxCardError('MISSING', k, `${what}.${k} is required (MISSING)`);
      }
    }
  }

  return {
    /** Uses this JS-SDK object instead of window.wx (for `import wx from 'weixin-js-sdk'`). */
    useWx(wx) {
      explicitWx = wx;
    },

    /** wx.config + wx.ready/wx.error as a promise. `signed` comes from the server. */
    async configure(signed, jsApiList = DEFAULT_JS_API_LIST, { debug = false } = {}) {
      required(signed, ['appId', 'timestamp', 'nonceStr', 'signature'], 'configure(signed)');
      const wx = await gate();
      return new Promise((resolve, reject) => {
        wx.error((res) => reject(new WxCardError('CONFIG_FAILED', 'signature', `wx.config failed: ${res && res.errMsg}`, { errMsg: res && res.errMsg })));
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

    /** wx.addCard with items `{cardId, cardExt}` signed by the server; resolves `[{cardId, cardExt, isSuccess}]`. */
    async addCard(items) {
      const list = Array.isArray(items) ? items : [items];
      if (list.length === 0) throw new WxCardError('MISSING', 'cardList', 'addCard needs at least one card (MISSING)');
      list.forEach((item, i) => {
        required(item, ['cardId', 'cardExt'], `addCard item ${i}`);
        if (typeof item.cardExt !== 'string') {
          throw new WxCardError('CARD_EXT_NOT_STRING', 'cardExt', 'cardExt must be a JSON string, not an object: pass the server\'s cardExt as is (JSON.stringify if you built it)', { item: i });
        }
      });
      const wx = await gate();
      const cardList = list.map(({ cardId, cardExt }) => ({ cardId, cardExt }));
      return invoke(wx, 'addCard', { cardList }, (res) => res.cardList);
    },

    /** wx.chooseCard with parameters signed by the server; resolves `[{cardId, encryptCode}]`. */
    async chooseCard(params) {
      required(params, ['timestamp', 'nonceStr', 'cardSign'], 'chooseCard(params)');
      const wx = await gate();
      const { shopId = '', cardType = '', cardId = '', timestamp, nonceStr, signType = 'SHA1', cardSign } = params;
      return invoke(wx, 'chooseCard', { shopId, cardType, cardId, timestamp, nonceStr, signType, cardSign }, (res) => {
        const chosen = typeof res.cardList === 'string' ? JSON.parse(res.cardList) : res.cardList || [];
        return chosen.map((c) => ({ cardId: c.card_id, encryptCode: c.encrypt_code }));
      });
    },

    /** wx.openCard for cards the user holds: `[{cardId, code}]` with the decrypted code. */
    async openCard(cards) {
      const list = Array.isArray(cards) ? cards : [cards];
      list.forEach((c, i) => required(c, ['cardId', 'code'], `openCard item ${i}`));
      const wx = await gate();
      return invoke(wx, 'openCard', { cardList: list.map(({ cardId, code }) => ({ cardId, code })) }).then(() => undefined);
    },

    /** The card parameters of this page's URL; with `clean`, the address bar loses them. */
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
