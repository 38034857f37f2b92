// One whole wx.addCard item ({cardId, cardExt}) signed in Node: wxcard/full against the same
// work done with node:crypto and JSON.stringify. Prints ns per item (median of the runs, one
// process) and the ratio. Needs pkg/ built (make pkg).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as full from '../pkg/full.js';

full.initSync(readFileSync(new URL('../pkg/wasm-full/wxcard_bg.wasm', import.meta.url)));

const input = {
  apiTicket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
  cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk',
  code: '1434008071',
  openid: 'oUser_0123456789abcdef',
  timestamp: 1414587457,
  nonceStr: 'Wm3WZYTPz0wzccnW',
};

// What a Node server writes by hand, as fast as it goes: the non-empty values sorted as
// strings (the same as byte order for these ASCII values), joined, SHA-1, then the cardExt
// JSON string.
function nodeCrypto({ apiTicket, cardId, code = '', openid = '', timestamp, nonceStr = '' }) {
  const ts = String(timestamp);
  const values = [apiTicket, ts, cardId, code, openid, nonceStr].filter((v) => v !== '');
  const signature = createHash('sha1').update(values.sort().join('')).digest('hex');
  const ext = { timestamp: ts, signature };
  if (code) ext.code = code;
  if (openid) ext.openid = openid;
  if (nonceStr) ext.nonce_str = nonceStr;
  return { cardId, cardExt: JSON.stringify(ext) };
}

const ours = full.signCardExt(input);
const theirs = nodeCrypto(input);
if (JSON.parse(ours.cardExt).signature !== JSON.parse(theirs.cardExt).signature) {
  throw new Error(`signatures differ: ${ours.cardExt} vs ${theirs.cardExt}`);
}

const N = 100_000;
const RUNS = Number(process.env.RUNS || 9);
function time(fn) {
  for (let i = 0; i < 20_000; i++) fn(input); // warm up the JIT
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn(input);
    runs.push(Number(process.hrtime.bigint() - start) / N);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

// Interleaved, so a slow patch of the machine hits both.
const wasm = [];
const node = [];
for (let round = 0; round < 3; round++) {
  wasm.push(time(full.signCardExt));
  node.push(time(nodeCrypto));
}
const median = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
const [w, n] = [median(wasm), median(node)];
console.log(`one wx.addCard item {cardId, cardExt} in Node ${process.version}, ns per item (median of ${3 * RUNS} runs of ${N}):`);
console.log(`  ${'wxcard/full signCardExt'.padEnd(36)} ${w.toFixed(0).padStart(7)} ns`);
console.log(`  ${'node:crypto + JSON.stringify'.padEnd(36)} ${n.toFixed(0).padStart(7)} ns`);
console.log(`node_ratio ${(n / w).toFixed(2)} (wxcard/full is ${(n / w).toFixed(2)}x as fast)`);
