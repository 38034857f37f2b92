// webpack 5 with its defaults: the wasm that wxcard's glue loads with
// `new URL('wxcard_bg.wasm', import.meta.url)` is emitted as an asset of dist/.
import { fileURLToPath } from 'node:url';

const page = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>wxcard with webpack</title></head>
<body>
<script src="main.js"></script>
</body>
</html>
`;

export default {
  mode: 'production',
  entry: './src/app.mjs',
  output: { path: fileURLToPath(new URL('dist/', import.meta.url)), clean: true },
  plugins: [{
    // The page itself, without a plugin to install.
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('IndexHtml', (compilation) => {
        compilation.hooks.processAssets.tap({ name: 'IndexHtml', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          compilation.emitAsset('index.html', new compiler.webpack.sources.RawSource(page));
        });
      });
    },
  }],
};
