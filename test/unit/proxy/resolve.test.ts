import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cidrContains, matchNoProxy } from '../../../src/core/proxy/noProxy';
import { parseProxyUrl, proxyRouter, proxySettingsDisagreement, redactProxyUrl, resolveProxy } from '../../../src/core/proxy/resolve';

const target = new URL('https://mcp.corp.example:8443/mcp');

test('HTTPS_PROXY routes https URLs; lower case wins over upper case; an https URL falls back to HTTP_PROXY as undici does', () => {
  assert.equal(
    resolveProxy(target, undefined, { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' }).proxy?.host,
    'lower:3128',
  );
  assert.equal(resolveProxy(target, undefined, { HTTPS_PROXY: 'http://upper:3128' }).source, 'HTTPS_PROXY');
  assert.equal(resolveProxy(target, undefined, { HTTP_PROXY: 'http://plain:8080' }).proxy?.host, 'plain:8080');
  assert.equal(resolveProxy(new URL('http://x.example/'), undefined, { HTTPS_PROXY: 'http://p:1' }).mode, 'direct');
  assert.equal(resolveProxy(target, undefined, { HTTPS_PROXY: '  ' }).mode, 'direct');
});

test('--proxy wins over the environment, --no-proxy ignores it, an unparsable value is ignored and said so', () => {
  const route = resolveProxy(target, { url: 'proxy.corp:3128', source: '--proxy' }, { HTTPS_PROXY: 'http://env:1' });
  assert.equal(route.proxy?.href, 'http://proxy.corp:3128/');
  assert.equal(route.source, '--proxy');
  assert.deepEqual(resolveProxy(target, { disabled: true }, { HTTPS_PROXY: 'http://env:1' }), { mode: 'direct', source: '--no-proxy' });
  assert.match(resolveProxy(target, undefined, { HTTPS_PROXY: 'http://' }).source ?? '', /unparsable/);
});

test('the password of a proxy URL never appears in its display form', () => {
  const url = parseProxyUrl('http://alice:s%40cret@proxy:3128')!;
  assert.equal(redactProxyUrl(url), 'http://alice:***@proxy:3128');
  assert.equal(resolveProxy(target, undefined, { HTTPS_PROXY: url.href }).display, 'http://alice:***@proxy:3128');
});

test('NO_PROXY: host, .domain and *.domain suffixes, ports, "*" alone, case-insensitive, and http.noProxy entries', () => {
  const env = (no: string) => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY: no });
  assert.equal(resolveProxy(target, undefined, env('mcp.corp.example')).bypass?.entry, 'mcp.corp.example');
  assert.equal(resolveProxy(target, undefined, env('.corp.example')).bypass?.entry, '.corp.example');
  assert.equal(resolveProxy(target, undefined, env('*.CORP.example')).bypass?.entry, '*.CORP.example');
  assert.equal(resolveProxy(target, undefined, env('corp.example:8443')).bypass?.entry, 'corp.example:8443');
  assert.equal(resolveProxy(target, undefined, env('corp.example:443')).mode, 'proxy');
  assert.equal(resolveProxy(target, undefined, env('orp.example')).mode, 'proxy', 'a suffix only matches at a dot');
  assert.equal(resolveProxy(target, undefined, env('*')).bypass?.entry, '*');
  assert.equal(resolveProxy(target, undefined, { ...env('other'), no_proxy: 'mcp.corp.example' }).bypass?.variable, 'no_proxy');
  assert.equal(
    resolveProxy(target, { noProxy: ['*.corp.example'] }, { HTTPS_PROXY: 'http://p:1' }).bypass?.variable,
    'VS Code http.noProxy',
  );
});

test('clients read the same NO_PROXY differently: ports, CIDR ranges', () => {
  const byClient = (value: string, host: string, port: number) =>
    Object.fromEntries(
      matchNoProxy(value, host, port)
        .clients.slice(0, 3)
        .map((c) => [c.client.split(' ')[0], c.bypasses]),
    );
  assert.deepEqual(byClient('corp.example:8443', 'mcp.corp.example', 8443), { Node: true, curl: false, Python: true });
  assert.deepEqual(byClient('10.0.0.0/8', '10.1.2.3', 443), { Node: false, curl: true, Python: true });
  assert.deepEqual(byClient('corp.example', 'mcp.corp.example', 443), { Node: true, curl: true, Python: true });
  assert.equal(matchNoProxy('10.0.0.0/8', '10.1.2.3', 443).entry, undefined, 'undici has no CIDR');
});

test('CIDR containment for IPv4 and IPv6', () => {
  assert.equal(cidrContains('192.168.0.0/16', '192.168.44.1'), true);
  assert.equal(cidrContains('192.168.0.0/16', '192.169.0.1'), false);
  assert.equal(cidrContains('fd00::/8', 'fd12::1'), true);
  assert.equal(cidrContains('fd00::/8', '::1'), false);
  assert.equal(cidrContains('10.0.0.0/8', 'ten.example'), false);
});

test('the HTTP client router applies NO_PROXY per request URL (an auth server may be exempt while the MCP server is not)', () => {
  const route = proxyRouter(undefined, { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'auth.corp.example' });
  assert.equal(route(target)?.host, 'p:3128');
  assert.equal(route(new URL('https://auth.corp.example/jwks')), undefined);
});

test('an explicit setting that routes differently from the environment is reported', () => {
  assert.deepEqual(
    proxySettingsDisagreement(target, { url: 'http://vs:8080', source: 'VS Code http.proxy' }, { HTTPS_PROXY: 'http://env:3128' }),
    {
      setting: 'VS Code http.proxy',
      settingRoute: 'through http://vs:8080',
      envRoute: 'through http://env:3128 (HTTPS_PROXY)',
    },
  );
  assert.equal(
    proxySettingsDisagreement(target, { url: 'http://env:3128', source: 'VS Code http.proxy' }, { HTTPS_PROXY: 'http://env:3128' }),
    undefined,
  );
  assert.equal(proxySettingsDisagreement(target, undefined, { HTTPS_PROXY: 'http://env:3128' }), undefined);
  assert.equal(proxySettingsDisagreement(target, { disabled: true }, {})?.envRoute, undefined);
});

test('a NO_PROXY entry only some clients honour (CIDR) keeps the Node route through the proxy and says who goes direct', () => {
  const route = resolveProxy(new URL('https://10.1.2.3:8443/mcp'), undefined, {
    HTTPS_PROXY: 'http://p:1',
    NO_PROXY: 'localhost,10.0.0.0/8',
  });
  assert.equal(route.mode, 'proxy');
  assert.equal(route.noProxyDiffers?.variable, 'NO_PROXY');
  assert.deepEqual(
    route.noProxyDiffers?.clients.slice(0, 3).map((c) => c.bypasses),
    [false, true, true],
  );
  assert.equal(resolveProxy(target, undefined, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.example' }).noProxyDiffers, undefined);
});

test('Python requests matches any string suffix, and does not understand *.domain', () => {
  const python = (value: string, host: string) => matchNoProxy(value, host, 443).clients[2]!.bypasses;
  assert.equal(python('orp.example', 'mcp.corp.example'), true);
  assert.equal(python('*.corp.example', 'mcp.corp.example'), false);
  assert.equal(python('.corp.example', 'corp.example'), true);
  assert.equal(matchNoProxy('*.corp.example', 'mcp.corp.example', 443).clients[0]!.bypasses, true);
});
