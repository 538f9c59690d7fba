// Issue 10: diagnosis through a real forward proxy (Debian's tinyproxy) in front of the real lab.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { diagnoseCommand } from '../../src/cli/diagnoseCommand';
import { type CliIo } from '../../src/cli/io';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { reservePort } from '../lab/net';
import { type Lab, startLab } from '../lab/index';
import { type RunningProxy, startTinyproxy } from '../servers/proxy/tinyproxy';
import { codes } from '../support/findings';
import { requires } from '../support/requires';

const skip = requires('tinyproxy', 'nginx');
if (skip) console.log(`# skipping proxy tests: ${skip}`);

/** The healthy lab with --ca: only the trust-matrix note about other clients may remain. */
function assertHealthy(report: DiagnosisReport): void {
  const problems = report.findings.filter((f) => f.severity !== 'ok' && f.severity !== 'info' && f.code !== 'TLS_TRUST_DIFFERS');
  assert.deepEqual(
    problems.map((f) => f.code),
    [],
  );
}

function labTarget(lab: Lab): string {
  return new URL(lab.url).host;
}

describe('diagnosis through tinyproxy', { skip, concurrency: false }, () => {
  let lab: Lab;
  let token: string;
  const proxies: RunningProxy[] = [];
  const proxy = async (opts: Parameters<typeof startTinyproxy>[0] = {}) => {
    const started = await startTinyproxy(opts);
    proxies.push(started);
    return started;
  };
  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    token = await lab.mintToken();
  });
  after(async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    await lab?.stop();
  });

  test('healthy lab through HTTPS_PROXY: the path is named, the tools are listed, and every request went through the proxy', async () => {
    const p = await proxy();
    const report = await diagnose({ url: lab.url, caFiles: [lab.caFile], token, env: { HTTPS_PROXY: p.url }, timeoutMs: 8000 });
    assertHealthy(report);
    const path = report.findings.find((f) => f.code === 'PROXY_PATH');
    assert.ok(path, codes(report).join(', '));
    assert.match(path.cause, new RegExp(`through proxy ${p.url.replace(/[.]/g, '\\.')} \\(from HTTPS_PROXY\\)`));
    assert.deepEqual(report.proxy?.connect?.status, 200);
    assert.equal(report.proxy?.interception?.detected, false);
    assert.deepEqual([...(report.mcp?.tools ?? [])].sort(), [...lab.toolNames].sort());
    assert.deepEqual(
      report.steps.filter((s) => s.name === 'dns' || s.name === 'tcp').map((s) => s.status),
      ['skipped', 'skipped'],
    );
    const connects = await p.connects();
    // The TLS step, the MCP requests and the auth requests (lab AS on another port) all tunnelled.
    assert.ok(connects.filter((c) => c === labTarget(lab)).length >= 2, connects.join(', '));
    assert.ok(connects.includes(new URL(lab.issuer).host), connects.join(', '));
  });

  test('a proxy that wants credentials: 407 with the Basic scheme is the top finding; credentials in the URL pass and are redacted', async () => {
    const p = await proxy({ basicAuth: { user: 'alice', password: 'pr0xy-s3cret' } });
    const refused = await diagnose({ url: lab.url, caFiles: [lab.caFile], token, env: { https_proxy: p.url }, timeoutMs: 8000 });
    const top = refused.findings[0]!;
    assert.equal(top.code, 'PROXY_AUTH_REQUIRED');
    assert.deepEqual(top.evidence.schemes, ['Basic']);
    assert.match(top.cause, new RegExp(p.url.replace(/[.]/g, '\\.')));
    assert.match(top.fix, /http:\/\/USER:PASSWORD@127\.0\.0\.1/);
    assert.equal(refused.steps.find((s) => s.name === 'tls')?.status, 'skipped');
    const withUser = `http://alice:pr0xy-s3cret@127.0.0.1:${p.port}`;
    const passed = await diagnose({ url: lab.url, caFiles: [lab.caFile], token, env: { HTTPS_PROXY: withUser }, timeoutMs: 8000 });
    assertHealthy(passed);
    assert.equal(passed.proxy?.proxy, `http://alice:***@127.0.0.1:${p.port}`);
    assert.ok(!JSON.stringify(passed).includes('pr0xy-s3cret'), 'the proxy password never reaches the report');
    const wrong = await diagnose({
      url: lab.url,
      caFiles: [lab.caFile],
      env: { HTTPS_PROXY: `http://alice:nope@127.0.0.1:${p.port}` },
      timeoutMs: 8000,
    });
    assert.equal(wrong.findings[0]?.code, 'PROXY_AUTH_REQUIRED');
    assert.equal(wrong.findings[0]?.evidence.sentCredentials, true);
  });

  test('a proxy that allows CONNECT only to 443: the refusal, its status and body are the top finding', async () => {
    const p = await proxy({ connectPorts: [443] });
    const report = await diagnose({ url: lab.url, caFiles: [lab.caFile], env: { HTTPS_PROXY: p.url }, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'PROXY_CONNECT_REFUSED', codes(report).join(', '));
    assert.equal(top.evidence.status, 403);
    assert.equal(typeof top.evidence.bodyExcerpt, 'string');
    assert.match(top.cause, new RegExp(`refused CONNECT ${labTarget(lab)} with 403`));
    assert.match(top.fix, /allow CONNECT to .*many proxies allow only 443/);
    assert.equal(report.verdict.code, 'PROXY_CONNECT_REFUSED');
  });

  test('a proxy on a closed port is PROXY_UNREACHABLE, naming where it came from', async () => {
    const port = await reservePort();
    const report = await diagnose({ url: lab.url, env: { HTTPS_PROXY: `127.0.0.1:${port}` }, timeoutMs: 5000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'PROXY_UNREACHABLE');
    assert.equal(top.evidence.errorCode, 'ECONNREFUSED');
    assert.match(top.cause, new RegExp(`proxy http://127\\.0\\.0\\.1:${port} \\(from HTTPS_PROXY\\)`));
  });

  test('NO_PROXY exempting the host: direct connection, PROXY_BYPASSED says which clients agree', async () => {
    const p = await proxy();
    const report = await diagnose({
      url: lab.url,
      caFiles: [lab.caFile],
      token,
      env: { HTTPS_PROXY: p.url, NO_PROXY: `example.com, ${new URL(lab.url).hostname}` },
      timeoutMs: 8000,
    });
    const bypass = report.findings.find((f) => f.code === 'PROXY_BYPASSED');
    assert.ok(bypass, codes(report).join(', '));
    assert.equal(bypass.evidence.entry, new URL(lab.url).hostname);
    assert.equal(bypass.evidence.clientsDisagree, false);
    assert.equal(report.proxy?.path, 'direct');
    assert.equal(report.steps.find((s) => s.name === 'tcp')?.status, 'ok');
    assert.deepEqual(await p.connects(), [], 'nothing went through the proxy');
  });

  test('NO_PROXY entries that clients read differently: a port entry (curl ignores it) and a CIDR range (undici ignores it)', async () => {
    const p = await proxy();
    const port = new URL(lab.url).port;
    const byPort = await diagnose({
      url: lab.url,
      caFiles: [lab.caFile],
      env: { HTTPS_PROXY: p.url, NO_PROXY: `localhost:${port}` },
      timeoutMs: 8000,
    });
    const bypass = byPort.findings.find((f) => f.code === 'PROXY_BYPASSED');
    assert.equal(bypass?.severity, 'warning', codes(byPort).join(', '));
    assert.match(bypass.cause, /curl: uses the proxy/);
    const ipUrl = lab.url.replace('//localhost:', '//127.0.0.1:');
    const byCidr = await diagnose({
      url: ipUrl,
      caFiles: [lab.caFile],
      env: { HTTPS_PROXY: p.url, NO_PROXY: '127.0.0.0/8' },
      timeoutMs: 8000,
    });
    const differs = byCidr.findings.find((f) => f.code === 'PROXY_NO_PROXY_DIFFERS');
    assert.ok(differs, codes(byCidr).join(', '));
    assert.match(differs.cause, /Node with undici EnvHttpProxyAgent .*: uses the proxy; curl: goes direct; Python requests: goes direct/);
    assert.equal(byCidr.proxy?.path, 'proxy');
    assert.ok((await p.connects()).includes(`127.0.0.1:${port}`));
  });

  test('mcp-doctor diagnose --proxy reaches the lab through the proxy and says so; --no-proxy ignores the environment', async () => {
    const p = await proxy();
    const out: string[] = [];
    const io: CliIo = {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      env: { MCP_TOKEN: token },
      color: false,
      interactive: false,
      cwd: process.cwd(),
      readStdin: async () => '',
    };
    const code = await diagnoseCommand(
      [lab.url, '--ca', lab.caFile, '--client', 'node', '--token-env', 'MCP_TOKEN', '--proxy', p.url, '--no-history', '--timeout', '8000'],
      io,
    );
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.match(text, new RegExp(`through proxy ${p.url.replace(/[.]/g, '\\.')} \\(from --proxy\\)`));
    assert.ok((await p.connects()).includes(labTarget(lab)));
    const direct: string[] = [];
    const io2: CliIo = { ...io, stdout: (t) => direct.push(t), env: { HTTPS_PROXY: 'http://127.0.0.1:9' } };
    const code2 = await diagnoseCommand([lab.url, '--ca', lab.caFile, '--no-proxy', '--no-history', '--json', '--timeout', '8000'], io2);
    const report = JSON.parse(direct.join('')) as DiagnosisReport;
    assert.equal(report.proxy?.path, 'direct');
    assert.ok(codes(report).includes('PROXY_SETTINGS_DIFFER'), codes(report).join(', '));
    assert.ok(!codes(report).some((c) => c.startsWith('PROXY_UNREACHABLE')));
    assert.notEqual(code2, 2);
  });
});
