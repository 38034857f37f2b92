// Compiled with `tsc --noEmit`: the package's types accept correct use and refuse the classic
// mistakes (cardExt as an object, missing cardSign, addCard treated as void).
import { addCard, chooseCard, configure, init, parseCardRedirect, readCardRedirect, supportsCards, WxCardError } from 'wxcard';
import type { AddedCard, CardRedirect, ChosenCard, Loaded, UserAgent } from 'wxcard';
import { diagnoseCardExt, explainErrcode, signCardExt, signChooseCard, signJsapiConfig, validateCardJson } from 'wxcard/full';

async function page(): Promise<void> {
  const loaded: Loaded = await init();
  if (!loaded.wasm && loaded.error?.code === 'WASM_UNAVAILABLE') console.log(loaded.error.message);
  const ok: boolean = supportsCards(navigator.userAgent);
  await configure({ appId: 'wx1', timestamp: 1414587457, nonceStr: 'n', signature: 's' });
  const added: AddedCard[] = await addCard([{ cardId: 'c', cardExt: '{"timestamp":"1","signature":"x"}' }]);
  const first: boolean = added[0].isSuccess;
  const chosen: ChosenCard[] = await chooseCard({ timestamp: 1, nonceStr: 'n', cardSign: 's' });
  const code: string = chosen[0].encryptCode;
  const r: CardRedirect | null = await readCardRedirect({ clean: true });
  const p = parseCardRedirect(location.href);
  if (p) {
    const stripped: string = p.strippedUrl;
    void stripped;
  }
  try {
    await addCard({ cardId: 'c', cardExt: 'x' });
  } catch (e) {
    if (e instanceof WxCardError) {
      const c: string = e.code;
      const v: string | null | undefined = e.version;
      const u: UserAgent | undefined = e.userAgent;
      void c, v, u;
    }
  }
  // @ts-expect-error cardExt must be a string, not an object
  await addCard({ cardId: 'c', cardExt: { signature: 'x' } });
  // @ts-expect-error cardSign is required
  await chooseCard({ timestamp: 1, nonceStr: 'n' });
  // @ts-expect-error addCard returns a promise of results, not void
  const nothing: void = addCard({ cardId: 'c', cardExt: '' });
  void ok, first, code, r, nothing;
}

function server(): void {
  const item = signCardExt({ apiTicket: 't', cardId: 'c', code: '1' });
  const ext: string = item.cardExt;
  const choose = signChooseCard({ apiTicket: 't', appId: 'wx1' });
  const sign: string = choose.cardSign;
  const config = signJsapiConfig({ jsapiTicket: 't', appId: 'wx1', url: 'https://x/' });
  const n: number = config.timestamp;
  const d = diagnoseCardExt({ cardId: 'c', cardExt: ext });
  const first: 'error' | 'warning' | 'info' = d.findings[0].severity;
  const e = explainErrcode(40053);
  const zh: string | undefined = e?.meaningZh;
  // @ts-expect-error appId is required for chooseCard
  signChooseCard({ apiTicket: 't' });
  const report = validateCardJson({ card: { card_type: 'CASH' } });
  const path: string = report.problems[0].path;
  const errcode: number | null = report.problems[0].errcode;
  // @ts-expect-error a card is JSON text or an object, not a number
  validateCardJson(40053);
  void sign, n, first, zh, path, errcode;
}

void page, server;
