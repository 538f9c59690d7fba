/**
 * Issue 17's must-hold through the built CLI: against the lab with DCR on, `mcp-doctor login URL`
 * completes the flow in a real browser (Chromium driven through oidc-provider's login and consent
 * pages by the MCP_DOCTOR_BROWSER command), lists the three tools with the new token, runs the
 * diagnosis with it, and no secret (token, code, state, verifier) appears in any output.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startFlowLab } from '../lab/flowLab';
import { chromiumMissing } from '../lab/signInBrowser';
import { requires } from '../support/requires';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mcpd-cli-login-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          MCP_DOCTOR_CACHE_DIR: join(dir, 'cache'),
          NODE_EXTRA_CA_CERTS: '',
          SSL_CERT_FILE: '',
          SSL_CERT_DIR: '',
          REQUESTS_CA_BUNDLE: '',
          CURL_CA_BUNDLE: '',
          ...env,
        },
        timeout: 90_000,
      },
      (err, stdout, stderr) => resolve({ code: typeof err?.code === 'number' ? err.code : err ? 99 : 0, stdout, stderr }),
    );
  });
}

async function waitForFile(path: string, ms: number): Promise<string> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 100))) {
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  assert.fail(`no ${path}${existsSync(`${path}.error`) ? `: ${readFileSync(`${path}.error`, 'utf8')}` : ''}`);
}

const skip = chromiumMissing() ?? (requires('cli-build') || undefined);

describe('mcp-doctor login against the flow lab', { skip, concurrency: false }, () => {
  test('DCR on: signs in in the real browser, lists the three tools, no secret in any output', async () => {
    const lab = await startFlowLab();
    try {
      const trace = join(dir, 'trace-human.json');
      const browser = `${process.execPath} --import tsx ${join(ROOT, 'test', 'lab', 'signInCommand.ts')}`;
      const human = await cli(['login', lab.url], { MCP_DOCTOR_BROWSER: browser, MCP_DOCTOR_SIGNIN_TRACE: trace });
      assert.equal(human.code, 0, human.stdout + human.stderr);
      assert.match(human.stdout, /Signed in to http:\/\/127\.0\.0\.1:\d+\/mcp\/ \(3 tools\)/);
      assert.match(human.stdout, /tools\/list: 3 tools with the new token/);
      assert.match(human.stdout, /Diagnosis with the new token/);
      const visited = JSON.parse(await waitForFile(trace, 5000)) as { authorizationUrl: string; urls: string[] };
      const callback = new URL(visited.urls.find((u) => u.includes('/callback?')) ?? assert.fail('the browser never reached the callback'));
      const secrets = [callback.searchParams.get('code'), callback.searchParams.get('state')].filter((s): s is string => !!s);
      assert.equal(secrets.length, 2);
      for (const secret of secrets) assert.ok(!(human.stdout + human.stderr).includes(secret), 'a code or state leaked');

      const jsonTrace = join(dir, 'trace-json.json');
      const json = await cli(['login', lab.url, '--json'], { MCP_DOCTOR_BROWSER: browser, MCP_DOCTOR_SIGNIN_TRACE: jsonTrace });
      assert.equal(json.code, 0, json.stderr);
      const doc = JSON.parse(json.stdout) as {
        flow: { tools: string[]; exchanges: { step: string }[] };
        flowFindings: { code: string }[];
        diagnosis: { findings: { code: string }[] };
      };
      assert.deepEqual([...doc.flow.tools].sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
      assert.ok(doc.flowFindings.some((f) => f.code === 'OAUTH_FLOW_OK'));
      assert.ok(
        doc.diagnosis.findings.some((f) => f.code === 'AUTH_AUTHENTICATED_OK' || f.code === 'JWT_VERIFIED'),
        doc.diagnosis.findings.map((f) => f.code).join(', '),
      );
      const jsonVisited = JSON.parse(await waitForFile(jsonTrace, 5000)) as { urls: string[] };
      const jsonCallback = new URL(jsonVisited.urls.find((u) => u.includes('/callback?'))!);
      for (const secret of [jsonCallback.searchParams.get('code')!, jsonCallback.searchParams.get('state')!])
        assert.ok(!json.stdout.includes(secret) && !json.stderr.includes(secret));
      assert.doesNotMatch(json.stdout, /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/, 'a JWT in the JSON output');

      const tokenTrace = join(dir, 'trace-token.json');
      const printed = await cli(['login', lab.url, '--print-token'], { MCP_DOCTOR_BROWSER: browser, MCP_DOCTOR_SIGNIN_TRACE: tokenTrace });
      assert.equal(printed.code, 0, printed.stderr);
      const token = printed.stdout.trim();
      assert.match(token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/, 'stdout is the token alone');
      assert.ok(!printed.stderr.includes(token), 'the token appears only where asked for');
      assert.ok(!human.stdout.includes(token.split('.')[2]!));
    } finally {
      await lab.stop();
    }
  });

  test('--no-browser prints the URL to open and says when nobody came back; --json with --print-token is a usage error', async () => {
    const lab = await startFlowLab();
    try {
      const run = await cli(['login', lab.url, '--no-browser', '--wait', '1500'], {});
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /Open this URL in a browser to sign in/);
      assert.match(
        run.stderr,
        /http:\/\/127\.0\.0\.1:\d+\/auth\?response_type=code&client_id=[^&]+&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback&code_challenge=[\w-]{43}&code_challenge_method=S256&state=[\w-]+&resource=http/,
      );
      assert.match(run.stdout, /Sign-in stopped at "authorization"/);
      assert.match(run.stdout, /OAUTH_CALLBACK_TIMEOUT/);
    } finally {
      await lab.stop();
    }
    const usage = await cli(['login', 'http://127.0.0.1:9/mcp', '--json', '--print-token'], {});
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--print-token cannot be combined with --json/);
  });
});
