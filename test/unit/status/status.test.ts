import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeFinding } from '../../../src/core/findings/finding';
import { assessReport } from '../../../src/core/status/health';
import { nextCheckDelayMs, type ServerHealth, statusView } from '../../../src/core/status/statusView';
import { type TlsReport } from '../../../src/core/tls/types';
import { reportWith } from './reports';
import { authRequiredEvidence, compareEvidence, dnsEvidence, downgradeHop, legacySseEvidence, mcpOkEvidence } from '../core/sampleEvidence';

const now = Date.parse('2025-01-01T12:00:00Z');
const opts = { certificateWarningDays: 14, nowMs: now };

function tlsWithLeafExpiring(iso: string): TlsReport {
  return { trusted: true, chain: [{ notAfter: iso } as never] };
}

describe('assessReport', () => {
  it('is healthy when nothing is wrong', () => {
    assert.deepEqual(assessReport(reportWith([makeFinding('MCP_OK', mcpOkEvidence)]), opts), { level: 'healthy', latencyMs: 120 });
  });

  it('is failing for unreachable, TLS-blocked and auth-blocked servers, naming the verdict finding', () => {
    const refused = assessReport(reportWith([makeFinding('NET_CONNECTION_REFUSED', { address: '127.0.0.1', port: 1 })]), opts);
    assert.equal(refused.level, 'failing');
    assert.equal(refused.top?.code, 'NET_CONNECTION_REFUSED');
    const redirect = reportWith([
      makeFinding('HTTP_AUTH_REQUIRED', authRequiredEvidence),
      makeFinding('REDIRECT_SCHEME_DOWNGRADE', downgradeHop()),
    ]);
    assert.equal(assessReport(redirect, opts).top?.code, redirect.verdict.code);
  });

  it('warns for a missing scope, the legacy transport, and a certificate close to expiry', () => {
    assert.equal(
      assessReport(reportWith([makeFinding('JWT_SCOPE_MISSING', { missing: ['x'], granted: [], required: ['x'] })]), opts).level,
      'warning',
    );
    assert.equal(assessReport(reportWith([makeFinding('MCP_LEGACY_SSE_ONLY', legacySseEvidence)]), opts).level, 'warning');
    const soon = assessReport(reportWith([], { tls: tlsWithLeafExpiring('2025-01-06T00:00:00Z') }), opts);
    assert.deepEqual(soon, { level: 'warning', latencyMs: 120, top: { title: 'Certificate expires in 4 days (2025-01-06)' } });
    assert.equal(assessReport(reportWith([], { tls: tlsWithLeafExpiring('2025-03-01T00:00:00Z') }), opts).level, 'healthy');
    assert.equal(
      assessReport(reportWith([], { tls: tlsWithLeafExpiring('2025-03-01T00:00:00Z') }), { ...opts, certificateWarningDays: 90 }).level,
      'warning',
    );
  });

  it("other warnings (and the engine's own expiry threshold) do not make the connection unhealthy", () => {
    const report = reportWith(
      [makeFinding('MCP_OK', mcpOkEvidence), makeFinding('HTTP_COMPARE_BOTH_WORK', compareEvidence)].map((f) => ({
        ...f,
        severity: 'warning' as const,
      })),
    );
    assert.equal(assessReport(report, opts).level, 'healthy');
  });

  it('says nothing about a cancelled run', () => {
    assert.deepEqual(assessReport(reportWith([makeFinding('NET_DNS_FAILED', dnsEvidence)], { cancelled: true }), opts), {
      level: 'unknown',
    });
  });
});

describe('statusView', () => {
  const server = (over: Partial<ServerHealth>): ServerHealth => ({
    serverId: 'a',
    name: 'lab',
    url: 'https://lab.test/mcp',
    level: 'unknown',
    checking: false,
    ...over,
  });

  it('shows unknown with no servers and when nothing was checked', () => {
    assert.equal(statusView([], now).level, 'unknown');
    assert.match(statusView([], now).tooltip, /no MCP servers found/);
    const view = statusView([server({})], now);
    assert.equal(view.text, '$(circle-large-outline) MCP');
    assert.equal(view.command, 'mcpDoctor.diagnose');
  });

  it('the worst server wins, with a count; checking overrides', () => {
    const servers = [
      server({ serverId: 'a', level: 'healthy', lastCheckedAt: now - 120_000, latencyMs: 85 }),
      server({
        serverId: 'b',
        name: 'prod',
        level: 'failing',
        lastCheckedAt: now - 3_000,
        latencyMs: 2300,
        top: { code: 'TLS_UNTRUSTED', title: 'Untrusted certificate' },
      }),
    ];
    const view = statusView(servers, now);
    assert.equal(view.level, 'failing');
    assert.equal(view.text, '$(error) MCP 1/2');
    assert.equal(view.background, 'error');
    assert.equal(view.accessibilityLabel, 'MCP Doctor: failing, 1 of 2 servers');
    assert.match(view.tooltip, /lab — healthy\nhttps:\/\/lab.test\/mcp\nLast check: 2 min ago, took 85 ms/);
    assert.match(view.tooltip, /prod — failing\n.*\nLast check: just now, took 2.3 s\nTLS_UNTRUSTED: Untrusted certificate/);
    assert.equal(statusView([...servers, server({ serverId: 'c', checking: true })], now).text, '$(sync~spin) MCP');
  });

  it('says why a server is not checked automatically', () => {
    assert.match(
      statusView([server({ paused: 'Not checked automatically: workspace is not trusted.' })], now).tooltip,
      /workspace is not trusted/,
    );
  });
});

describe('nextCheckDelayMs', () => {
  it('uses the interval while healthy and backs off up to the interval while failing', () => {
    assert.equal(nextCheckDelayMs(300, 0), 300_000);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((n) => nextCheckDelayMs(300, n)),
      [37_500, 75_000, 150_000, 300_000, 300_000, 300_000],
    );
    assert.equal(nextCheckDelayMs(1, 0), 5_000, 'floor of 5 s');
    assert.equal(nextCheckDelayMs(10, 1), 10_000, 'never beyond the interval');
  });
});
