// @ts-check
// Shared by index.js (phone pages) and full.js. Inputs and results cross the wasm boundary as
// JSON text (docs/contract.md); their fields live in the Rust core only.

/** @typedef {import('./index.js').WxCardErrorCode} WxCardErrorCode */
/** @typedef {import('./index.js').GlueErrorCode} GlueErrorCode */

/**
 * The codes only the glue raises, with their meaning; every other code comes from the Rust
 * core's table (src/error.rs), carried across the boundary with its message.
 * @type {Readonly<Record<GlueErrorCode, string>>}
 */
export const GLUE_CODES = Object.freeze({
  NOT_INITIALIZED: 'call `await init()` (or initSync(bytes) in Node) first',
  WASM_UNAVAILABLE: 'the wasm does not run here (no WebAssembly, or it did not load or compile): only the card APIs work',
  NO_JSSDK: 'the WeChat JS-SDK is missing: load jweixin-1.6.0.js, or import weixin-js-sdk and pass it to useWx()',
  UNSUPPORTED_CLIENT: 'not inside the WeChat app at 6.0.2 or later, the first version with cards',
  CANCELLED: 'the user closed WeChat\'s page',
  FAILED: 'WeChat answered with an error (errMsg)',
  CONFIG_FAILED: 'wx.config failed: WeChat refused the signature or the page (errMsg)',
  CONFIG_TIMEOUT: 'WeChat gave no verdict on wx.config in time: the page is not in the WeChat app, or WeixinJSBridge never came',
  NOT_CONFIGURED: 'call configure() and wait for it first: WeChat refuses card APIs before a verified wx.config (\'permission denied\')',
  SIGNING_FAILED: 'the signing endpoint did not answer a signed config (its status and message)',
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

/**
 * A lone surrogate as UTF-8 encoding makes it (U+FFFD), which is what WeChat receives: JSON
 * would carry it as an escape that no JSON reader takes.
 * @param {string} _key
 * @param {unknown} value
 */
const wellFormed = (_key, value) =>
  typeof value === 'string' && typeof (/** @type {any} */ (value).toWellFormed) === 'function' ? /** @type {any} */ (value).toWellFormed() : value;

/**
 * Loads a wasm-bindgen module once (concurrent init() calls share one load) and calls its
 * exports: the phone's take one string and answer JSON text; wxcard/full's others go through
 * `call(name, json)`, which throws the JSON of a `{code, field, message, item?}` error.
 * @param {any} wasm the wasm-bindgen module: its default init, initSync and exports
 * @param {URL} url where its .wasm file is
 */
export function createLoader(wasm, url) {
  /** @type {Promise<import('./index.js').Loaded> | null} */
  let loading = null;
  let ready = false;
  /** Why the wasm does not run, once init() knows. */
  let failure = '';
  /** Not fetched yet: the next init() tries again. */
  let fetching = false;

  /** @param {any} source */
  async function load(source) {
    if (typeof WebAssembly != 'object') throw new Error('no WebAssembly here');
    fetching = true;
    let src = await source;
    if (typeof src == 'string' || src instanceof URL || src instanceof Request) src = await fetch(src);
    if (src instanceof Response) {
      if (!src.ok) throw new Error(`${src.status} fetching ${src.url}`);
      // WKWebViews may reject instantiateStreaming: then the bytes.
      const copy = src.clone();
      try {
        return await wasm.default({ module_or_path: src });
      } catch {
        src = await copy.arrayBuffer();
      }
    }
    fetching = false;
    await wasm.default({ module_or_path: src });
  }

  const unavailable = () =>
    failure ? glueError('WASM_UNAVAILABLE', null, `${GLUE_CODES.WASM_UNAVAILABLE}: ${failure}`) : glueError('NOT_INITIALIZED', null);

  return {
    /**
     * Never rejects: `{ wasm: false, error }` where the wasm does not run.
     * @param {unknown} [source]
     * @returns {Promise<import('./index.js').Loaded>}
     */
    init(source) {
      return loading ||= load(source ?? url).then(
        () => { ready = true; return { wasm: true }; },
        (/** @type {any} */ e) => {
          failure = String(e && e.message || e);
          if (fetching) loading = null;
          return { wasm: false, error: unavailable() };
        },
      );
    },

    /** The wasm is loaded. */
    get ready() {
      return ready;
    },

    /** @param {BufferSource | WebAssembly.Module} bytes */
    initSync(bytes) {
      if (!ready) {
        wasm.initSync({ module: bytes });
        ready = true;
        loading = Promise.resolve({ wasm: true });
      }
    },

    /**
     * Calls a phone export with one value, as the page would pass it to a string parameter.
     * @param {string} name
     * @param {unknown} value
     * @returns {string}
     */
    text(name, value) {
      if (!ready) throw unavailable();
      return wasm[name](value == null ? '' : String(value));
    },

    /**
     * Calls the export `name` of wxcard/full with the caller's object; its result.
     * @param {string} name
     * @param {unknown} args
     * @returns {any}
     */
    invoke(name, args) {
      if (!ready) throw unavailable();
      let out;
      try {
        out = wasm.call(name, JSON.stringify(args, wellFormed) ?? 'null');
      } catch (thrown) {
        if (typeof thrown !== 'string') throw thrown;
        const e = JSON.parse(thrown);
        throw new WxCardError(e.code, e.field, e.message, e.item === undefined ? undefined : { item: e.item });
      }
      return JSON.parse(out);
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
  const parseUserAgent = (userAgent) => JSON.parse(loader.text('parseUserAgent', userAgent));
  return {
    parseUserAgent,
    /** @type {typeof import('./index.js').supportsCards} */
    supportsCards: (userAgent) => parseUserAgent(userAgent).supportsCards,
    /** @type {typeof import('./index.js').parseCardRedirect} */
    parseCardRedirect: (url) => JSON.parse(loader.text('parseCardRedirect', url)),
    /** @type {typeof import('./index.js').stripCardParams} */
    stripCardParams: (url) => loader.text('stripCardParams', url),
  };
}

const DEFAULT_JS_API_LIST = ['addCard', 'chooseCard', 'openCard', 'consumeAndShareCard'];

/** @param {string} url */
const withoutFragment = (url) => url.split('#', 1)[0];

/**
 * The page's wx.config state, one for every copy of this module (wxcard, wxcard/full, a
 * bundler's duplicate): configures run in turn; `bridges` are wrapped; `waiters` get WeChat's
 * answers to preVerifyJSAPI (behind wx.config), which jweixin's wx.ready/wx.error cannot tell
 * apart; `landing` is the address the page was entered with (iOS WeChat checks it).
 * @type {{ turn: Promise<void>, configured: boolean, waiters: ((res: any) => void)[], bridges: WeakSet<object>, landing: string }}
 */
const pageConfig = /** @type {any} */ (globalThis)[Symbol.for('wxcard.page')] ??= {
  turn: Promise.resolve(),
  configured: false,
  waiters: [],
  bridges: new WeakSet(),
  landing: (() => {
    if (typeof location === 'undefined') return '';
    const [entry] = typeof performance !== 'undefined' && performance.getEntriesByType ? performance.getEntriesByType('navigation') : [];
    return entry && /^https?:/.test(entry.name) ? entry.name : location.href;
  })(),
};
const verdictWaiters = pageConfig.waiters;
const LANDING_HREF = pageConfig.landing;

/** Wraps WeixinJSBridge.invoke once, for every copy of this module: calls pass through unchanged. */
function watchBridge() {
  const g = /** @type {any} */ (globalThis);
  const bridge = g.WeixinJSBridge;
  if (!bridge || typeof bridge.invoke !== 'function') return false;
  if (pageConfig.bridges.has(bridge)) return true;
  const invoke = bridge.invoke;
  /** @type {(this: unknown, name: string, args: unknown, callback?: (res: any) => void) => unknown} */
  const watched = function (name, args, callback) {
    const waiter = name === 'preVerifyJSAPI' ? verdictWaiters.shift() : undefined;
    // Called on the stand-in: WeChat's own object is the receiver.
    const self = Object.getPrototypeOf(this) === bridge ? bridge : this;
    if (!waiter) return invoke.call(self, name, args, callback);
    return invoke.call(self, name, args, (/** @type {any} */ res) => {
      try {
        if (callback) callback(res);
      } finally {
        waiter(res || {});
      }
    });
  };
  try {
    bridge.invoke = watched;
  } catch {
    // A read-only invoke: jweixin reads the global at every call, so a stand-in serves.
  }
  try {
    if (bridge.invoke !== watched) g.WeixinJSBridge = Object.create(bridge, { invoke: { value: watched } });
  } catch {
    // Read-only both: see verdictOf.
  }
  if (g.WeixinJSBridge.invoke !== watched) return false;
  pageConfig.bridges.add(g.WeixinJSBridge);
  return true;
}

/**
 * `promise`, or an error when it has not settled within `ms`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function within(promise, ms) {
  /** @type {any} */
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return /** @type {Promise<T>} */ (Promise.race([promise, late])).finally(() => clearTimeout(timer));
}

/**
 * Calls wx.config and answers WeChat's verdict on this config: `{ ok, errMsg }`, or
 * CONFIG_TIMEOUT when none came within `timeout` ms.
 * @param {any} wx
 * @param {import('./index.js').SignedJsapiConfig} signed
 * @param {string[]} jsApiList
 * @param {boolean} debug
 * @param {number} timeout
 * @returns {Promise<{ ok: boolean, errMsg: string, realAuthUrl: string }>}
 */
function verdictOf(wx, signed, jsApiList, debug, timeout) {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      // A waiter left in the queue would be handed the next configure's verdict.
      const i = verdictWaiters.indexOf(settle);
      if (i >= 0) verdictWaiters.splice(i, 1);
      if (typeof document !== 'undefined') document.removeEventListener('WeixinJSBridgeReady', listen);
      reject(glueError('CONFIG_TIMEOUT', 'wx.config', undefined, { timeout }));
    }, timeout);
    /** @param {any} res */
    function settle(res) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const errMsg = String(res.errMsg || res.err_msg || '');
      // Debug mode names the URL WeChat checked (seen as a string, and as a list of one).
      const real = /** @type {unknown} */ ([].concat(res.realAuthUrl)[0]);
      resolve({ ok: errMsg.slice(errMsg.indexOf(':') + 1) === 'ok', errMsg, realAuthUrl: typeof real === 'string' ? real : '' });
    }
    function listen() {
      if (done) return;
      if (watchBridge()) {
        verdictWaiters.push(settle);
      } else {
        // The SDK's own callbacks: right for the page's first config only.
        wx.error(settle);
        wx.ready(() => settle({ errMsg: 'config:ok' }));
      }
    }
    const g = /** @type {any} */ (globalThis);
    if (g.WeixinJSBridge || typeof document === 'undefined') listen();
    // jweixin waits for this event too; this listener is added first, so it runs first.
    else document.addEventListener('WeixinJSBridgeReady', listen, { once: true });
    wx.config({ debug, appId: signed.appId, timestamp: signed.timestamp, nonceStr: signed.nonceStr, signature: signed.signature, jsApiList: [...jsApiList] });
  });
}

