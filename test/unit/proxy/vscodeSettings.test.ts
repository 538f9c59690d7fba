import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSettingsServers } from '../../../src/core/discovery/settings';
import { clientCertFor, clientCertPassphraseKey, proxyConfigFor, readVsCodeProxySettings } from '../../../src/extension/network';

test('VS Code http.* proxy settings are read with their defaults', () => {
  const values: Record<string, unknown> = { proxy: ' http://corp:8080 ', noProxy: ['*.corp', 3, ''], proxyStrictSSL: false };
  assert.deepEqual(
    readVsCodeProxySettings((k) => values[k]),
    { proxy: 'http://corp:8080', noProxy: ['*.corp'], strictSsl: false },
  );
  assert.deepEqual(
    readVsCodeProxySettings(() => undefined),
    { proxy: undefined, noProxy: [], strictSsl: true },
  );
});

test("the proxy as VS Code's MCP client uses it: per-server setting, then http.proxy, then the environment with http.noProxy", () => {
  const vscode = { proxy: 'http://vs:8080', noProxy: ['internal'], strictSsl: true };
  assert.deepEqual(proxyConfigFor({ proxy: 'none' }, vscode), { disabled: true });
  assert.equal(proxyConfigFor({ proxy: 'http://srv:3128' }, vscode).source, 'mcpDoctor.servers proxy');
  assert.deepEqual(proxyConfigFor({}, vscode), {
    url: 'http://vs:8080',
    source: 'VS Code http.proxy',
    noProxy: ['internal'],
    strictSsl: true,
  });
  assert.deepEqual(proxyConfigFor({}, { noProxy: [], strictSsl: false }), { noProxy: [], strictSsl: false });
});

test('mcpDoctor.servers entries carry the proxy and client certificate files; the passphrase comes from secret storage only', async () => {
  const parsed = parseSettingsServers([
    { url: 'https://mcp.corp/mcp', proxy: 'http://p:3128', clientCertFile: '/c.pem', clientKeyFile: '/k.pem' },
    { url: 'https://x/mcp' },
  ]);
  assert.equal(parsed.servers[0]?.proxy, 'http://p:3128');
  assert.deepEqual(parsed.servers[0]?.clientCert, { certFile: '/c.pem', keyFile: '/k.pem', pfxFile: undefined });
  assert.equal(parsed.servers[1]?.clientCert, undefined);
  const stored = new Map([[clientCertPassphraseKey('srv'), 'pass-phrase']]);
  const secrets = { get: async (k: string) => stored.get(k), store: async () => undefined, delete: async () => undefined };
  assert.deepEqual(await clientCertFor({ id: 'srv', clientCert: { pfxFile: '/id.p12' } }, secrets), {
    pfxFile: '/id.p12',
    passphrase: 'pass-phrase',
  });
  assert.equal(await clientCertFor({ id: 'srv' }, secrets), undefined);
});
