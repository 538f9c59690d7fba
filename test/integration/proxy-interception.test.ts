// Issue 10: a TLS-inspecting proxy (re-signs with its own CA) in front of the real lab.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { caBundleCommand } from '../../src/cli/caBundle';
import { type CliIo } from '../../src/cli/io';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type Lab, startLab } from '../lab/index';
import { createLeaf, createRootCa, type IssuedCert } from '../lab/pki';
import { type InspectingProxy, startInspectingProxy } from '../servers/proxy/inspecting';
import { requires } from '../support/requires';

const skip = requires('nginx');
if (skip) console.log(`# skipping interception tests: ${skip}`);

describe('TLS interception by the proxy', { skip, concurrency: false }, () => {
  let lab: Lab;
  let dir: string;
  let inspectionCa: IssuedCert;
  let proxy: InspectingProxy;
  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    dir = await mkdtemp(join(tmpdir(), 'mcpd-inspect-'));
    inspectionCa = await createRootCa(dir, { name: 'inspection-ca', subject: '/O=Corp/CN=Corp TLS Inspection CA' });
    proxy = await startInspectingProxy(await createLeaf(dir, inspectionCa, { name: 'inspection-leaf' }));
  });
  after(async () => {
    await proxy?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('an untrusted inspection CA: the top finding names the proxy, its CA and what to trust', async () => {
    const report = await diagnose({ url: lab.url, caFiles: [lab.caFile], env: { HTTPS_PROXY: proxy.url }, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'PROXY_TLS_INTERCEPTION', report.findings.map((f) => f.code).join(', '));
    assert.equal(top.severity, 'error');
    assert.equal(top.evidence.proxyCa, 'Corp TLS Inspection CA');
    assert.equal(top.evidence.method, 'compared');
    assert.equal(top.evidence.directIssuer, 'MCP Doctor Lab Root CA');
    assert.match(top.cause, new RegExp(`Through proxy ${proxy.url.replace(/[.]/g, '\\.')}`));
    assert.match(
      top.fix,
      new RegExp(`Corp TLS Inspection CA.*mcp-doctor ca-bundle --ca proxy-ca\\.pem --out ca-bundle\\.pem ${lab.url}.*NODE_EXTRA_CA_CERTS`),
    );
    assert.equal(report.verdict.code, 'PROXY_TLS_INTERCEPTION');
    assert.equal(report.proxy?.interception?.detected, true);
    assert.notEqual(report.proxy?.interception?.proxiedLeaf, report.proxy?.interception?.directLeaf);
    assert.ok(proxy.connects.includes(new URL(lab.url).host), 'the handshake went through the proxy tunnel');
    // Later steps continue past the untrusted chain with the intercepted leaf pinned, through the tunnel.
    assert.ok(report.mcp?.reached || report.mcp?.unauthorized, JSON.stringify(report.mcp));
  });

  test("ca-bundle behind the inspecting proxy reads the chain through it: it asks for, then bundles, the proxy's CA", async () => {
    const err: string[] = [];
    const out: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: { HTTPS_PROXY: proxy.url },
      color: false,
      interactive: false,
      cwd: dir,
      readStdin: async () => '',
    };
    assert.equal(await caBundleCommand(['--out', 'bundle.pem', lab.url], io), 1);
    assert.match(err.join(''), /Reading the chain through proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\)/);
    assert.match(err.join(''), /the chain needs the CA "Corp TLS Inspection CA"/);
    assert.equal(await caBundleCommand(['--out', 'bundle.pem', '--ca', inspectionCa.certFile, lab.url], io), 0, err.join(''));
    const bundle = await readFile(join(dir, 'bundle.pem'), 'utf8');
    assert.ok(bundle.includes(inspectionCa.certPem.trim()), 'the bundle holds the inspection CA');
  });

  test('a trusted inspection CA: the connection works and lists the tools, the interception is a warning', async () => {
    const token = await lab.mintToken();
    const report = await diagnose({
      url: lab.url,
      caFiles: [lab.caFile, inspectionCa.certFile],
      client: 'node',
      token,
      env: { HTTPS_PROXY: proxy.url },
      timeoutMs: 8000,
    });
    const finding = report.findings.find((f) => f.code === 'PROXY_TLS_INTERCEPTION');
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding?.evidence.trusted, true);
    assert.ok(
      !report.findings.some((f) => f.severity === 'error'),
      report.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .join(', '),
    );
    assert.deepEqual([...(report.mcp?.tools ?? [])].sort(), [...lab.toolNames].sort());
    assert.equal(
      report.tls?.chain?.at(-1)?.name,
      'Corp TLS Inspection CA',
      'the chain analysed is the one the client sees through the proxy',
    );
  });
});
