// The Node stand-in front (test/lab/nodeFront.ts) against the real nginx, default scenario: the same
// redirect on the wire, and the same diagnosis (verdict, finding codes and severities) for the broken
// client and for the client fixed as the report says. The stand-in must not drift from nginx.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type FrontKind, type Lab, startLab } from '../lab/index';
import { hostWithoutPort, upstreamPath } from '../lab/nodeFront';
import { trustingAgent } from '../lab/trust';
import { requires } from '../support/requires';

const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Trust variables set explicitly: the machine presets them, and the broken client must not see the lab CA. */
const ENV = {
  NODE_EXTRA_CA_CERTS: OS_BUNDLE,
  SSL_CERT_FILE: OS_BUNDLE,
  SSL_CERT_DIR: '/etc/ssl/certs',
  REQUESTS_CA_BUNDLE: OS_BUNDLE,
  CURL_CA_BUNDLE: OS_BUNDLE,
};

function outline(report: DiagnosisReport): { verdict: string; findings: string[] } {
  return {
    verdict: `${report.verdict.severity} ${report.verdict.code}`,
    findings: report.findings.map((f) => `${f.severity} ${f.code}`).sort(),
  };
}

async function postMcp(lab: Lab): Promise<{ status: number; location: unknown }> {
  const agent = trustingAgent(lab.caPem);
  try {
    const res = await request(lab.url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    await res.body.dump();
    return { status: res.statusCode, location: res.headers.location };
  } finally {
    await agent.destroy();
  }
}

describe(
  'the Node front diagnoses like nginx (default scenario)',
  { skip: requires('nginx'), concurrency: false, timeout: 120_000 },
  () => {
    const labs = new Map<FrontKind, Lab>();

    before(async () => {
      for (const front of ['nginx', 'node'] as const) labs.set(front, await startLab({ scenario: 'default', front }));
    });

    after(async () => {
      await Promise.all([...labs.values()].map((lab) => lab.stop()));
    });

    test('each lab reports the front it runs', () => {
      assert.equal(labs.get('nginx')?.front, 'nginx');
      assert.ok(labs.get('nginx')?.nginxPid);
      assert.equal(labs.get('node')?.front, 'node');
      assert.equal(labs.get('node')?.nginxPid, undefined);
    });

    test('POST /mcp: 307 Location: http://localhost/mcp/ from both', async () => {
      for (const lab of labs.values()) assert.deepEqual(await postMcp(lab), { status: 307, location: 'http://localhost/mcp/' }, lab.front);
    });

    test('the broken client: same verdict and findings', async () => {
      const [nginx, node] = await Promise.all([...labs.values()].map((lab) => diagnose({ url: lab.url, env: ENV, timeoutMs: 10_000 })));
      assert.equal(outline(nginx!).verdict, 'error REDIRECT_SCHEME_DOWNGRADE');
      assert.deepEqual(outline(node!), outline(nginx!));
    });

    test('fixed as the report says (corrected URL, the lab CA, a token): same verdict and findings, tools listed', async () => {
      // The lab CA is given to Node only (caFiles), so Node is the client: without a named client every
      // client that does not trust the lab CA (curl, Python, VS Code on the OS bundle) is an error of its own.
      const reports = await Promise.all(
        [...labs.values()].map(async (lab) =>
          diagnose({
            url: lab.correctedUrl,
            caFiles: [lab.caFile],
            token: await lab.mintToken(),
            env: ENV,
            timeoutMs: 10_000,
            client: 'node',
          }),
        ),
      );
      const [nginx, node] = reports as [DiagnosisReport, DiagnosisReport];
      assert.ok(!nginx.findings.some((f) => f.severity === 'error'), outline(nginx).findings.join(', '));
      assert.deepEqual(outline(node), outline(nginx));
      assert.deepEqual(node.mcp?.tools, nginx.mcp?.tools);
      assert.equal(node.mcp?.toolCount, 3);
    });
  },
);

describe(
  'the healthy scenario (fixed nginx configuration) through the Node front and nginx',
  { skip: requires('nginx'), concurrency: false, timeout: 120_000 },
  () => {
    test('a trusting client with a token: same verdict and findings, no redirect, tools listed', async () => {
      const labs = await Promise.all((['nginx', 'node'] as const).map((front) => startLab({ scenario: 'healthy', front })));
      try {
        const [nginx, node] = await Promise.all(
          labs.map(async (lab) =>
            diagnose({ url: lab.url, caFiles: [lab.caFile], token: await lab.mintToken(), env: ENV, timeoutMs: 10_000 }),
          ),
        );
        assert.equal(nginx!.redirects, undefined);
        assert.deepEqual(outline(node!), outline(nginx!));
        assert.equal(node!.mcp?.toolCount, 3);
      } finally {
        await Promise.all(labs.map((lab) => lab.stop()));
      }
    });
  },
);

describe('the Node front maps requests as the nginx configurations do', () => {
  test('$host drops the port and lower-cases; IPv6 literals keep their brackets', () => {
    assert.equal(hostWithoutPort('LocalHost:8443'), 'localhost');
    assert.equal(hostWithoutPort('[::1]:8443'), '[::1]');
    assert.equal(hostWithoutPort('example.test'), 'example.test');
  });

  test('locations: = /mcp (rewritten to /mcp/ only when fixed), /mcp/ and /.well-known/ proxied, the rest 404', () => {
    assert.equal(upstreamPath('/mcp', 'incident'), '/mcp');
    assert.equal(upstreamPath('/mcp?x=1', 'fixed'), '/mcp/?x=1');
    assert.equal(upstreamPath('/mcp/', 'fixed'), '/mcp/');
    assert.equal(upstreamPath('/.well-known/oauth-protected-resource/mcp', 'incident'), '/.well-known/oauth-protected-resource/mcp');
    assert.equal(upstreamPath('/', 'incident'), undefined);
    assert.equal(upstreamPath('/mcpx', 'fixed'), undefined);
  });
});
