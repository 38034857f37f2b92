#!/usr/bin/env bash
# `npm pack` in pkg/ must give an installable tarball: install it into a scratch project and
# use it from Node the way a merchant's server or build would.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(cd pkg && npm pack --silent --pack-destination "$work")
(cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "./$tarball" >/dev/null)
cat > "$work/use.mjs" <<'JS'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as phone from 'wxcard';
import * as full from 'wxcard/full';
const require = createRequire(import.meta.url);
phone.initSync(readFileSync(require.resolve('wxcard/wasm/wxcard_bg.wasm')));
full.initSync(readFileSync(require.resolve('wxcard/wasm-full/wxcard_bg.wasm')));
if (!phone.supportsCards('Mozilla/5.0 MicroMessenger/8.0.1')) throw new Error('supportsCards');
const { cardExt } = full.signCardExt({ apiTicket: 'ojZ8YtyVyr30HheH3CM73y7h4jJE', cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk', code: '1434008071', timestamp: 1404896688, nonceStr: '123' });
if (JSON.parse(cardExt).signature !== 'f137ab68b7f8112d20ee528ab6074564e2796250') throw new Error('signature');
console.log('installed tarball works in Node:', cardExt);
JS
(cd "$work" && node use.mjs)
echo "tarball contents:"; tar tzf "$work/$tarball" | sed 's/^/  /'
