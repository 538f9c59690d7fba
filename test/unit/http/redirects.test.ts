import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closedPort } from '../../support/net';
import { startServer, type TestServer } from '../../servers/base';
import { redirector } from '../../servers/misc';
import { startSdkStreamableServer } from '../../servers/sdkStreamable';
import { makeSelfSignedCert, type TestCert } from '../../servers/tlsCert';
import { codes, findingOf } from '../../support/findings';
import { runMcp, stateFor } from '../mcp/helpers';

describe('redirects walked by hand', () => {
  const servers: TestServer[] = [];
  const token = 'incident-token-7d1e';
  const seenByProxy: string[] = [];
  const seenByOther: string[] = [];
  let cert: TestCert;
  let proxy: TestServer;
  let plain: TestServer;
  let other: TestServer;
  let chains: TestServer;
  before(async () => {
    cert = makeSelfSignedCert();
    // The incident: nginx with `location /mcp/` answers POST /mcp with a redirect that loses scheme and port.
    proxy = await startSdkStreamableServer({
      tls: cert,
      path: '/mcp/',
      token,
      seenAuthorization: seenByProxy,
      redirects: { '/mcp': { status: 307, location: 'http://localhost/mcp/' } },
    });
    plain = await startSdkStreamableServer({
      path: '/mcp/',
      redirects: {
        '/mcp': { status: 308, location: '/mcp/' },
        '/old': { status: 302, location: '/mcp/' },
        '/rel': { status: 307, location: 'mcp/' },
      },
    });
    other = await startSdkStreamableServer({ seenAuthorization: seenByOther });
    chains = await startServer(
      redirector({
        '/a': { status: 307, location: '/b' },
        '/b': { status: 307, location: '/a' },
        ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`/r${i}`, { status: 307, location: `/r${i + 1}` }])),
        '/elsewhere': { status: 307, location: other.url('/mcp').href.replace('localhost', '127.0.0.1') },
        '/port': { status: 307, location: other.url('/mcp').href },
      }),
    );
    servers.push(proxy, plain, other, chains);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('the incident: https→http and the port are lost; says which URL to use instead, and that it works', async () => {
    const configured = proxy.url('/mcp');
    const state = stateFor(configured, { token, caPem: cert.cert });
    const outcome = await runMcp(state);
    const downgrade = findingOf(outcome, 'REDIRECT_SCHEME_DOWNGRADE');
    const corrected = `https://localhost:${proxy.port}/mcp/`;
    assert.equal(downgrade.severity, 'error');
    assert.deepEqual(downgrade.evidence.lost, ['scheme', 'port']);
    assert.equal(downgrade.evidence.correctedUrl, corrected);
    assert.ok(
      downgrade.cause.startsWith(
        `POST https://localhost:${proxy.port}/mcp is redirected (307) to http://localhost/mcp/ (scheme and port lost)`,
      ),
      downgrade.cause,
    );
    assert.ok(downgrade.fix.startsWith(`Use ${corrected} in the client configuration`), downgrade.fix);
    assert.match(downgrade.fix, /fix the nginx redirect/);
    assert.match(downgrade.fix, /absolute_redirect off;/);
    assert.match(downgrade.fix, /location = \/mcp \{ return 308 \$scheme:\/\/\$http_host\$uri\/; \}/);
    const slash = findingOf(outcome, 'REDIRECT_TRAILING_SLASH');
    assert.equal(slash.evidence.correctedUrl, corrected, 'from the configured origin, not the broken Location');
    assert.match(slash.fix, new RegExp(`Configure the exact URL ${corrected.replace(/[/.]/g, '\\$&')}`));
    assert.equal(findingOf(outcome, 'REDIRECT_PORT_DROPPED').evidence.fromPort, proxy.port);
    const works = findingOf(outcome, 'MCP_CORRECTED_URL_WORKS');
    assert.equal(works.evidence.toolCount, 3);
    assert.equal(state.mcp?.correctedUrl, corrected);
    assert.equal(state.mcp?.correctedWorks, true);
    assert.equal(state.mcp?.endpoint, corrected);
    assert.ok(!codes(outcome).includes('MCP_OK'), 'the configured URL does not work');
    const hops = state.redirects ?? [];
    assert.equal(hops[0]?.authorizationSent, true);
    assert.equal(hops[1]?.url, 'http://localhost/mcp/');
    assert.equal(hops[1]?.authorizationSent, false, 'the token never goes to the downgraded hop');
    assert.ok(seenByProxy.every((h) => h === `Bearer ${token}`) && seenByProxy.length > 0);
    assert.ok(!JSON.stringify(outcome.findings).includes(token));
  });

  it('a same-origin trailing-slash redirect (308) is followed; MCP is checked at the final URL', async () => {
    const state = stateFor(plain.url('/mcp'));
    const outcome = await runMcp(state);
    const slash = findingOf(outcome, 'REDIRECT_TRAILING_SLASH');
    assert.equal(slash.severity, 'warning');
    assert.equal(slash.evidence.correctedUrl, plain.url('/mcp/').href);
    assert.equal(findingOf(outcome, 'MCP_OK').evidence.endpoint, plain.url('/mcp/').href);
    assert.deepEqual(state.redirects?.[0]?.changed, ['trailing-slash']);
    assert.ok(!codes(outcome).some((c) => c === 'REDIRECT_SCHEME_DOWNGRADE' || c === 'REDIRECT_PORT_DROPPED'));
  });

  it('resolves a relative Location against the request URL', async () => {
    const state = stateFor(plain.url('/rel'));
    await runMcp(state);
    assert.equal(state.redirects?.[0]?.location, 'mcp/');
    assert.equal(state.redirects?.[0]?.nextUrl, plain.url('/mcp/').href);
  });

  it('302 turns POST into GET: REDIRECT_METHOD_CHANGED, and the corrected URL is tried with POST', async () => {
    const state = stateFor(plain.url('/old'));
    const outcome = await runMcp(state);
    const changed = findingOf(outcome, 'REDIRECT_METHOD_CHANGED');
    assert.equal(changed.evidence.status, 302);
    assert.equal(changed.evidence.toMethod, 'GET');
    assert.equal(state.redirects?.[1]?.method, 'GET');
    assert.equal(findingOf(outcome, 'MCP_CORRECTED_URL_WORKS').evidence.correctedUrl, plain.url('/mcp/').href);
  });

  it('a redirect to another port is REDIRECT_PORT_DROPPED (explicit port)', async () => {
    const state = stateFor(chains.url('/port'));
    const outcome = await runMcp(state);
    const port = findingOf(outcome, 'REDIRECT_PORT_DROPPED');
    assert.equal(port.evidence.fromPort, chains.port);
    assert.equal(port.evidence.toPort, other.port);
    assert.equal(port.evidence.toPortExplicit, true);
    assert.ok(!codes(outcome).includes('MCP_OK'), 'not probed behind an unsafe redirect');
  });

  it('a cross-origin redirect drops the token', async () => {
    const before = seenByOther.length;
    const state = stateFor(chains.url('/elsewhere'), { token: 'cross-origin-secret' });
    const outcome = await runMcp(state);
    const cross = findingOf(outcome, 'REDIRECT_CROSS_ORIGIN');
    assert.equal(cross.evidence.fromHost, 'localhost');
    assert.equal(cross.evidence.toHost, '127.0.0.1');
    assert.equal(state.redirects?.[1]?.authorizationSent, false);
    assert.equal(seenByOther.length, before, 'the other origin never saw an Authorization header');
  });

  it('detects a loop', async () => {
    const state = stateFor(chains.url('/a'));
    const outcome = await runMcp(state);
    const loop = findingOf(outcome, 'REDIRECT_LOOP');
    assert.equal(loop.evidence.hops, 2);
    assert.equal(state.redirects?.length, 2);
  });

  it('gives up after 10 redirects', async () => {
    const state = stateFor(chains.url('/r0'));
    const outcome = await runMcp(state);
    const many = findingOf(outcome, 'REDIRECT_TOO_MANY');
    assert.equal(many.evidence.hops, 11);
    assert.equal(chains.requests.filter((r) => r.includes('/r')).length, 11);
  });

  it('a hop that fails after the redirect is shown with its error, in the hop and in the redirect finding', async () => {
    const port = await closedPort();
    const rules: Record<string, { status: number; location: string }> = {};
    const lost = await startServer(redirector(rules));
    const target = lost.url('/mcp/');
    target.port = String(port);
    rules['/mcp'] = { status: 307, location: target.href };
    try {
      const state = stateFor(lost.url('/mcp'));
      const outcome = await runMcp(state);
      const failed = state.redirects?.[1];
      assert.equal(failed?.status, 0);
      assert.equal(failed?.errorCode, 'ECONNREFUSED');
      assert.match(failed?.error ?? '', /connection refused/);
      const dropped = findingOf(outcome, 'REDIRECT_PORT_DROPPED');
      assert.match(
        dropped.cause,
        new RegExp(`Following it, POST ${target.href.replace(/[.]/g, '\\.')} failed \\(ECONNREFUSED: connection refused`),
      );
    } finally {
      await lost.close();
    }
  });
});
