// Times card_ext signing in headless Chromium (see bench/browser.html) and prints the figures.
import { launch, newPage, serveStatic, UA } from '../tests/js/helpers.mjs';

const server = await serveStatic();
const browser = await launch();
try {
  const { page } = await newPage(browser, { userAgent: UA.desktopChrome, bridge: false });
  await page.goto(`${server.url}/bench/browser.html`);
  const r = await page.waitForFunction(() => window.results, null, { timeout: 300_000 }).then((h) => h.jsonValue());
  const row = (name, ns, note = '') => console.log(`  ${name.padEnd(44)} ${ns.toFixed(0).padStart(7)} ns${note}`);
  console.log(`card_ext signing in headless Chromium ${browser.version()}, 100k calls each:`);
  row('wxcard/full signCardExt (object in and out)', r.wasmApiNs);
  row('pure JavaScript (js-sha1)', r.pureJsNs, `   wxcard/full ${(r.pureJsNs / r.wasmApiNs).toFixed(2)}x faster`);
  row('WebCrypto subtle.digest (async)', r.webCryptoNs, `   wxcard/full ${(r.webCryptoNs / r.wasmApiNs).toFixed(1)}x faster`);
  console.log(`  wasm-full fetch + compile + instantiate: ${r.instantiateMs.toFixed(1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
