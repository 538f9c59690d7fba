import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultCacheDir, fileStore } from '../../../src/core/store/fileStore';

const dir = mkdtempSync(join(tmpdir(), 'mcpd-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('values round-trip through files, keys with any characters included', async () => {
  const store = fileStore(join(dir, 'a'));
  assert.equal(await store.get('tls-last-good/localhost:8443'), undefined);
  await store.set('tls-last-good/localhost:8443', { fingerprint256: 'AA:BB', n: 1 });
  await store.set('tls-last-good/[::1]:8443', { other: true });
  assert.deepEqual(await store.get('tls-last-good/localhost:8443'), { fingerprint256: 'AA:BB', n: 1 });
  assert.deepEqual(await fileStore(join(dir, 'a')).get('tls-last-good/[::1]:8443'), { other: true }, 'a new instance reads the same files');
  assert.ok(
    readdirSync(join(dir, 'a')).every((name) => name.endsWith('.json')),
    'no temporary files left behind',
  );
});

test('concurrent writers leave one complete value; a corrupted file reads as absent', async () => {
  const store = fileStore(join(dir, 'b'));
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('k', { i, pad: 'x'.repeat(5000) })));
  const value = await store.get<{ i: number; pad: string }>('k');
  assert.ok(value && value.pad.length === 5000 && value.i >= 0 && value.i < 20);
  const [file] = readdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'b', file!), '{ half a fi');
  assert.equal(await store.get('k'), undefined);
});

test("the cache directory follows each platform's convention", () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/mcp-doctor');
  assert.equal(defaultCacheDir({}, 'linux', '/home/u'), '/home/u/.cache/mcp-doctor');
  assert.equal(defaultCacheDir({ MCP_DOCTOR_CACHE_DIR: '/tmp/x', XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), '/tmp/x');
  assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/mcp-doctor');
  assert.match(
    defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
    /AppData.Local.mcp-doctor.Cache$/,
  );
});
