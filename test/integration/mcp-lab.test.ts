import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type Finding } from '../../src/core/findings/finding';
import { type Lab, startLab } from '../lab/index';
import { findingOf } from '../support/findings';
import { requires } from '../support/requires';

const skip = requires('nginx');
if (skip) console.log(`# skipping MCP lab tests: ${skip}`);

function mine(report: DiagnosisReport): Finding[] {
  return report.findings.filter((f) => /^(REDIRECT|HTTP|MCP)_/.test(f.code));
}

describe('MCP probe against the lab (real nginx, real SDK server, real tokens)', { skip }, () => {
  describe('default scenario: the original incident', () => {
    let lab: Lab;
    before(async () => {
      lab = await startLab({ scenario: 'default' });
    });
    after(async () => {
      await lab?.stop();
    });

    it('names the scheme- and port-dropping redirect and the URL to use instead, as the verdict', async () => {
      const report = await diagnose({ url: lab.url, env: {} });
      const downgrade = findingOf(report, 'REDIRECT_SCHEME_DOWNGRADE');
      assert.equal(downgrade.evidence.location, 'http://localhost/mcp/');
      assert.deepEqual(downgrade.evidence.lost, ['scheme', 'port']);
      assert.equal(findingOf(report, 'REDIRECT_TRAILING_SLASH').evidence.correctedUrl, lab.correctedUrl);
      assert.equal(report.verdict.code, 'REDIRECT_SCHEME_DOWNGRADE');
      assert.ok(
        report.verdict.summary.startsWith(`POST ${lab.url} is redirected (307) to http://localhost/mcp/ (scheme and port lost)`),
        report.verdict.summary,
      );
      assert.ok(report.verdict.fix?.startsWith(`Use ${lab.correctedUrl} in the client configuration`), report.verdict.fix);
      assert.match(report.verdict.fix ?? '', /fix the nginx redirect/);
      assert.equal(report.redirects?.[1]?.authorizationSent, false);
      assert.equal(findingOf(report, 'MCP_CORRECTED_URL_NEEDS_TOKEN').evidence.status, 401);
      assert.equal(report.mcp?.unauthorized?.status, 401);
    });

    it('with the lab CA and a token, the same run lists the three tools at the corrected URL', async () => {
      const token = await lab.mintToken();
      const report = await diagnose({ url: lab.url, token, caFiles: [lab.caFile], env: {} });
      assert.equal(report.verdict.code, 'REDIRECT_SCHEME_DOWNGRADE');
      const works = findingOf(report, 'MCP_CORRECTED_URL_WORKS');
      assert.equal(works.evidence.correctedUrl, lab.correctedUrl);
      assert.deepEqual([...(report.mcp?.tools ?? [])].sort(), [...lab.toolNames].sort());
      assert.equal(report.mcp?.correctedWorks, true);
      assert.ok(!JSON.stringify(report).includes(token), 'the token never reaches the report');
    });

    it('--compare with the plain-HTTP backend says the failure is in the proxy path', async () => {
      const token = await lab.mintToken();
      const report = await diagnose({ url: lab.url, token, caFiles: [lab.caFile], compareUrl: lab.backendUrl, env: {} });
      const compare = findingOf(report, 'HTTP_COMPARE_PROXY_PATH_FAILS');
      assert.equal(compare.evidence.alternateUrl, lab.backendUrl);
      assert.equal(report.mcp?.compare?.works, true);
    });
  });

  it('healthy scenario with a token: initialize works and the three tools are listed, nothing to fix', async () => {
    const lab = await startLab({ scenario: 'healthy' });
    try {
      const report = await diagnose({ url: lab.url, token: await lab.mintToken(), caFiles: [lab.caFile], env: {} });
      const ok = findingOf(report, 'MCP_OK');
      assert.equal(ok.evidence.toolCount, 3);
      assert.equal(report.mcp?.session?.unknownSessionStatus, 404);
      assert.deepEqual(
        mine(report).filter((f) => f.severity === 'error' || f.severity === 'warning'),
        [],
      );
      assert.equal(report.steps.find((s) => s.name === 'mcp')?.status, 'ok');
    } finally {
      await lab.stop();
    }
  });

  it("rate-limited scenario: HTTP_RATE_LIMITED with the server's Retry-After, and the probe stops there", async () => {
    const lab = await startLab({ scenario: 'rate-limited' });
    try {
      const report = await diagnose({ url: lab.url, token: await lab.mintToken(), caFiles: [lab.caFile], env: {} });
      const limited = findingOf(report, 'HTTP_RATE_LIMITED');
      assert.ok(Number(limited.evidence.retryAfterSeconds) > 0);
      assert.match(String(limited.evidence.rateLimit), /remaining=0/);
      const exchanges = report.mcp?.exchanges ?? [];
      assert.equal(exchanges[exchanges.length - 1]?.status, 429, 'nothing sent after the 429');
    } finally {
      await lab.stop();
    }
  });
});
