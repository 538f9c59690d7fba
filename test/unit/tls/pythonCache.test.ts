// Python's certifi answer is remembered across runs in the store, and re-asked whenever the
// executable, the selecting variables or the certifi bundle change. Real files, a real file store.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileStore } from '../../../src/core/store/fileStore';
import { PYTHON_CACHE_TTL_MS, rememberedOrAsked } from '../../../src/core/tls/pythonCache';
import { type PythonTlsInfo } from '../../../src/core/tls/system';

const dir = mkdtempSync(join(tmpdir(), 'mcpd-pycache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bin = join(dir, 'bin');
const python = join(bin, 'python3');
const certifi = join(dir, 'cacert.pem');
writeFileSync(certifi, 'bundle');
mkdirSync(bin);
writeFileSync(python, '#!/bin/sh\n');
chmodSync(python, 0o755);

function counter(answer: PythonTlsInfo = { certifi, securityLevel: 2 }) {
  const asked = { count: 0 };
  return {
    asked,
    ask: async () => {
      asked.count++;
      return answer;
    },
  };
}

const base = { env: { PATH: bin }, cwd: '/project', now: 1_000_000 };

test('a second run reuses the answer without asking Python', async () => {
  const store = fileStore(join(dir, 'store-a'));
  const { asked, ask } = counter();
  assert.deepEqual(await rememberedOrAsked('python3', store, base, ask), { certifi, securityLevel: 2 });
  assert.deepEqual(await rememberedOrAsked('python3', store, { ...base, now: base.now + 60_000 }, ask), { certifi, securityLevel: 2 });
  assert.equal(asked.count, 1);
});

test('a changed executable, selecting variable, directory or an old entry asks again', async () => {
  const store = fileStore(join(dir, 'store-b'));
  const { asked, ask } = counter();
  await rememberedOrAsked('python3', store, base, ask);
  await rememberedOrAsked('python3', store, { ...base, env: { ...base.env, VIRTUAL_ENV: '/venv' } }, ask);
  assert.equal(asked.count, 2);
  await rememberedOrAsked('python3', store, { ...base, cwd: '/elsewhere' }, ask);
  assert.equal(asked.count, 3);
  await rememberedOrAsked('python3', store, { ...base, now: base.now + PYTHON_CACHE_TTL_MS + 1 }, ask);
  assert.equal(asked.count, 4);
  utimesSync(python, new Date(), new Date(Date.now() + 5000)); // pyenv rehash, reinstall
  await rememberedOrAsked('python3', store, { ...base, now: base.now + PYTHON_CACHE_TTL_MS + 2 }, ask);
  assert.equal(asked.count, 5);
});

test('a remembered certifi bundle that is gone is not trusted', async () => {
  const store = fileStore(join(dir, 'store-c'));
  const gone = join(dir, 'gone.pem');
  writeFileSync(gone, 'bundle');
  const first = counter({ certifi: gone });
  await rememberedOrAsked('python3', store, base, first.ask);
  rmSync(gone);
  const second = counter();
  assert.deepEqual(await rememberedOrAsked('python3', store, base, second.ask), { certifi, securityLevel: 2 });
  assert.equal(second.asked.count, 1);
});

test('nothing is remembered when Python gave no certifi or is not on PATH', async () => {
  const store = fileStore(join(dir, 'store-d'));
  const none = counter({ unavailable: 'certifi is not installed for python3' });
  await rememberedOrAsked('python3', store, base, none.ask);
  await rememberedOrAsked('python3', store, base, none.ask);
  assert.equal(none.asked.count, 2);
  const missing = counter();
  await rememberedOrAsked('python3', store, { ...base, env: { PATH: join(dir, 'empty') } }, missing.ask);
  await rememberedOrAsked('python3', store, { ...base, env: { PATH: join(dir, 'empty') } }, missing.ask);
  assert.equal(missing.asked.count, 2);
});
