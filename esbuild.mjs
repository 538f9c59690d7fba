// Builds the three bundles: the extension host (Node, CJS, `vscode` external), the CLI (Node,
// runnable) and the webview (browser). `--watch` rebuilds on change; `--production` minifies
// and drops source maps (what the .vsix ships).
import { readFileSync, writeFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';
const argValue = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
// `--outdir DIR` builds elsewhere (the bench measures a production build without touching dist/);
// `--metafile FILE` writes esbuild's metafiles (what each bundle holds) as one JSON object.
const outdir = argValue('--outdir') ?? 'dist';
const metafile = argValue('--metafile');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __MCP_DOCTOR_VERSION__: JSON.stringify(version), __MCP_DOCTOR_BUNDLE__: 'true' },
};

/**
 * Lazily loaded halves ship as their own files: `import('./engineBundle')` in the extension and
 * `import('./commands')` in the CLI become `require('./engine.js')` / `require('./cli-commands.js')`
 * at run time, so activation and `--help` never parse the engine (undici, jose).
 */
const LAZY = { 'src/extension/engine.ts:./engineBundle': './engine.js', 'src/cli/main.ts:./commands': './cli-commands.js' };
const lazySplit = {
  name: 'lazy-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/(engineBundle|commands)$/ }, (args) => {
      const importer = args.importer
        .slice(process.cwd().length + 1)
        .split('\\')
        .join('/');
      const target = LAZY[`${importer}:${args.path}`];
      return target && args.kind === 'dynamic-import' ? { path: target, external: true } : undefined;
    });
  },
};

// Without dynamic-import support esbuild turns `import('./engine.js')` into require(): Node's
// import() of a CommonJS file goes through the ESM loader, which first scans the whole 750 KB
// bundle for named exports (cjs-module-lexer: ~70 ms per load in --cpu-prof).
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', supported: { 'dynamic-import': false }, plugins: [lazySplit] };
const out = (name) => `${outdir}/${name}`;

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: out('extension.js'), external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/engineBundle.ts'], outfile: out('engine.js') },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: out('cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['src/cli/commands.ts'], outfile: out('cli-commands.js') },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/main.ts'], outfile: out('webview.js') },
].map((options) => ({ ...options, metafile: Boolean(metafile) }));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[watch] building; press Ctrl+C to stop');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  if (metafile) {
    const metas = Object.fromEntries(results.map((r, i) => [builds[i].outfile, r.metafile]));
    writeFileSync(metafile, JSON.stringify(metas));
  }
}
