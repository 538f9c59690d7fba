// readRegularTextSync scans many small files synchronously, so it must never block on a FIFO or
// read a device or an oversized file: it answers undefined for anything but a small regular file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readRegularTextSync } from '../../../src/core/fs/boundedRead';

const dir = mkdtempSync(join(tmpdir(), 'mcpdoctor-bounded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a regular file is read whole, including multi-byte text', () => {
  const path = join(dir, 'a.pem');
  writeFileSync(path, 'héllo\n'.repeat(5000));
  assert.equal(readRegularTextSync(path), 'héllo\n'.repeat(5000));
});

test('a FIFO, a directory, a device, a missing path and an oversized file all give undefined', () => {
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.pem');
  writeFileSync(big, 'x'.repeat(2048));
  assert.equal(readRegularTextSync(fifo), undefined, 'no writer: a blocking open would hang the test');
  assert.equal(readRegularTextSync(dir), undefined);
  assert.equal(readRegularTextSync('/dev/zero'), undefined);
  assert.equal(readRegularTextSync(join(dir, 'missing.pem')), undefined);
  assert.equal(readRegularTextSync(big, 1024), undefined);
  assert.equal(readRegularTextSync(big, 4096)?.length, 2048);
});
