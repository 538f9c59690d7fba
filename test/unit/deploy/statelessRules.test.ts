import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { startStatelessServer } from '../../servers/stateless';

describe('2026-07-28 transport rules (servers written from the spec)', () => {
  it('a conformant server: STATELESS_RULES_OK, and no session affinity series (no sessions)', async () => {
    const server = await startStatelessServer();
    try {
      const report = await diagnose({ url: server.url('/mcp').href, env: {} });
      const codes = report.findings.map((f) => f.code);
      assert.ok(codes.includes('STATELESS_RULES_OK'), codes.join(', '));
      assert.equal(
        codes.some((c) => c.startsWith('SESSION_')),
        false,
      );
      assert.equal(report.deploy?.affinitySkipped, 'the 2026-07-28 revision has no sessions');
      assert.deepEqual(
        report.deploy?.statelessRules?.map((r) => r.got),
        ['HTTP 400 with JSON-RPC error -32020', 'HTTP 400 with JSON-RPC error -32022', 'HTTP 405'],
      );
    } finally {
      await server.close();
    }
  });

  it('a lax server: each broken rule is a finding with what was sent, expected and got', async () => {
    const server = await startStatelessServer({ lax: true });
    try {
      const report = await diagnose({ url: server.url('/mcp').href, env: {} });
      const broken = report.findings.filter((f) => f.code === 'STATELESS_RULE_BROKEN');
      assert.deepEqual(
        broken.map((f) => f.evidence.got),
        ['HTTP 200 with a result', 'HTTP 200 with a result', 'HTTP 200'],
      );
      assert.match(broken[0]?.cause ?? '', /Mcp-Method header \(ping\) differs from its body \(tools\/list\)/);
      assert.equal(
        report.findings.some((f) => f.code === 'STATELESS_RULES_OK'),
        false,
      );
    } finally {
      await server.close();
    }
  });
});
