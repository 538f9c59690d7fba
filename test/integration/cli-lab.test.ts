// Issue 2's must-holds, through the built CLI against the real lab (nginx, oidc-provider, MCP SDK).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startLab } from '../lab/index';
import { codes, type WithFindings } from '../support/findings';
import { requires } from '../support/requires';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const cacheDir = mkdtempSync(join(tmpdir(), 'mcpd-cli-lab-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the lab's servers run in this process and must keep answering. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', MCP_DOCTOR_CACHE_DIR: cacheDir, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: typeof err?.code === 'number' ? err.code : err ? 99 : 0, stdout, stderr });
      },
    );
  });
}

const skip = requires('nginx');

describe('CLI against the lab', { skip, concurrency: false }, () => {
  test('default scenario: names the untrusted lab CA, the https→http redirect and the corrected URL', async () => {
    const lab = await startLab({ scenario: 'default' });
    try {
      const human = await cli(['diagnose', lab.url]);
      assert.equal(human.code, 1, human.stderr);
      const port = new URL(lab.url).port;
      const verdict = human.stdout.split('\n')[1] ?? '';
      assert.match(
        verdict,
        new RegExp(`POST https://localhost:${port}/mcp is redirected \\(307\\) to http://localhost/mcp/ \\(scheme and port lost\\)`),
      );
      assert.match(human.stdout, new RegExp(`Use https://localhost:${port}/mcp/`));
      assert.match(human.stdout, /MCP Doctor Lab Root CA/);
      const json = await cli(['diagnose', lab.url, '--json']);
      const found = codes(JSON.parse(json.stdout) as WithFindings<{ code: string }>);
      for (const code of ['TLS_UNTRUSTED_ROOT', 'REDIRECT_SCHEME_DOWNGRADE', 'REDIRECT_TRAILING_SLASH'])
        assert.ok(found.includes(code), `${code} in ${found.join(', ')}`);
    } finally {
      await lab.stop();
    }
  });

  test('crash-on-startup scenario: reset before any response, fix points at startup logs and config', async () => {
    const lab = await startLab({ scenario: 'crash-on-startup' });
    try {
      const run = await cli(['diagnose', lab.url, '--json']);
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as { verdict: { code: string; fix: string } };
      assert.equal(report.verdict.code, 'NET_RESET_BEFORE_RESPONSE');
      assert.match(report.verdict.fix, /startup logs/);
      assert.match(report.verdict.fix, /MCP_JWT_ISSUER/);
    } finally {
      await lab.stop();
    }
  });

  test('healthy lab with the CA and a valid token: exit 0 for Node, no errors, initialize and the three tools', async () => {
    const lab = await startLab({ scenario: 'healthy' });
    try {
      const token = await lab.mintToken();
      const run = await cli(['diagnose', lab.url, '--ca', lab.caFile, '--client', 'node', '--token-env', 'LAB_TOKEN', '--json'], {
        LAB_TOKEN: token,
      });
      const report = JSON.parse(run.stdout) as { findings: { code: string; severity: string }[]; mcp?: { tools?: string[] } };
      const errors = report.findings.filter((f) => f.severity === 'error').map((f) => f.code);
      assert.deepEqual(errors, []);
      assert.equal(run.code, 0);
      assert.deepEqual([...(report.mcp?.tools ?? [])].sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
      assert.ok(!run.stdout.includes(token), 'the token never appears in the report');
      const human = await cli(['diagnose', lab.url, '--ca', lab.caFile, '--token-env', 'LAB_TOKEN'], { LAB_TOKEN: token });
      assert.equal(human.code, 1, 'no client named: the clients that do not trust the lab CA are errors');
      assert.match(human.stdout, /^✗ VS Code, Python httpx, Python requests, Python's ssl module and curl do not trust this server\./m);
      assert.ok(!human.stdout.includes(token));
      assert.match(human.stdout, /3 tools: /);
      assert.match(human.stdout, /signature verified \(RS256, kid /);
      assert.match(human.stdout, /MCP Doctor Lab Intermediate CA \(intermediate/);
      assert.match(human.stdout, /✓ Node\.js/);
    } finally {
      await lab.stop();
    }
  });
});
