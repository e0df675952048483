// Bundles the extension (dist/extension.js) and the vnet language server from this repository's
// sources (server/vnet-lsp.js; the operations' hover lines come from the op registry inside it), so the
// packaged extension needs no node_modules and no vnet installed. Run by `npm run bundle` and by
// `vsce package` (vscode:prepublish). The repository's own node_modules (npm ci at its root) supply the
// server's libraries.
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** dsl/chevrotain.ts loads chevrotain's own bundle by path at run time; in a bundle, import the package. */
const chevrotainFromPackage = {
  name: 'chevrotain-from-package',
  setup(build) {
    build.onResolve({ filter: /\/chevrotain\.js$/ }, (args) => (args.importer.includes('/dsl/') ? { path: 'vnet:chevrotain', namespace: 'vnet' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'vnet' }, () => ({
      contents: "export { CstParser, EOF, Lexer, createToken, generateCstDts } from 'chevrotain';",
      resolveDir: here('../../'),
    }));
  },
};

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', minify: true, logLevel: 'warning', legalComments: 'none' };

await esbuild.build({
  ...common,
  entryPoints: [here('src/extension.js')],
  outfile: here('dist/extension.js'),
  external: ['vscode'],
});

await esbuild.build({
  ...common,
  entryPoints: [here('src/server.js')],
  outfile: here('server/vnet-lsp.js'),
  // The language server never runs a model: the runtimes' lazy imports stay unresolved.
  external: ['onnxruntime-node', 'onnxruntime-web', 'esbuild'],
  // import.meta.url (modules that find files beside themselves use it) in a CommonJS bundle.
  banner: { js: "const __vnet_import_meta_url = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__vnet_import_meta_url' },
  plugins: [chevrotainFromPackage],
  mainFields: ['module', 'main'],
});
