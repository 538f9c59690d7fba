// Packages the extension the way `npm run package` does, in a staging copy of the project (so the
// real dist/ other tests use is never touched), with decoys a careless .vscodeignore would ship:
// sources, tests, lab keys, source maps. Then lists the .vsix and checks what it holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { zipEntries } from './zip';

const root = resolve(import.meta.dirname, '..', '..', '..');
let stage: string;
let entries: string[];

before(() => {
  stage = mkdtempSync(join(tmpdir(), 'mcp-doctor-vsix-'));
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'esbuild.mjs'])
    copyFileSync(join(root, file), join(stage, file));
  for (const dir of ['src', 'webview', 'node_modules']) symlinkSync(join(root, dir), join(stage, dir));
  cpSync(join(root, 'scripts'), join(stage, 'scripts'), { recursive: true });
  cpSync(join(root, 'media'), join(stage, 'media'), { recursive: true });
  cpSync(join(root, 'docs'), join(stage, 'docs'), { recursive: true });
  mkdirSync(join(stage, 'test', 'lab', 'keys'), { recursive: true });
  writeFileSync(join(stage, 'test', 'lab', 'keys', 'ca.key'), '-----BEGIN PRIVATE KEY-----\ndecoy\n-----END PRIVATE KEY-----\n');
  mkdirSync(join(stage, 'dist'));
  writeFileSync(join(stage, 'dist', 'stale.js.map'), '{}');
  const out = join(stage, 'out.vsix');
  const result = spawnSync(process.execPath, [join(stage, 'scripts', 'package.mjs'), out], {
    cwd: stage,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, `packaging failed:\n${result.stdout}\n${result.stderr}`);
  entries = zipEntries(out);
});

after(() => rmSync(stage, { recursive: true, force: true }));

test('the .vsix holds the bundles, media and manifest docs', () => {
  for (const name of [
    'extension/package.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/changelog.md',
    'extension/dist/extension.js',
    'extension/dist/engine.js',
    'extension/dist/cli.js',
    'extension/dist/cli-commands.js',
    'extension/dist/webview.js',
    'extension/dist/webview.css',
    'extension/docs/findings.md',
  ]) {
    assert.ok(entries.includes(name), `${name} missing from ${entries.join(', ')}`);
  }
  assert.ok(
    entries.some((name) => name.startsWith('extension/media/')),
    'media/ shipped',
  );
});

test('the .vsix holds no sources, tests, dependencies, source maps or keys', () => {
  const forbidden = entries.filter(
    (name) =>
      /^extension\/(src|test|webview|node_modules|scripts)\//.test(name) ||
      /\.(map|ts|key|pem)$/.test(name) ||
      name.endsWith('esbuild.mjs'),
  );
  assert.deepEqual(forbidden, []);
  const files = entries.filter((name) => name.startsWith('extension/'));
  assert.ok(files.length < 20, `unexpectedly many files: ${files.join(', ')}`);
});
