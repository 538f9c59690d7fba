/** What the flow refuses at the AS metadata, against a small real HTTP server: no authorization-code grant. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, it } from 'node:test';
import { createHttpClient } from '../../../src/core/http/client';
import { runAuthorizationFlow } from '../../../src/core/oauth/flow';

it('an AS whose grant_types_supported lacks authorization_code stops the flow before registration and the browser', async () => {
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.url === '/mcp')
      return json(
        401,
        { error: 'unauthorized' },
        { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"` },
      );
    if (req.url?.startsWith('/.well-known/oauth-protected-resource'))
      return json(200, { resource: `${origin}/mcp`, authorization_servers: [origin] });
    if (req.url === '/.well-known/oauth-authorization-server') {
      return json(200, {
        issuer: origin,
        authorization_endpoint: `${origin}/authorize`,
        token_endpoint: `${origin}/token`,
        registration_endpoint: `${origin}/register`,
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['client_credentials'],
      });
    }
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise((resolve) => server.close(resolve)));
  const http = createHttpClient();
  try {
    const result = await runAuthorizationFlow(
      { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`), signal: AbortSignal.timeout(10_000) },
      {
        http,
        openBrowser: async () => assert.fail('no browser'),
      },
    );
    assert.equal(result.report.stoppedAt, 'as-metadata');
    const stopped = result.findings.find((f) => f.code === 'OAUTH_FLOW_STOPPED');
    assert.match(stopped?.cause ?? '', /without authorization_code/);
    assert.ok(!result.report.exchanges.some((e) => e.step === 'registration'));
  } finally {
    await http.close();
  }
});
