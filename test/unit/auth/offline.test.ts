import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';

let server: Server;
let url: string;
before(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`;
});
after(() => server.close());

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

test('a token is still read when no MCP server answers: claims, expiry, and loudly unverified', async () => {
  const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: 'https://as.test', aud: url, exp: 1_700_000_000, scope: 'mcp:tools' })}.c2ln`;
  const report = await diagnose({ url, token, env: {}, timeoutMs: 3000 });
  assert.equal(report.steps.find((s) => s.name === 'auth')?.status, 'failed');
  const codes = report.findings.map((f) => f.code);
  assert.ok(codes.includes('HTTP_NOT_MCP'), codes.join(', '));
  assert.ok(codes.includes('JWT_EXPIRED'), codes.join(', '));
  assert.ok(codes.includes('JWT_UNVERIFIED'), codes.join(', '));
  assert.equal(report.auth?.token?.claims?.iss, 'https://as.test');
  assert.equal(report.auth?.token?.verified, false);
  assert.ok(!JSON.stringify(report).includes(token), 'never the token itself');
});

test('without a token, an unreachable MCP endpoint skips the auth step', async () => {
  const report = await diagnose({ url, env: {}, timeoutMs: 3000 });
  assert.equal(report.steps.find((s) => s.name === 'auth')?.status, 'skipped');
});
