// curl's version decides its SSL_CERT_FILE / SSL_CERT_DIR rule; it is asked once and remembered by
// the binary's path and mtime, so a CLI run spawns no `curl --version`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { findOnPath } from '../../../src/core/fs/onPath';
import { memoryStore } from '../../../src/core/store/jsonStore';
import { curlInfoFor } from '../../../src/core/tls/curlCache';
import { curlInfo, execCommand, type CommandRunner } from '../../../src/core/tls/system';
import { missingReason } from '../../support/requires';

test('the real curl: its version, remembered under its path and mtime', async (t) => {
  const curl = await findOnPath('curl', process.env);
  if (!curl) return t.skip(missingReason(['curl']));
  const store = memoryStore();
  const info = await curlInfoFor('curl', execCommand, store);
  const real = /^curl (\S+)/.exec(execFileSync('curl', ['--version'], { encoding: 'utf8' }))![1];
  assert.equal(info?.version, real);
  assert.deepEqual(await store.get(`curl-version ${curl.path}`), { mtimeMs: curl.mtimeMs, info });
});

test('a runner that fails or prints something else: no version (the current rules apply)', async () => {
  const failing: CommandRunner = async () => {
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  };
  assert.equal(await curlInfo('curl', failing), undefined);
  assert.equal(await curlInfo('curl', async () => 'wget 1.21\n'), undefined);
  assert.deepEqual(await curlInfo('curl', async () => 'curl 8.11.1 (x86_64-pc-linux-gnu) libcurl/8.11.1\n'), { version: '8.11.1' });
});
