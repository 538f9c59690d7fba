import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeChild } from '../lib/child';
import { type FigureResult } from '../lib/types';

const KB = 1024;

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The biggest contributors to a bundle, grouped by package or source folder (from esbuild's metafile). */
function topInputs(meta: Metafile, n: number): string {
  const output = Object.values(meta.outputs)[0];
  if (!output) return '';
  const groups = new Map<string, number>();
  for (const [file, info] of Object.entries(output.inputs)) {
    const parts = file.split('/');
    const key = parts[0] === 'node_modules' ? parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/') : parts.slice(0, 3).join('/');
    groups.set(key, (groups.get(key) ?? 0) + info.bytesInOutput);
  }
  return [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${(v / KB).toFixed(0)} KB`)
    .join(', ');
}

/** Packages the extension like `npm run package` in a staging copy (the real dist/ is untouched). */
async function packageVsix(root: string): Promise<{ bytes: number; error?: string }> {
  const stage = mkdtempSync(join(tmpdir(), 'mcp-doctor-bench-vsix-'));
  try {
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'esbuild.mjs'])
      copyFileSync(join(root, file), join(stage, file));
    for (const dir of ['src', 'webview', 'node_modules']) symlinkSync(join(root, dir), join(stage, dir));
    cpSync(join(root, 'scripts'), join(stage, 'scripts'), { recursive: true });
    cpSync(join(root, 'media'), join(stage, 'media'), { recursive: true });
    mkdirSync(join(stage, 'dist'));
    const out = join(stage, 'out.vsix');
    const run = await timeChild(process.execPath, [join(stage, 'scripts', 'package.mjs'), out], { timeoutMs: 180_000 });
    if (run.code !== 0) return { bytes: NaN, error: (run.stderr || run.stdout).slice(0, 300) };
    return { bytes: statSync(out).size };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Figure 4: production bundle sizes and the .vsix. */
export async function sizesFigure(root: string, prodDir: string, metafile: string): Promise<FigureResult> {
  const size = (name: string) => statSync(join(prodDir, name)).size;
  const metas = JSON.parse(readFileSync(metafile, 'utf8')) as Record<string, Metafile>;
  const meta = (name: string) => metas[join(prodDir, name)] ?? metas[`${prodDir}/${name}`];
  const files = ['extension.js', 'engine.js', 'webview.js', 'webview.css', 'cli.js', 'cli-commands.js'];
  const bytes = Object.fromEntries(files.map((f) => [f, size(f)]));
  const vsix = await packageVsix(root);
  const ext = bytes['extension.js']!;
  const web = bytes['webview.js']!;
  return {
    id: 'sizes',
    title: '4. Size (production build: minified, no source maps)',
    lines: [
      ...files.map((f) => `- dist/${f}: ${(bytes[f]! / KB).toFixed(1)} KB${meta(f) ? ` — largest: ${topInputs(meta(f)!, 4)}` : ''}`),
      `- .vsix (scripts/package.mjs in a staging copy): ${vsix.error ? `failed: ${vsix.error}` : `${(vsix.bytes / KB).toFixed(1)} KB`}`,
      'dist/engine.js (the engine, required on first use) and dist/cli-commands.js (the CLI commands) are separate bundles, see esbuild.mjs.',
    ],
    targets: [
      { target: 'dist/extension.js ≤ 600 KB', measured: `${(ext / KB).toFixed(1)} KB`, holds: ext <= 600 * KB },
      { target: 'dist/webview.js ≤ 300 KB', measured: `${(web / KB).toFixed(1)} KB`, holds: web <= 300 * KB },
      {
        target: '.vsix ≤ 1.5 MB',
        measured: vsix.error ? 'packaging failed' : `${(vsix.bytes / KB / KB).toFixed(2)} MB`,
        holds: vsix.error ? undefined : vsix.bytes <= 1.5 * KB * KB,
      },
    ],
    data: { bytes, vsixBytes: vsix.bytes, vsixError: vsix.error },
  };
}
