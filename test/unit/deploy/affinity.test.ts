import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, proxyProductOf } from '../../../src/core/deploy/affinity';
import { affinityFinding } from '../../../src/core/deploy/affinityVerdict';
import { balancerCookieNames } from '../../../src/core/deploy/cookies';
import { type AffinityAttempt, type AffinityReport } from '../../../src/core/deploy/types';
import { type HttpResult } from '../../../src/core/http/client';

function res(status: number, body: string, headers: Record<string, string> = {}): HttpResult {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body } as unknown as HttpResult;
}

function attempt(
  session: number,
  n: number,
  outcome: AffinityAttempt['outcome'],
  status = outcome === 'refused' ? 404 : 200,
): AffinityAttempt {
  return { session, attempt: n, request: n === 1 ? 'notifications/initialized' : 'ping', status, outcome };
}

function report(attempts: AffinityAttempt[], extra: Partial<AffinityReport> = {}): AffinityReport {
  return { sessionIssued: true, sessions: new Set(attempts.map((a) => a.session)).size, attempts, balancerCookies: [], ...extra };
}

describe('affinity: classifying one follow-up', () => {
  it('refuses 400/404 with the JSON-RPC code, and an answer carrying another session id', () => {
    const unknown = classify(
      2,
      'ping',
      res(400, '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"},"id":null}'),
      7,
      's1',
    );
    assert.deepEqual(unknown, { attempt: 2, request: 'ping', status: 400, outcome: 'refused', rpcCode: -32000 });
    const other = classify(3, 'ping', res(200, '{"jsonrpc":"2.0","result":{},"id":8}', { 'mcp-session-id': 's2' }), 8, 's1');
    assert.equal(other.outcome, 'refused');
    assert.equal(other.otherSession, true);
  });

  it('answers a ping only with its own result, and the notification with 202', () => {
    assert.equal(classify(2, 'ping', res(200, '{"jsonrpc":"2.0","result":{},"id":7}'), 7, 's1').outcome, 'answered');
    assert.equal(classify(2, 'ping', res(200, '{"jsonrpc":"2.0","result":{},"id":6}'), 7, 's1').outcome, 'failed');
    assert.equal(classify(1, 'notifications/initialized', res(202, ''), undefined, 's1').outcome, 'answered');
    assert.equal(classify(2, 'ping', res(502, 'bad gateway'), 7, 's1').outcome, 'failed');
  });
});

describe('affinity: the finding', () => {
  it('round-robin: answers alternate within a session', () => {
    const f = affinityFinding(
      report([attempt(1, 1, 'refused'), attempt(1, 2, 'answered'), attempt(1, 3, 'refused'), attempt(1, 4, 'answered')]),
    );
    assert.equal(f.code, 'SESSION_NOT_STICKY');
    assert.equal(f.severity, 'error');
    assert.equal(f.evidence.sessionsAlwaysRefused, 0);
    assert.equal(f.evidence.sessionsMixed, 1);
    assert.match(f.cause, /spreads requests/);
  });

  it("random placement (Caddy's default): a whole session refused beside a mixed one is spreading, not hashing", () => {
    const f = affinityFinding(
      report([attempt(1, 1, 'refused'), attempt(1, 2, 'refused'), attempt(2, 1, 'answered'), attempt(2, 2, 'refused')], {
        proxyProduct: 'caddy',
      }),
    );
    assert.equal(f.code, 'SESSION_NOT_STICKY');
    assert.deepEqual([f.evidence.sessionsAlwaysRefused, f.evidence.sessionsMixed], [1, 1]);
    assert.match(f.cause, /spreads requests/);
    assert.doesNotMatch(f.cause, /hashing/);
    assert.ok(f.fix.includes('Caddy: `lb_policy ip_hash`') && f.fix.indexOf('Caddy') < f.fix.indexOf('HAProxy'), f.fix);
  });

  it('header hashing: one whole session refused while another worked', () => {
    const f = affinityFinding(
      report([attempt(1, 1, 'answered'), attempt(1, 2, 'answered'), attempt(2, 1, 'refused'), attempt(2, 2, 'refused')], {
        proxyProduct: 'nginx',
        balancerCookies: ['SERVERID'],
      }),
    );
    assert.equal(f.code, 'SESSION_NOT_STICKY');
    assert.equal(f.evidence.sessionsAlwaysRefused, 1);
    assert.equal(f.evidence.sessionsMixed, 0);
    assert.match(f.cause, /not on the one that created it/);
    assert.match(f.cause, /SERVERID/);
    assert.ok(f.fix.indexOf('ip_hash') < f.fix.indexOf('HAProxy'), f.fix);
  });

  it('refused notifications with every ping answered: the server refuses the notification itself, sessions are sticky', () => {
    const f = affinityFinding(
      report([attempt(1, 1, 'refused', 400), attempt(1, 2, 'answered'), attempt(2, 1, 'refused', 400), attempt(2, 2, 'answered')]),
    );
    assert.equal(f.code, 'SESSION_AFFINITY_OK');
    assert.equal(f.evidence.notificationsRefused, 2);
  });

  it('all answered is a pass; failures without refusals are inconclusive, never a pass', () => {
    assert.equal(
      affinityFinding(report([attempt(1, 1, 'answered'), attempt(1, 2, 'answered'), attempt(2, 1, 'answered'), attempt(2, 2, 'answered')]))
        .code,
      'SESSION_AFFINITY_OK',
    );
    assert.equal(
      affinityFinding(report([attempt(1, 1, 'answered'), attempt(2, 1, 'answered')])).code,
      'SESSION_AFFINITY_INCONCLUSIVE',
      'no ping, no pass',
    );
    assert.equal(affinityFinding(report([attempt(1, 1, 'answered'), attempt(1, 2, 'failed', 502)])).code, 'SESSION_AFFINITY_INCONCLUSIVE');
    assert.equal(
      affinityFinding({ sessionIssued: false, sessions: 0, attempts: [], balancerCookies: [], stoppedBy: 'initialize failed' }).code,
      'SESSION_AFFINITY_INCONCLUSIVE',
    );
  });
});

describe('affinity: cookie names and the proxy product', () => {
  it('keeps cookie names, never values, across a flattened Set-Cookie with an Expires date', () => {
    assert.deepEqual(balancerCookieNames('SERVERID=r1; Path=/, AWSALB=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/'), [
      'SERVERID',
      'AWSALB',
    ]);
    assert.deepEqual(balancerCookieNames(undefined), []);
  });

  it('recognises nginx and Caddy from Server, nothing else', () => {
    assert.equal(proxyProductOf('nginx/1.22.1'), 'nginx');
    assert.equal(proxyProductOf('Caddy'), 'caddy');
    assert.equal(proxyProductOf('uvicorn'), undefined);
    assert.equal(proxyProductOf(undefined), undefined);
  });
});
