/**
 * Issue 16's must-hold, through the built CLI: one `mcp-doctor diagnose` run per deployment setup gives
 * the verdict and the proxy-specific fix (Caddy balancing round-robin; nginx cutting a held tool call),
 * and a healthy setup none of the deployment findings.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBalancer } from '../lab/balancers';
import { type Replica, startReplicas } from '../lab/replicas';
import { startStreamProxy } from '../lab/streamProxies';
import { requires } from '../support/requires';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'mcpd-deploy-cli-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

interface Report {
  verdict: { code?: string; fix?: string };
  findings: { code: string; fix: string; evidence: Record<string, unknown> }[];
}

/** Asynchronous: the replicas run in this process (SDK kind) and must keep answering. */
function diagnoseJson(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'diagnose', ...args, '--json'],
      { env: { PATH: process.env.PATH ?? '', MCP_DOCTOR_CACHE_DIR: cacheDir }, timeout: 90_000 },
      (err, stdout, stderr) => {
        try {
          resolve({ code: typeof err?.code === 'number' ? err.code : err ? 99 : 0, report: JSON.parse(stdout) as Report, stderr });
        } catch (parseError) {
          reject(new Error(`no JSON report (${String(parseError)}): ${stderr.slice(0, 500)}`));
        }
      },
    );
  });
}

const DEPLOY_PROBLEMS =
  /^(SESSION_NOT_STICKY|STREAM_BUFFERED|STREAM_CUT_IDLE|STREAM_COMPRESSED|STREAM_CONTENT_LENGTH|CORS_PREFLIGHT_REFUSED|CORS_HEADER_NOT_ALLOWED|CORS_HEADER_NOT_EXPOSED)$/;
const built = requires('cli-build');

describe('mcp-doctor diagnose behind Caddy balancing two SDK replicas', { skip: built || requires('caddy') }, () => {
  let replicas: Replica[] = [];
  before(async () => {
    replicas = await startReplicas('sdk', 2);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  it('lb_policy round_robin: exit 1, SESSION_NOT_STICKY, the fix leads with lb_policy ip_hash', async () => {
    const lb = await startBalancer('caddy', 'round-robin', replicas);
    try {
      const { code, report, stderr } = await diagnoseJson([lb.url]);
      assert.equal(code, 1, stderr);
      assert.equal(report.verdict.code, 'SESSION_NOT_STICKY');
      assert.match(report.verdict.fix ?? '', /^Send every request of a session to the replica that created it: Caddy: `lb_policy ip_hash`/);
    } finally {
      await lb.stop();
    }
  });

  it('lb_policy ip_hash: exit 0 and none of the deployment findings', async () => {
    const lb = await startBalancer('caddy', 'client-ip', replicas);
    try {
      const { code, report, stderr } = await diagnoseJson([lb.url]);
      assert.equal(code, 0, stderr);
      assert.deepEqual(
        report.findings.map((f) => f.code).filter((c) => DEPLOY_PROBLEMS.test(c)),
        [],
      );
      assert.ok(report.findings.some((f) => f.code === 'SESSION_AFFINITY_OK'));
    } finally {
      await lb.stop();
    }
  });
});

describe('mcp-doctor diagnose --stream-tool --hold through nginx', { skip: built || requires('nginx', 'server-everything') }, () => {
  let server: Replica;
  before(async () => {
    [server] = (await startReplicas('everything', 1)) as [Replica];
  });
  after(async () => {
    await server?.stop();
  });

  it('proxy_read_timeout 2s: the held call and the GET stream are STREAM_CUT_IDLE, naming proxy_read_timeout', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false, readTimeoutSeconds: 2 }, server.port);
    try {
      const args = [
        proxy.url,
        '--stream-tool',
        'trigger-long-running-operation',
        '--stream-args',
        '{"duration":10,"steps":1}',
        '--hold',
        '3',
      ];
      const { report } = await diagnoseJson(args);
      const cuts = report.findings.filter((f) => f.code === 'STREAM_CUT_IDLE');
      assert.deepEqual(cuts.map((f) => f.evidence.stream ?? 'GET').sort(), ['GET', 'answer to tools/call trigger-long-running-operation']);
      for (const cut of cuts) assert.match(cut.fix, /nginx: `proxy_read_timeout 3600s;`/);
    } finally {
      await proxy.stop();
    }
  });
});
