// The CLI loads its commands bundle with a V8 code cache. Each run is a child process (the cache
// is written at exit); what must hold: the bundle's real exports every time, one cache file per
// bundle text (V8 alone would accept a same-length edit), and no failure when the cache cannot be written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'mcpdoctor-codecache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const loader = join(__dirname, '../../../src/cli/codeCache.ts');

function load(bundle: string, cacheDir: string): Promise<string> {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(loader)}); console.log(requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}).answer());`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim()),
    );
  });
}

const cacheFiles = (cacheDir: string) => readdirSync(cacheDir).filter((n) => n.endsWith('.v8cache'));

test('the bundle runs with its exports, and its compiled code is kept for the next run', async () => {
  const bundle = join(dir, 'commands.js');
  const cacheDir = join(dir, 'cache');
  writeFileSync(bundle, "const path = require('node:path'); exports.answer = () => 'one:' + path.basename(__filename);");
  assert.equal(await load(bundle, cacheDir), 'one:commands.js');
  assert.equal(cacheFiles(cacheDir).length, 1, 'written at exit');
  assert.equal(await load(bundle, cacheDir), 'one:commands.js', 'the cached run behaves the same');
});

test('an edit of the same length runs the new code and replaces the old cache', async () => {
  const bundle = join(dir, 'same-length.js');
  const cacheDir = join(dir, 'cache2');
  writeFileSync(bundle, "exports.answer = () => 'old';");
  assert.equal(await load(bundle, cacheDir), 'old');
  const before = cacheFiles(cacheDir);
  writeFileSync(bundle, "exports.answer = () => 'new';");
  assert.equal(await load(bundle, cacheDir), 'new');
  const afterEdit = cacheFiles(cacheDir);
  assert.equal(afterEdit.length, 1);
  assert.notDeepEqual(afterEdit, before);
});

test('a cache directory that cannot be written only costs the cache', async () => {
  const bundle = join(dir, 'ro.js');
  const cacheDir = join(dir, 'readonly');
  writeFileSync(bundle, "exports.answer = () => 'still runs';");
  writeFileSync(cacheDir, 'a file where the directory should be');
  chmodSync(cacheDir, 0o400);
  assert.equal(await load(bundle, cacheDir), 'still runs');
});

test('a cache file others could have written is never loaded (it is code)', async () => {
  const bundle = join(dir, 'planted.js');
  const cacheDir = join(dir, 'cache3');
  writeFileSync(bundle, "exports.answer = () => 'real';");
  assert.equal(await load(bundle, cacheDir), 'real');
  const [name] = cacheFiles(cacheDir);
  chmodSync(join(cacheDir, name!), 0o666);
  const before = readdirSync(cacheDir);
  assert.equal(await load(bundle, cacheDir), 'real');
  assert.equal(statSync(join(cacheDir, cacheFiles(cacheDir)[0]!)).mode & 0o022, 0, 'replaced by a private copy');
  assert.deepEqual(readdirSync(cacheDir), before);
});
