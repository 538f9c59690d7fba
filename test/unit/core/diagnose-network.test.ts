import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { nodeNetTransport, type NetTransport } from '../../../src/core/net/transport';
import { closedPort } from '../../support/net';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpd-net-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a refused port is reported with the address and port, and later steps are skipped', async () => {
  const port = await closedPort();
  const report = await diagnose({ url: `http://127.0.0.1:${port}/mcp`, env: {} });
  assert.equal(report.verdict.code, 'NET_CONNECTION_REFUSED');
  assert.equal(report.findings[0]?.evidence.port, port);
  assert.deepEqual(
    report.steps.map((s) => `${s.name}:${s.status}`),
    ['config:ok', 'proxy:skipped', 'dns:ok', 'tcp:failed', 'tls:skipped', 'mcp:skipped', 'auth:skipped', 'deploy:skipped'],
  );
});

test('a name that does not resolve is NET_DNS_FAILED with the resolver code', async () => {
  const report = await diagnose({ url: 'https://no-such-host.invalid/mcp', env: {} });
  assert.equal(report.verdict.code, 'NET_DNS_FAILED');
  assert.match(String(report.findings[0]?.evidence.errorCode), /ENOTFOUND|EAI_AGAIN/);
});

test('a connect that hangs becomes NET_CONNECT_TIMEOUT within the step timeout', async () => {
  const hanging: NetTransport = {
    ...nodeNetTransport,
    connect: (_h, _p, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  };
  const started = Date.now();
  const report = await diagnose({ url: 'http://127.0.0.1:9/mcp', env: {}, net: hanging, timeoutMs: 150 });
  assert.equal(report.verdict.code, 'NET_CONNECT_TIMEOUT');
  assert.ok(Date.now() - started < 5000);
});

test('a --ca path that does not exist is named in a CONFIG_CA_FILE_MISSING finding', async () => {
  const port = await closedPort();
  const missing = join(dir, 'nope', 'ca.pem');
  const report = await diagnose({ url: `http://127.0.0.1:${port}/`, caFiles: [missing], env: {} });
  const finding = report.findings.find((f) => f.code === 'CONFIG_CA_FILE_MISSING');
  assert.equal(finding?.evidence.path, missing);
  assert.equal(finding?.evidence.errorCode, 'ENOENT');
});

test('a CA file without certificates is CONFIG_CA_FILE_INVALID', async () => {
  const port = await closedPort();
  const junk = join(dir, 'junk.pem');
  writeFileSync(junk, 'not a certificate\n');
  const report = await diagnose({ url: `http://127.0.0.1:${port}/`, caFiles: [junk], env: {} });
  assert.ok(report.findings.some((f) => f.code === 'CONFIG_CA_FILE_INVALID' && f.evidence.path === junk));
});

test('an invalid URL is a finding, not an exception', async () => {
  const report = await diagnose({ url: 'ftp://example.com/x', env: {} });
  assert.equal(report.verdict.code, 'CONFIG_INVALID_URL');
});

test('a server that accepts then resets is reported as reset before response', async (t) => {
  const server: Server = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  const report = await diagnose({ url: `https://127.0.0.1:${port}/mcp`, env: {}, timeoutMs: 3000 });
  const reset = report.findings.find((f) => f.code === 'NET_RESET_BEFORE_RESPONSE');
  assert.ok(reset, `expected a reset finding, got ${report.findings.map((f) => f.code).join(', ')}`);
  assert.match(reset.fix, /MCP_JWT_ISSUER/);
});
