// The production build keeps the engine out of the bundles that load eagerly: dist/extension.js
// (parsed on activation) and dist/cli.js (parsed for --help) reach it only through require() of
// dist/engine.js and dist/cli-commands.js. Built into a temp dir; the real dist/ is not touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..', '..');

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('production bundles (esbuild.mjs --production)', () => {
  let out: string;
  let metas: Record<string, Metafile>;
  const inputs = (name: string) => Object.keys(Object.values(metas[join(out, name)]!.outputs)[0]!.inputs);

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'mcp-doctor-bundles-'));
    const build = spawnSync(
      process.execPath,
      [join(root, 'esbuild.mjs'), '--production', '--outdir', out, '--metafile', join(out, 'meta.json')],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(build.status, 0, build.stderr);
    metas = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Record<string, Metafile>;
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('the extension bundle holds no engine code and requires dist/engine.js on demand', () => {
    const heavy = inputs('extension.js').filter((f) => /node_modules\/(undici|jose)\/|src\/core\/(diagnose|http|mcp|auth)\//.test(f));
    assert.deepEqual(heavy, []);
    assert.match(readFileSync(join(out, 'extension.js'), 'utf8'), /require\("\.\/engine\.js"\)/);
    assert.ok(inputs('engine.js').some((f) => f.includes('src/core/diagnose/diagnose.ts')));
    assert.ok(statSync(join(out, 'extension.js')).size <= 600 * 1024, 'dist/extension.js within its 600 KB budget');
  });

  it('the CLI entry holds only the usage text and loads its commands bundle, with a code cache', () => {
    const allowed = ['src/core/version.ts', 'src/core/store/fileStore.ts', 'src/core/store/jsonStore.ts'];
    assert.deepEqual(
      inputs('cli.js').filter((f) => f.startsWith('node_modules') || (f.includes('src/core/') && !allowed.some((a) => f.endsWith(a)))),
      [],
    );
    assert.match(readFileSync(join(out, 'cli.js'), 'utf8'), /"cli-commands\.js"/);
    const cacheDir = join(out, 'cache');
    const env = { ...process.env, MCP_DOCTOR_CACHE_DIR: cacheDir };
    const version = spawnSync(process.execPath, [join(out, 'cli.js'), '--version'], { encoding: 'utf8', timeout: 30_000, env });
    assert.equal(version.status, 0);
    assert.throws(() => statSync(cacheDir), '--version loads no commands and caches nothing');
    const usage = spawnSync(process.execPath, [join(out, 'cli.js'), 'diagnose', '--no-such-flag'], {
      encoding: 'utf8',
      timeout: 30_000,
      env,
    });
    assert.equal(usage.status, 2, 'a usage error from the commands bundle is still a usage error');
    assert.match(usage.stderr, /no-such-flag/);
    assert.ok(
      readdirSync(cacheDir).some((n) => /^cli-commands-[0-9a-f]+\.v8cache$/.test(n)),
      'the compiled commands are cached',
    );
  });
});
