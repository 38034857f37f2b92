// Shared by the browser tests: a static file server on loopback, Debian's Chromium through
// playwright-core, and a recording stand-in for the WeChat client's WeixinJSBridge.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const UA = {
  wechat8: 'Mozilla/5.0 (Linux; Android 12; Pixel 6) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230303 MMWEBID/1234 MicroMessenger/8.0.34.2340(0x2800225B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  wechatIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x18003237) NetType/WIFI Language/zh_CN',
  // A version jweixin compares as a string below "6.0.2": its wx.error is never registered.
  wechat10: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.0.0 Mobile Safari/537.36 MicroMessenger/10.0.0.2600(0x2A000035) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN',
  wechat601: 'Mozilla/5.0 (iPhone; CPU iPhone OS 8_0 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12A365 MicroMessenger/6.0.1 NetType/WIFI',
  desktopChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
};

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

/** Serves the repository read-only on 127.0.0.1, on a free port. */
export async function serveStatic() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^([/\\])+/, '');
    if (path.startsWith('..')) return res.writeHead(403).end();
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Starts the demo server (target/debug/wxcard-demo) on a free port with fixed sandbox tickets. */
export async function startDemo(env = {}) {
  const { spawn } = await import('node:child_process');
  const bin = process.env.WXCARD_DEMO || join(ROOT, 'target/debug/wxcard-demo');
  const child = spawn(bin, ['--port', '0'], { cwd: ROOT, env: { ...process.env, WXCARD_APPID: '', WXCARD_SECRET: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server did not start: ${output}`)), 15000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = output.match(/wxcard demo: (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => reject(new Error(`demo server exited ${code}: ${output}`)));
  });
  return { url, log: () => output, close: () => new Promise((r) => { child.on('exit', r); child.kill('SIGINT'); }) };
}

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page whose only network is loopback (anything else is aborted and recorded), with a
 * WeixinJSBridge stand-in installed before any script runs (`verify`: see installBridge).
 */
export async function newPage(browser, { userAgent, bridge = true, verify = null, viewport = { width: 390, height: 844 } } = {}) {
  const context = await browser.newContext({ userAgent, viewport, deviceScaleFactor: 1 });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  if (bridge) await context.addInitScript(installBridge, verify);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, context, blocked, errors };
}

/**
 * Runs in the page: records every invoke and answers the way the WeChat client does. With
 * `__bridge.verify = { ticket }` set, preVerifyJSAPI checks the wx.config signature as WeChat
 * does: against the URL the page was entered with on iOS (`checks: 'landing'`), the current URL
 * elsewhere (`checks: 'current'`), answering "config:invalid signature" when it differs (with
 * `realAuthUrl: true`, naming the URL it checked in `realAuthUrl`, as debug mode does).
 */
function installBridge(verify) {
  const calls = [];
  const modes = {};
  const landing = location.href.split('#')[0];
  window.__bridge = { calls, modes, verify };
  const sha1 = async (text) => {
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  };
  const reply = async (name, args) => {
    let mode = modes[name] || 'ok';
    const verify = window.__bridge.verify;
    if (name === 'preVerifyJSAPI' && verify && mode === 'ok') {
      const ios = /iphone|ipad/i.test(navigator.userAgent);
      const url = (verify.checks || (ios ? 'landing' : 'current')) === 'landing' ? landing : location.href.split('#')[0];
      const expected = await sha1(`jsapi_ticket=${verify.ticket}&noncestr=${args.verifyNonceStr}&timestamp=${args.verifyTimestamp}&url=${url}`);
      if (expected !== args.verifySignature) mode = 'invalid signature';
    }
    const res = { err_msg: `${name}:${mode}` };
    if (mode === 'invalid signature' && verify?.realAuthUrl) {
      res.realAuthUrl = ((verify.checks || (/iphone|ipad/i.test(navigator.userAgent) ? 'landing' : 'current')) === 'landing' ? landing : location.href.split('#')[0]);
    }
    if (mode !== 'ok') return res;
    if (name === 'batchAddCard') {
      res.card_list = JSON.stringify(args.card_list.map((c) => ({ card_id: c.card_id, card_ext: c.card_ext, is_succ: 1 })));
    } else if (name === 'chooseCard') {
      res.choose_card_info = JSON.stringify(window.__bridge.chooseInfo || [{ card_id: 'pChosen1', encrypt_code: 'Ab+c/D==' }]);
    } else if (name === 'getNetworkType') {
      res.err_msg = 'network_type:wifi';
    }
    return res;
  };
  window.WeixinJSBridge = {
    invoke(name, args, callback) {
      calls.push({ name, args: JSON.parse(JSON.stringify(args)) });
      // modes[name] = 'never': the call is taken and never answered.
      if (modes[name] !== 'never') setTimeout(async () => callback && callback(await reply(name, args)), 0);
    },
    on() {},
  };
}

/**
 * For a test file: the repository served on loopback and one Chromium, started before its tests
 * and closed after them. Read `.server` and `.browser` inside the tests.
 */
export function staticServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveStatic();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
