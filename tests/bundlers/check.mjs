// Loads each built app (its dist/) in headless Chromium as a WeChat client on Android and checks
// the page a merchant wrote: `await init()` loaded the wasm the bundler emitted into dist/,
// parseUserAgent(navigator.userAgent).supportsCards is true, and wx.config and wx.addCard went
// through the JS-SDK to the WeixinJSBridge stand-in. Run by scripts/check-bundlers.sh:
//   node tests/bundlers/check.mjs APP_DIR...   (each with dist/ and node_modules/wxcard/)
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { basename, extname, join, normalize, relative, resolve } from 'node:path';
import { launch, newPage, UA } from '../js/helpers.mjs';

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const APP_ID = 'wx0123456789abcdef';
const TIMEOUT_MS = 20000;
// The JS-SDK's own beacon after wx.config (an image), which the page may not reach here.
const JSSDK_REPORT = 'https://open.weixin.qq.com/sdk/report';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

const sha1 = (text) => createHash('sha1').update(text).digest('hex');

/** dist/ on loopback, with the two endpoints of the merchant's server the page calls. */
async function serveApp(dist) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    requests.push(`${req.method} ${pathname}`);
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const json = (value) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (pathname === '/api/jsapi-config') {
        // Signed as the server does (docs/server.md), for the URL the page asks for.
        const { url } = JSON.parse(body);
        const timestamp = Math.floor(Date.now() / 1000);
        const nonceStr = 'Wm3WZYTPz0wzccnW';
        return json({ appId: APP_ID, timestamp, nonceStr, signature: sha1(`jsapi_ticket=${TICKET}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`) });
      }
      if (pathname === '/api/card-ext') {
        const { cards } = JSON.parse(body);
        return json({ cardList: cards.map(({ cardId }) => ({ cardId, cardExt: JSON.stringify({ timestamp: '1404896688', nonce_str: '123', signature: 'f137ab68b7f8112d20ee528ab6074564e2796250' }) })) });
      }
      return res.writeHead(404).end();
    }
    const path = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
    if (path.startsWith('..')) return res.writeHead(403).end();
    try {
      const body = await readFile(join(dist, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

/** Runs in the page before its scripts: records every wasm instantiation and where it came from. */
function recordWasm() {
  const loads = (window.__wasmLoads = []);
  const { instantiateStreaming, instantiate } = WebAssembly;
  WebAssembly.instantiateStreaming = async function (source, imports) {
    const response = await source;
    const result = await instantiateStreaming.call(this, response, imports);
    loads.push({ how: 'instantiateStreaming', url: response.url, exports: Object.keys(result.instance.exports).length });
    return result;
  };
  WebAssembly.instantiate = async function (source, imports) {
    const result = await instantiate.call(this, source, imports);
    loads.push({ how: 'instantiate', url: null, exports: Object.keys((result.instance || result).exports).length });
    return result;
  };
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

/** Checks one app; answers the list of what went wrong (empty when all is well). */
async function checkApp(browser, appDir) {
  const name = basename(appDir);
  const dist = join(appDir, 'dist');
  const problems = [];
  const packageWasm = await readFile(join(appDir, 'node_modules/wxcard/wasm/wxcard_bg.wasm')).catch(() => null);
  if (!packageWasm) return [`${name}: node_modules/wxcard/wasm/wxcard_bg.wasm is missing: the tarball was not installed`];
  const wasmFiles = (await filesUnder(dist).catch(() => [])).filter((f) => f.endsWith('.wasm'));
  if (wasmFiles.length !== 1) problems.push(`${name}: dist/ holds ${wasmFiles.length} .wasm files (${wasmFiles.map((f) => relative(dist, f)).join(', ') || 'none'}); the phone module should emit exactly one, wxcard's phone wasm`);

  const server = await serveApp(dist);
  const { page, context, blocked, errors } = await newPage(browser, { userAgent: UA.wechat8 });
  try {
    // The bridge stand-in checks the wx.config signature as WeChat does.
    await context.addInitScript((ticket) => { window.__bridge.verify = { ticket }; }, TICKET);
    await context.addInitScript(recordWasm);
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      if (m.location().url.startsWith(JSSDK_REPORT)) return;
      consoleErrors.push(`${m.type()}: ${m.text()} (${m.location().url})`);
    });
    const wasmResponses = [];
    page.on('response', (r) => { if (new URL(r.url()).pathname.endsWith('.wasm')) wasmResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }); });

    await page.goto(`${server.url}/`, { waitUntil: 'load', timeout: TIMEOUT_MS });
    const result = await page.waitForFunction(() => window.__wxcard, null, { timeout: TIMEOUT_MS })
      .then(() => page.evaluate(() => window.__wxcard))
      .catch((e) => ({ ok: false, message: `the built page never set window.__wxcard: its script did not run or hung (${String(e.message).split('\n')[0]})` }));
    const loads = await page.evaluate(() => window.__wasmLoads || []);
    const calls = await page.evaluate(() => (window.__bridge?.calls || []).map((c) => c.name));

    if (!result.ok) problems.push(`${name}: the page failed: ${result.code ? `${result.code} ` : ''}${result.message}`);
    else {
      if (result.supportsCards !== true) problems.push(`${name}: parseUserAgent(navigator.userAgent).supportsCards is ${result.supportsCards}, not true, for ${UA.wechat8}`);
      if (!Array.isArray(result.added) || result.added.length !== 1 || result.added[0].isSuccess !== true) problems.push(`${name}: addCard answered ${JSON.stringify(result.added)}, not one card added`);
    }
    for (const api of ['preVerifyJSAPI', 'batchAddCard']) {
      if (!calls.includes(api)) problems.push(`${name}: WeixinJSBridge never got ${api} (calls: ${calls.join(', ') || 'none'})`);
    }

    // The wasm came from dist/, as the bundler emitted it, and was instantiated from there.
    const streamed = loads.filter((l) => l.how === 'instantiateStreaming');
    if (loads.length !== 1 || streamed.length !== 1) {
      problems.push(`${name}: expected one WebAssembly.instantiateStreaming of the emitted wasm, saw ${JSON.stringify(loads)}`);
    }
    for (const { url } of streamed) {
      const u = new URL(url);
      const file = resolve(dist, `.${decodeURIComponent(u.pathname)}`);
      const served = u.origin === server.url && file.startsWith(resolve(dist) + '/') ? await readFile(file).catch(() => null) : null;
      if (!served) problems.push(`${name}: the wasm was instantiated from ${url}, which is not a file of dist/`);
      else if (!served.equals(packageWasm)) problems.push(`${name}: ${relative(appDir, file)} differs from the package's wasm/wxcard_bg.wasm (${served.length} vs ${packageWasm.length} bytes)`);
    }
    const bad = wasmResponses.filter((r) => r.status !== 200 || r.type !== 'application/wasm');
    if (bad.length) problems.push(`${name}: wasm responses ${JSON.stringify(bad)}`);
    if (errors.length) problems.push(`${name}: page errors: ${errors.join(' | ')}`);
    if (consoleErrors.length) problems.push(`${name}: console: ${consoleErrors.join(' | ')}`);
    const beyond = blocked.filter((u) => !u.startsWith(JSSDK_REPORT));
    if (beyond.length) problems.push(`${name}: the page reached beyond loopback: ${beyond.join(', ')}`);

    if (problems.length) problems.push(`${name}: requests served: ${server.requests.join(', ')}`);
    else {
      const [{ url }] = streamed;
      console.log(`ok ${name}: init() instantiated ${new URL(url).pathname} (${packageWasm.length} bytes, the package's own), `
        + `supportsCards for MicroMessenger/${result.version}, wx.config signed for the ${result.urlKind} URL, addCard added ${result.added[0].cardId}`);
    }
  } finally {
    await context.close();
    await server.close();
  }
  return problems;
}

const apps = process.argv.slice(2);
if (!apps.length) {
  console.error('usage: node tests/bundlers/check.mjs APP_DIR...');
  process.exit(2);
}
const browser = await launch().catch((e) => {
  console.error(`could not start Chromium (${process.env.CHROMIUM || '/usr/bin/chromium'}): ${e.message}\nrun ./scripts/setup.sh`);
  process.exit(1);
});
let problems = [];
try {
  for (const app of apps) problems = problems.concat(await checkApp(browser, resolve(app)));
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
