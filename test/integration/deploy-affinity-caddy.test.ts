/**
 * Session affinity behind Caddy (Debian 2.6) as the load balancer over two SDK server replicas
 * (issue 16). For each setup the official TypeScript SDK client runs first; MCP Doctor's verdict
 * must match what it saw, and the fix must lead with the Caddy line that worked here (`ip_hash`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkAffinity } from '../../src/core/deploy/affinity';
import { affinityFinding } from '../../src/core/deploy/affinityVerdict';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type Finding } from '../../src/core/findings/finding';
import { createHttpClient } from '../../src/core/http/client';
import { type ProbeDeps } from '../../src/core/mcp/run';
import { type BalancePolicy, startBalancer } from '../lab/balancers';
import { type Replica, startReplicas } from '../lab/replicas';
import { requires } from '../support/requires';
import { sdkConnectOutcomes } from '../support/sdkConnects';

/** The fix line verified below: with it every SDK connect works. */
const CADDY_FIX = '`lb_policy ip_hash`';

function sdkConnects(url: string, count: number): Promise<boolean[]> {
  return sdkConnectOutcomes(url, count, 'caddy-affinity-test');
}

/** Up to three affinity series straight from the library: a random placement can, rarely, look sticky once. */
async function notStickySeries(url: string): Promise<Finding | undefined> {
  for (let series = 0; series < 3; series++) {
    const http = createHttpClient({});
    const deps: ProbeDeps = {
      http,
      signal: AbortSignal.timeout(20_000),
      tlsFor: () => undefined,
      timeouts: { connectMs: 2000, firstByteMs: 3000, bodyMs: 3000 },
      now: () => Date.now(),
      addressFor: () => '127.0.0.1',
    };
    const { report } = await checkAffinity(deps, { endpoint: new URL(url), protocolVersion: '2025-06-18', sessions: 6 }).finally(() =>
      http.close(),
    );
    const finding = affinityFinding(report);
    if (finding.code === 'SESSION_NOT_STICKY') return finding;
  }
  return undefined;
}

describe('session affinity behind Caddy 2.6', { skip: requires('caddy') }, () => {
  let replicas: Replica[] = [];
  before(async () => {
    replicas = await startReplicas('sdk', 2);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  it('lb_policy ip_hash: the SDK client connects every time, and MCP Doctor finds sessions sticky', async () => {
    const lb = await startBalancer('caddy', 'client-ip', replicas);
    try {
      assert.deepEqual(await sdkConnects(lb.url, 4), [true, true, true, true]);
      const report = await diagnose({ url: lb.url, env: {} });
      const codes = report.findings.map((f) => f.code);
      assert.ok(codes.includes('SESSION_AFFINITY_OK'), codes.join(', '));
      assert.deepEqual(
        codes.filter((c) => /^SESSION_/.test(c) && c !== 'SESSION_AFFINITY_OK'),
        [],
      );
      assert.equal(
        report.findings.some((f) => f.severity === 'error'),
        false,
        codes.join(', '),
      );
    } finally {
      await lb.stop();
    }
  });

  it('lb_policy round_robin: the SDK client never connects, and the verdict is SESSION_NOT_STICKY with the Caddy line first', async () => {
    const lb = await startBalancer('caddy', 'round-robin', replicas);
    try {
      assert.deepEqual(await sdkConnects(lb.url, 4), [false, false, false, false]);
      const report = await diagnose({ url: lb.url, env: {} });
      assert.equal(report.verdict.code, 'SESSION_NOT_STICKY', report.verdict.summary);
      const finding = report.findings.find((f) => f.code === 'SESSION_NOT_STICKY');
      assert.equal(finding?.evidence.proxyProduct, 'caddy', 'Caddy names itself in Server');
      assert.equal(finding?.evidence.sessionsAlwaysRefused, 0);
      assert.match(finding?.cause ?? '', /spreads requests/);
      const fix = report.verdict.fix ?? '';
      assert.ok(
        fix.indexOf(CADDY_FIX) >= 0 && fix.indexOf(CADDY_FIX) < fix.indexOf('HAProxy') && fix.indexOf(CADDY_FIX) < fix.indexOf('nginx'),
        fix,
      );
      assert.equal(
        report.findings.some((f) => f.code === 'MCP_OK'),
        false,
      );
    } finally {
      await lb.stop();
    }
  });

  // Policies whose placement is random per session or per request: the SDK client fails some connects
  // (a cookie policy fails as random does, since the client never sends the cookie back).
  const randomish: readonly { policy: BalancePolicy; pattern: RegExp; cookie?: string }[] = [
    { policy: 'random', pattern: /spreads requests/ },
    { policy: 'hash-session', pattern: /not on the one that created it/ },
    { policy: 'cookie', pattern: /spreads requests/, cookie: 'lb' },
  ];
  for (const { policy, pattern, cookie } of randomish) {
    it(`${policy === 'random' ? 'no lb_policy (random)' : policy === 'cookie' ? 'lb_policy cookie' : 'lb_policy header Mcp-Session-Id'}: the SDK client fails some connects, and the series reports SESSION_NOT_STICKY`, async () => {
      const lb = await startBalancer('caddy', policy, replicas);
      try {
        // 12 connects: header hashing lets each succeed half the time, so all 12 succeed once in 4096 runs.
        const connects = await sdkConnects(lb.url, 12);
        assert.ok(connects.includes(false), `the SDK client never failed in ${connects.length} connects`);
        const finding = await notStickySeries(lb.url);
        assert.ok(finding, 'no series saw the sessions spread');
        assert.match(finding.cause, pattern);
        assert.equal(finding.evidence.proxyProduct, 'caddy');
        if (cookie) {
          assert.deepEqual(finding.evidence.balancerCookies, [cookie]);
          assert.match(finding.cause, /MCP clients do not send cookies back/);
        }
        assert.ok(
          finding.fix.startsWith(`Send every request of a session to the replica that created it: Caddy: ${CADDY_FIX}`),
          finding.fix,
        );
      } finally {
        await lb.stop();
      }
    });
  }
});
