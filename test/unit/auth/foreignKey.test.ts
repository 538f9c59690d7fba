// The foreign-key probe's throwaway RSA key is remembered in the run's store, so a CLI process no
// longer waits on a fresh prime search. Each run below is its own process (the key is memoised
// per process); what must hold: the second process signs with the key the first one stored,
// nothing is stored without a store, and the stored key is private to the user.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { importJWK, type JWK, jwtVerify } from 'jose';
import { fileStore } from '../../../src/core/store/fileStore';
import { FOREIGN_KEY_STORE_KEY } from '../../../src/core/auth/forge';

const dir = mkdtempSync(join(tmpdir(), 'mcpdoctor-foreign-key-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const forge = join(__dirname, '../../../src/core/auth/forge.ts');
const storeModule = join(__dirname, '../../../src/core/store/fileStore.ts');

/** One process: prewarm with (or without) a file store, then sign a probe token. */
function signInChild(storeDir: string | undefined): Promise<string> {
  const script = [
    `const { prewarmForeignKey, foreignKeyToken } = require(${JSON.stringify(forge)});`,
    `const { fileStore } = require(${JSON.stringify(storeModule)});`,
    `prewarmForeignKey(${storeDir ? `fileStore(${JSON.stringify(storeDir)})` : 'undefined'});`,
    "foreignKeyToken({ sub: 'probe' }, 'kid-1').then((t) => setTimeout(() => console.log(t), 200));",
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(stderr || err.message)) : resolve(stdout.trim()),
    );
  });
}

test('a second process signs with the key the first one stored', async () => {
  const storeDir = join(dir, 'cache');
  const first = await signInChild(storeDir);
  const stored = await fileStore(storeDir).get<JWK>(FOREIGN_KEY_STORE_KEY);
  assert.equal(stored?.kty, 'RSA');
  const { d: _private, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored!;
  const publicKey = await importJWK(publicJwk, 'RS256');
  const second = await signInChild(storeDir);
  assert.notEqual(second, '');
  for (const token of [first, second]) {
    const { protectedHeader } = await jwtVerify(token, publicKey);
    assert.deepEqual([protectedHeader.alg, protectedHeader.kid], ['RS256', 'kid-1']);
  }
  const files = readdirSync(storeDir);
  assert.ok(
    files.every((f) => (statSync(join(storeDir, f)).mode & 0o077) === 0),
    'only the user can read the store',
  );
});

test('without a store nothing is written and each process has its own key', async () => {
  const [a, b] = await Promise.all([signInChild(undefined), signInChild(undefined)]);
  assert.notEqual(a.split('.')[2], b.split('.')[2]);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f !== 'cache'),
    [],
  );
});
