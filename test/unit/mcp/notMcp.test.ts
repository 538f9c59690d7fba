import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sendJson, startServer, type TestServer } from '../../servers/base';
import { endlessSse, htmlPage, malformedJsonRpc, rateLimited } from '../../servers/misc';
import { startSdkStreamableServer } from '../../servers/sdkStreamable';
import { codes, findingOf } from '../../support/findings';
import { runMcp, stateFor } from './helpers';

describe('MCP probe: answers that are not MCP', () => {
  const servers: TestServer[] = [];
  const drip = endlessSse(50);
  const token = 'tok-3f9a1c-secret';
  let limited: TestServer;
  let html: TestServer;
  let endless: TestServer;
  let malformed: TestServer;
  let guarded: TestServer;
  let resetting: TestServer;
  let missing: TestServer;
  let getOnly: TestServer;
  let badGateway: TestServer;
  before(async () => {
    limited = await startServer(rateLimited);
    html = await startServer(htmlPage);
    endless = await startServer(drip.handler);
    malformed = await startServer(malformedJsonRpc);
    guarded = await startSdkStreamableServer({ token });
    resetting = await startServer((req) => {
      req.socket.destroy();
    });
    missing = await startServer((_req, res) => sendJson(res, 404, { error: 'no route' }));
    getOnly = await startServer((_req, res) => {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed');
    });
    badGateway = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' });
      res.end('<title>502 Bad Gateway</title>');
    });
    servers.push(limited, html, endless, malformed, guarded, resetting, missing, getOnly, badGateway);
  });
  after(async () => {
    drip.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('honours 429: reports Retry-After and the RateLimit headers, and sends nothing more', async () => {
    const outcome = await runMcp(stateFor(limited.url('/mcp')));
    const finding = findingOf(outcome, 'HTTP_RATE_LIMITED');
    assert.equal(finding.evidence.retryAfterSeconds, 30);
    assert.match(String(finding.evidence.rateLimit), /remaining=0/);
    assert.match(finding.cause, /wait 30 s/);
    assert.equal(limited.requests.length, 1, 'no retry, no further probing');
  });

  it('recognises a web page (e.g. an SSO login) where the MCP endpoint should be', async () => {
    const outcome = await runMcp(stateFor(html.url('/mcp')));
    const finding = findingOf(outcome, 'HTTP_NOT_MCP');
    assert.equal(finding.evidence.status, 200);
    assert.equal(finding.evidence.pageTitle, 'Sign in - Example SSO');
    assert.match(String(finding.evidence.contentType), /text\/html/);
    assert.equal(html.requests.length, 1);
  });

  it('never hangs on an event stream that drips comments forever', async () => {
    const timeoutMs = 2000;
    const outcome = await runMcp(stateFor(endless.url('/mcp')), timeoutMs);
    assert.ok(outcome.elapsedMs < timeoutMs, `finished in ${Math.round(outcome.elapsedMs)} ms`);
    assert.ok(!codes(outcome).includes('STEP_TIMEOUT'));
    const finding = findingOf(outcome, 'MCP_NO_RESPONSE');
    assert.equal(finding.evidence.rpcMethod, 'initialize');
    assert.match(finding.fix, /proxy_buffering off/);
  });

  it('rejects JSON that is not a JSON-RPC response', async () => {
    const outcome = await runMcp(stateFor(malformed.url('/mcp')));
    const finding = findingOf(outcome, 'MCP_INVALID_RESPONSE');
    assert.equal(finding.evidence.rpcMethod, 'initialize');
    assert.match(String(finding.evidence.reason), /jsonrpc/);
  });

  it('keeps 401 and its challenge for the auth step; says a token is needed when none was given', async () => {
    const state = stateFor(guarded.url('/mcp'));
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'HTTP_AUTH_REQUIRED').severity, 'info');
    assert.equal(state.mcp?.unauthorized?.status, 401);
    assert.match(state.mcp?.unauthorized?.wwwAuthenticate ?? '', /resource_metadata=/);
    assert.equal(state.mcp?.unauthorized?.tokenSent, false);
  });

  it('with a rejected token records the 401 without claiming a token is missing', async () => {
    const state = stateFor(guarded.url('/mcp'), { token: 'wrong-token' });
    const outcome = await runMcp(state);
    assert.ok(!codes(outcome).includes('HTTP_AUTH_REQUIRED'));
    assert.equal(state.mcp?.unauthorized?.tokenSent, true);
  });

  it('with the right token gets through, and never puts the token in findings or state', async () => {
    const state = stateFor(guarded.url('/mcp'), { token });
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'MCP_OK').evidence.toolCount, 3);
    const { input: _input, ...rest } = state;
    assert.ok(!JSON.stringify({ findings: outcome.findings, rest }).includes(token));
  });

  it('classifies a connection reset before any response', async () => {
    const outcome = await runMcp(stateFor(resetting.url('/mcp')));
    const finding = findingOf(outcome, 'NET_RESET_BEFORE_RESPONSE');
    assert.equal(finding.evidence.during, 'HTTP request');
    assert.equal(finding.evidence.port, resetting.port);
    assert.ok(finding.evidence.errorCode, 'an error code, not a message');
  });

  it('404 with no HTTP+SSE stream behind it is HTTP_NOT_FOUND', async () => {
    const outcome = await runMcp(stateFor(missing.url('/nope')));
    assert.equal(findingOf(outcome, 'HTTP_NOT_FOUND').evidence.path, '/nope');
  });

  it('405 with no HTTP+SSE stream behind it is HTTP_METHOD_NOT_ALLOWED', async () => {
    const outcome = await runMcp(stateFor(getOnly.url('/mcp')));
    assert.equal(findingOf(outcome, 'HTTP_METHOD_NOT_ALLOWED').evidence.allow, 'GET, HEAD');
  });

  it('502 from a proxy points at the upstream', async () => {
    const outcome = await runMcp(stateFor(badGateway.url('/mcp')));
    const finding = findingOf(outcome, 'HTTP_SERVER_ERROR');
    assert.equal(finding.evidence.status, 502);
    assert.match(finding.cause, /proxy could not get an answer/);
    assert.equal(badGateway.requests.length, 2, 'server/discover, then initialize to confirm; nothing more');
  });
});