/**
 * POSTs `body` as JSON; the JSON answer, or a SIGNING_FAILED error naming what came back (an
 * answer with a `code` is an error, whatever its status).
 * @param {string} endpoint
 * @param {object} body
 * @param {number} timeout
 */
async function postJson(endpoint, body, timeout) {
  /** @type {any} */
  let json = null;
  let status = 0;
  try {
    const res = await within(fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
      status = r.status;
      json = await r.json().catch(() => null);
      return r;
    }), timeout);
    if (res.ok && json && typeof json === 'object' && typeof json.code != 'string') return json;
  } catch (e) {
    json = { message: String(/** @type {any} */ (e)?.message || e) };
  }
  const reason = json && json.message ? `: ${json.code ? `${json.code} ` : ''}${json.message}` : '';
  throw glueError('SIGNING_FAILED', 'url', `${endpoint} answered ${status || 'nothing'}${reason}`, { status, reason: json });
}

/** How long configure() waits for WeChat's verdict, and for an endpoint, by default. */
const CONFIG_TIMEOUT_MS = 10000;

/**
 * The promise-based wrappers over the official JS-SDK (`wx`) for H5 pages.
 * @param {ReturnType<typeof coreApi>} core
 * @param {Loader} loader
 */
export function h5Api(core, loader) {
  const { init } = loader;
  /** @type {any} */
  let explicitWx = null;

  function jssdk() {
    const g = /** @type {any} */ (globalThis);
    const wx = explicitWx || g.wx || g.jWeixin;
    if (!wx || typeof wx.config !== 'function') throw glueError('NO_JSSDK', 'wx');
    return wx;
  }

  // Cards need the WeChat app at 6.0.2 or later; outside it WeChat fails silently. Without the
  // wasm, WeChat checks its version: only pages plainly outside it are refused here.
  async function gate() {
    const agent = globalThis.navigator ? navigator.userAgent : '';
    const ua = (await init()).wasm ? core.parseUserAgent(agent) : null;
    if (ua ? !ua.supportsCards : !(/** @type {any} */ (globalThis).WeixinJSBridge || /MicroMessenger/i.test(agent))) {
      const message = ua?.isWeCom
        ? 'WeCom (企业微信) does not support cards: open the page in the WeChat app'
        : ua?.isWeChat
          ? `WeChat ${ua.version} is older than 6.0.2, the first version with cards: ask the user to update WeChat`
          : 'Not inside the WeChat app: cards only open in WeChat 6.0.2 or later';
      throw glueError('UNSUPPORTED_CLIENT', 'user_agent', message, { version: ua ? ua.version : null, userAgent: ua || undefined });
    }
    return jssdk();
  }

  // WeChat answers an API called before a verified wx.config with an opaque "permission denied".
  async function configuredWx() {
    const wx = await gate();
    await pageConfig.turn;
    if (!pageConfig.configured) throw glueError('NOT_CONFIGURED', 'wx.config');
    return wx;
  }

  /**
   * The URLs WeChat may check the signature against, the one it checks on this phone first
   * (without the wasm, not knowing the phone: the current one).
   * @param {boolean} [needUa]
   * @returns {{ url: string, kind: 'landing' | 'current' }[]}
   */
  function candidates(needUa) {
    if (typeof location === 'undefined') throw glueError('UNSUPPORTED_CLIENT', 'url', 'signingUrl() needs a page: there is no location here');
    const current = { url: withoutFragment(location.href), kind: /** @type {const} */ ('current') };
    const landing = { url: withoutFragment(LANDING_HREF) || current.url, kind: /** @type {const} */ ('landing') };
    const ios = (needUa || loader.ready) && core.parseUserAgent(globalThis.navigator ? navigator.userAgent : '').platform === 'ios';
    const [first, other] = ios ? [landing, current] : [current, landing];
    return other.url === first.url ? [first] : [first, other];
  }

  /**
   * @param {any} wx
   * @param {import('./index.js').SigningSource} source
   * @param {import('./index.js').ConfigureOptions} options
   */
  async function runConfigure(wx, source, { jsApiList = DEFAULT_JS_API_LIST, debug = false, diagnose, timeout = CONFIG_TIMEOUT_MS } = {}) {
    timeout = Math.min(timeout, 2147483647); // setTimeout's largest
    pageConfig.configured = false;
    const [{ url, kind }] = candidates();
    /** @type {import('./index.js').SignedJsapiConfig | null} */
    let firstSigned = null;
    /** @type {string[]} */
    const tried = [];
    let errMsg = '';
    let realAuthUrl = '';
    /** @type {unknown} */
    let retryError;
    for (;;) {
      // Worked out at each try: on Android the current URL may have moved while signing.
      const next = candidates().find((c) => !tried.includes(c.url));
      if (!next) break;
      /** @type {import('./index.js').SignedJsapiConfig} */
      let signed;
      try {
        signed = typeof source === 'function' ? await source(next.url) : typeof source === 'string' ? await postJson(source, { url: next.url }, timeout) : source;
        required(signed, ['appId', 'timestamp', 'nonceStr', 'signature'], 'configure(signed)');
      } catch (e) {
        // WeChat's verdict on the first try stays the error.
        if (!tried.length) throw e;
        retryError = e;
        break;
      }
      firstSigned ??= signed;
      tried.push(next.url);
      /** @type {{ ok: boolean, errMsg: string, realAuthUrl: string }} */
      let verdict;
      try {
        verdict = await verdictOf(wx, signed, jsApiList, debug, timeout);
      } catch (e) {
        if (tried.length < 2) throw e;
        retryError = e;
        break;
      }
      if (verdict.ok) {
        pageConfig.configured = true;
        return { url: next.url, urlKind: next.kind, retried: tried.length > 1 };
      }
      errMsg = verdict.errMsg;
      realAuthUrl ||= verdict.realAuthUrl;
      // A signed object was made for one URL; a signer signs the other one once.
      if (typeof source === 'object' || tried.length > 1 || !/invalid signature/.test(errMsg)) break;
    }
    const error = glueError('CONFIG_FAILED', 'signature', `wx.config failed: ${errMsg}`, { errMsg, url, urlKind: kind, tried, retryError });
    if (diagnose && firstSigned) {
      const s = firstSigned;
      // What was sent, for the server to replay with its own tickets; a failure here never
      // hides WeChat's verdict.
      // The URL the server says it signed, and the one WeChat says it checked, when known.
      const body = { url: location.href, landingUrl: LANDING_HREF, appId: s.appId, timestamp: s.timestamp, nonceStr: s.nonceStr, signature: s.signature, userAgent: navigator.userAgent };
      const { signedUrl } = /** @type {{ signedUrl?: unknown }} */ (s);
      if (typeof signedUrl === 'string') Object.assign(body, { signedUrl });
      if (realAuthUrl) Object.assign(body, { realAuthUrl });
      await postJson(diagnose, body, timeout).then(
        (diagnosis) => { Object.assign(error, { diagnosis }); },
        (e) => { Object.assign(error, { diagnosisError: e.message }); },
      );
    }
    throw error;
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

    /** @type {typeof import('./index.js').signingUrl} */
    signingUrl: () => candidates(true)[0].url,

    /**
     * @param {import('./index.js').SigningSource} source
     * @param {import('./index.js').ConfigureOptions | string[]} [options]
     * @param {{ debug?: boolean }} [legacyOptions]
     * @returns {Promise<import('./index.js').Configured>}
     */
    async configure(source, options, legacyOptions) {
      // configure(signed, jsApiList, { debug }), the earlier form, is still taken.
      const opts = Array.isArray(options) ? { ...legacyOptions, jsApiList: options } : options || {};
      if (typeof source === 'object') required(source, ['appId', 'timestamp', 'nonceStr', 'signature'], 'configure(signed)');
      else if (typeof source !== 'function' && (typeof source !== 'string' || source === '')) {
        throw new WxCardError('MISSING', 'source', 'configure(source) takes the signed config, a function (url) => signed, or the URL of the signing endpoint (MISSING)');
      }
      // Taken in turn at once, so that a card API called in the same tick waits for it too.
      const run = pageConfig.turn.then(async () => runConfigure(await gate(), source, opts));
      pageConfig.turn = run.then(() => undefined, () => undefined);
      return run;
    },

    /** @type {typeof import('./index.js').addCard} */
    async addCard(items) {
      const list = Array.isArray(items) ? items : [items];
      if (list.length === 0) throw new WxCardError('MISSING', 'card_list', 'card_list needs at least one card (MISSING)');
      list.forEach((item, i) => {
        required(item, ['cardId', 'cardExt'], `addCard item ${i}`);
        if (typeof item.cardExt !== 'string') throw glueError('CARD_EXT_NOT_STRING', 'card_ext', undefined, { item: i });
      });
      const wx = await configuredWx();
      const cardList = list.map(({ cardId, cardExt }) => ({ cardId, cardExt }));
      return invoke(wx, 'addCard', { cardList }, (res) => res.cardList);
    },

    /** @type {typeof import('./index.js').chooseCard} */
    async chooseCard(params) {
      required(params, ['timestamp', 'nonceStr', 'cardSign'], 'chooseCard(params)');
      const wx = await configuredWx();
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
      const wx = await configuredWx();
      return invoke(wx, 'openCard', { cardList: list.map(({ cardId, code }) => ({ cardId, code })) }).then(() => undefined);
    },

    /** @type {typeof import('./index.js').consumeAndShareCard} */
    async consumeAndShareCard(card) {
      required(card, ['cardId', 'code'], 'consumeAndShareCard(card)');
      const wx = await configuredWx();
      return invoke(wx, 'consumeAndShareCard', { cardId: card.cardId, code: card.code }).then(() => undefined);
    },

    /** @type {typeof import('./index.js').readCardRedirect} */
    async readCardRedirect({ clean = false } = {}) {
      await init();
      const found = core.parseCardRedirect(location.href);
      // The landing URL keeps the parameters: iOS still checks wx.config against it.
      if (found && clean && found.strippedUrl !== location.href) {
        history.replaceState(history.state, '', found.strippedUrl);
      }
      return found;
    },
  };
}
