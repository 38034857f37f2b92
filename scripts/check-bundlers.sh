#!/usr/bin/env bash
# The `npm pack` tarball in a merchant's bundler: installed into a fresh Vite app and a fresh
# webpack app (tests/bundlers/, their bundlers pinned in package.json and package-lock.json, from
# the npm registry), each built, and each built page loaded in headless Chromium as a WeChat
# client (tests/bundlers/check.mjs). Everything, npm's cache included, stays under
# target/bundlers/. Needs `make pkg` (pkg/wasm, pkg/wasm-full) and `make setup` (Chromium,
# playwright-core).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bundlers
APPS=(vite webpack)

say() { printf '[bundlers] %s\n' "$*"; }
fail() { printf '[bundlers] FAILED: %s\n' "$*" >&2; exit 1; }

for f in pkg/wasm/wxcard_bg.wasm pkg/wasm-full/wxcard_bg.wasm; do
  [ -f "$f" ] || fail "$f is missing: run 'make pkg' first"
done
[ -d node_modules/playwright-core ] || fail "playwright-core is missing: run ./scripts/setup.sh"

# npm's cache and logs under target/ too; nothing else of npm's config changes.
export npm_config_cache=$OUT/npm-cache npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
start=$SECONDS
for app in "${APPS[@]}"; do rm -rf "${OUT:?}/$app"; done
rm -f "$OUT"/wxcard-*.tgz
mkdir -p "$OUT"

tarball=$(cd pkg && npm pack --silent --pack-destination "$OUT") || fail "npm pack in pkg/ failed"
say "packed $tarball"

# One install per app, the two at once: the app's pinned devDependencies (its lock file) and the
# tarball, as a merchant runs `npm install wxcard`. --no-save leaves the app's files as they are.
declare -A installing
# A failed install ends the script: the other, still running, ends with it.
trap 'for pid in "${installing[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
for app in "${APPS[@]}"; do
  dir=$OUT/$app
  cp -R "tests/bundlers/$app" "$dir"
  mkdir -p "$dir/src"
  cp tests/bundlers/app.mjs "$dir/src/app.mjs"
  (cd "$dir" && exec npm install --no-save --prefer-offline --loglevel=error "../$tarball") >"$dir/install.log" 2>&1 &
  installing[$app]=$!
done
for app in "${APPS[@]}"; do
  log=$OUT/$app/install.log
  status=0
  wait "${installing[$app]}" || status=$?
  unset 'installing[$app]'
  if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    fail "$app: npm install of the app and ../$tarball failed (is the npm registry reachable?); log: ${log#"$ROOT"/}"
  fi
done
say "installed the tarball and the bundlers in $((SECONDS - start))s"

for app in "${APPS[@]}"; do
  dir=$OUT/$app
  log=$dir/build.log
  if ! (cd "$dir" && npm run --silent build) >"$log" 2>&1; then
    cat "$log" >&2
    fail "$app: the build failed (npm run build in ${dir#"$ROOT"/}); log: ${log#"$ROOT"/}"
  fi
  [ -f "$dir/dist/index.html" ] || fail "$app: the build wrote no dist/index.html"
  version=$(cd "$dir" && node -p "require('$app/package.json').version")
  say "$app $version built ${dir#"$ROOT"/}/dist: $(cd "$dir/dist" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')"
done

node tests/bundlers/check.mjs "${APPS[@]/#/$OUT/}" || fail "a built page did not work (above)"
say "ok in $((SECONDS - start))s"
