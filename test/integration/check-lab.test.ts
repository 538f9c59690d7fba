// Issue 19's must-hold, through the built CLI against the real lab: a workspace whose .vscode/mcp.json
// lists healthy, redirecting, untrusted and auth-broken servers; `mcp-doctor check` exits 1 and writes
// JUnit that validates against Jenkins' JUnit XSD (xmllint) and SARIF that validates against the official
// 2.1.0 schema (Ajv), with each result on its server's line of mcp.json.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { type Lab, startLab } from '../lab/index';
import { requires } from '../support/requires';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const SCHEMAS = join(__dirname, '..', 'fixtures', 'schemas');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the lab's servers run in this process and must keep answering. */
function cli(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: typeof err?.code === 'number' ? err.code : err ? 99 : 0, stdout, stderr });
    });
  });
}

const skip = requires('nginx');

/** The workspace's mcp.json, with a comment and blank lines so line numbers are not trivially the index. */
function mcpJson(labs: Record<'healthy' | 'redirecting' | 'untrusted' | 'authBroken', Lab>): string {
  return `// The team's MCP servers (JSONC: VS Code accepts comments)
{
  "inputs": [],
  "servers": {
    "healthy": {
      "type": "http",
      "url": "${labs.healthy.url}",
      "headers": { "Authorization": "Bearer \${env:HEALTHY_TOKEN}" }
    },

    "redirecting": { "type": "http", "url": "${labs.redirecting.url}" },
    "untrusted": {
      "url": "${labs.untrusted.url}"
    },
    "auth-broken": {
      "type": "http",
      "url": "${labs.authBroken.url}",
      "headers": { "Authorization": "Bearer \${env:BROKEN_TOKEN}" }
    },
    "no-token": { "type": "http", "url": "${labs.healthy.correctedUrl}" },
    "local-tool": { "command": "node", "args": ["server.js"] }
  }
}
`;
}

/** 1-based line of `"name":` in the text. */
function lineOf(text: string, name: string): number {
  const index = text.indexOf(`"${name}":`);
  assert.ok(index >= 0, name);
  return text.slice(0, index).split('\n').length;
}

describe('mcp-doctor check against the lab', { skip, concurrency: false }, () => {
  let labs: Record<'healthy' | 'redirecting' | 'untrusted' | 'authBroken', Lab>;
  let dir: string;
  let workspace: string;
  let text: string;
  let env: Record<string, string>;
  let caArgs: string[];
  let secrets: string[];

  before(async () => {
    // One after another: four nginx + oidc-provider stacks at once would only fight for two CPUs.
    const healthy = await startLab({ scenario: 'healthy' });
    const redirecting = await startLab({ scenario: 'default' });
    const untrusted = await startLab({ scenario: 'self-signed' });
    const authBroken = await startLab({ scenario: 'wrong-audience' });
    labs = { healthy, redirecting, untrusted, authBroken };
    dir = mkdtempSync(join(tmpdir(), 'mcpd-check-lab-'));
    workspace = join(dir, 'repo');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    mkdirSync(join(dir, 'home'));
    text = mcpJson(labs);
    writeFileSync(join(workspace, '.vscode', 'mcp.json'), text);
    secrets = [await healthy.mintToken(), await authBroken.mintToken()];
    // Every trust variable set explicitly (empty): the machine presets them to the OS bundle.
    env = {
      PATH: process.env.PATH ?? '',
      HOME: join(dir, 'home'),
      MCP_DOCTOR_CACHE_DIR: join(dir, 'cache'),
      NODE_EXTRA_CA_CERTS: '',
      SSL_CERT_FILE: '',
      SSL_CERT_DIR: '',
      REQUESTS_CA_BUNDLE: '',
      CURL_CA_BUNDLE: '',
      HEALTHY_TOKEN: secrets[0]!,
      BROKEN_TOKEN: secrets[1]!,
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    };
    // The team's private CAs, for every server (the self-signed one is trusted by none of them); the team's
    // clients are Node (--client node): --ca is how a Node client is given them.
    caArgs = [healthy, redirecting, authBroken].flatMap((lab) => ['--ca', lab.caFile]);
  });

  after(async () => {
    await Promise.all(Object.values(labs ?? {}).map((lab) => lab.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('exits 1, one line per server with its file:line, JUnit and SARIF that validate, SARIF on the right lines', async () => {
    const run = await cli(
      ['check', ...caArgs, '--client', 'node', '--junit', 'r.xml', '--sarif', 'r.sarif', '--concurrency', '3'],
      workspace,
      env,
    );
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    const lines = run.stdout.trimEnd().split('\n');
    const lineFor = (name: string) => lines.find((l) => l.includes(` ${name} `)) ?? assert.fail(`no line for ${name} in\n${run.stdout}`);
    assert.match(lineFor('healthy'), new RegExp(`^✓ ok .*\\.vscode/mcp\\.json:${lineOf(text, 'healthy')} `));
    assert.match(
      lineFor('redirecting'),
      new RegExp(`^✗ failed .*\\.vscode/mcp\\.json:${lineOf(text, 'redirecting')} .*redirected \\(307\\)`),
    );
    assert.match(lineFor('untrusted'), new RegExp(`^✗ failed .*\\.vscode/mcp\\.json:${lineOf(text, 'untrusted')} `));
    assert.match(lineFor('auth-broken'), new RegExp(`^✗ failed .*\\.vscode/mcp\\.json:${lineOf(text, 'auth-broken')} `));
    assert.match(lineFor('no-token'), /^! not authenticated .*requires a token and none is configured \(--token-env no-token=VAR\)/);
    assert.ok(!lines.some((l) => l.includes('local-tool')), 'stdio servers are not checked');
    assert.match(lines.at(-1) ?? '', /^5 servers: 1 ok, 3 failed, 1 not authenticated in \d/);
    for (const secret of secrets) assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'no token in the output');

    const junit = readFileSync(join(workspace, 'r.xml'), 'utf8');
    assert.match(junit, /<testsuites name="mcp-doctor check" tests="5" failures="3" errors="0"/);
    assert.match(
      junit,
      /<testcase name="redirecting" classname="\.vscode\/mcp\.json:\d+"[^>]*>\s*<failure type="REDIRECT_SCHEME_DOWNGRADE" message="POST https:\/\/localhost:\d+\/mcp is redirected \(307\)/,
    );
    assert.match(junit, /<testcase name="no-token"[^>]*>\s*<skipped message="not authenticated: /);
    for (const secret of secrets) assert.ok(!junit.includes(secret), 'no token in the JUnit file');

    const sarif = JSON.parse(readFileSync(join(workspace, 'r.sarif'), 'utf8')) as Sarif.Log;
    assert.deepEqual(validateSarif(sarif), []);
    const results = sarif.runs[0]?.results ?? [];
    const byServer = (name: string) => results.filter((r) => r.properties?.server === name);
    for (const name of ['redirecting', 'untrusted', 'auth-broken']) {
      const errors = byServer(name).filter((r) => r.level === 'error');
      assert.ok(errors.length > 0, `error results for ${name}`);
      for (const r of byServer(name)) {
        const location = r.locations?.[0]?.physicalLocation;
        assert.equal(location?.artifactLocation?.uri, '.vscode/mcp.json');
        assert.equal(location?.artifactLocation?.uriBaseId, 'SRCROOT');
        assert.equal(location?.region?.startLine, lineOf(text, name), `${name} ${r.ruleId}`);
      }
    }
    assert.ok(byServer('redirecting').some((r) => r.ruleId === 'REDIRECT_SCHEME_DOWNGRADE'));
    assert.ok(
      byServer('untrusted').some((r) => r.ruleId?.startsWith('TLS_')),
      byServer('untrusted')
        .map((r) => r.ruleId)
        .join(),
    );
    assert.ok(
      byServer('auth-broken').some((r) => r.ruleId === 'AUTH_SERVER_REJECTS_VALID_TOKEN'),
      byServer('auth-broken')
        .map((r) => r.ruleId)
        .join(),
    );
    assert.ok(!byServer('healthy').some((r) => r.level === 'error'));
    assert.equal(sarif.runs[0]?.originalUriBaseIds?.SRCROOT?.uri, `file://${workspace}/`);

    const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
    assert.match(summary, /^## MCP Doctor: server check\n\n5 servers: 1 ok, 3 failed, 1 not authenticated/);
    assert.match(summary, /\| ❌ failed \| redirecting \| `\.vscode\/mcp\.json:\d+` \|/);
  });

  test('the JUnit file validates against the JUnit XSD', { skip: requires('xmllint') }, () => {
    const valid = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, 'junit-10.xsd'), join(workspace, 'r.xml')], {
      encoding: 'utf8',
    });
    assert.equal(valid.status, 0, valid.stderr);
  });

  test('--json: one report per server, with its source line and status; tokens only as the env names them', async () => {
    const run = await cli(
      ['check', ...caArgs, '--client', 'node', '--json', '--concurrency', '2', '--token-env', 'no-token=HEALTHY_TOKEN'],
      workspace,
      {
        ...env,
        GITHUB_STEP_SUMMARY: '',
      },
    );
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as {
      servers: {
        name: string;
        status: string;
        source: { line: number } | null;
        report: { target: string; findings: { code: string }[] };
      }[];
    };
    const statusOf = Object.fromEntries(doc.servers.map((s) => [s.name, s.status]));
    assert.deepEqual(statusOf, { healthy: 'ok', redirecting: 'failed', untrusted: 'failed', 'auth-broken': 'failed', 'no-token': 'ok' });
    for (const s of doc.servers) assert.equal(s.source?.line, lineOf(text, s.name));
    const noToken = doc.servers.find((s) => s.name === 'no-token');
    assert.ok(
      noToken?.report.findings.some((f) => f.code === 'JWT_VERIFIED'),
      `the --token-env token was used: ${noToken?.report.findings.map((f) => f.code).join()}`,
    );
    for (const secret of secrets) assert.ok(!run.stdout.includes(secret), 'no token in the JSON');
  });

  test('a token variable that is not set: that server is "not authenticated", the run goes on', async () => {
    const { BROKEN_TOKEN: _unset, ...withoutBroken } = env;
    const run = await cli(['check', ...caArgs, '--client', 'node', '--no-auth-probes'], workspace, withoutBroken);
    const line = run.stdout.split('\n').find((l) => l.includes(' auth-broken ')) ?? '';
    assert.match(line, /^! not authenticated .*environment variable BROKEN_TOKEN is not set/);
    assert.equal(run.code, 1, 'the redirecting and untrusted servers still fail the run');
  });

  test('--proxy-config: SARIF also locates the redirect at the nginx line that causes it; servers it does not serve ignore it', async () => {
    const conf = join(labs.redirecting.dir, 'nginx.conf');
    const run = await cli(
      ['check', ...caArgs, '--client', 'node', '--no-auth-probes', '--proxy-config', conf, '--sarif', 'p.sarif'],
      workspace,
      env,
    );
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    const sarif = JSON.parse(readFileSync(join(workspace, 'p.sarif'), 'utf8')) as Sarif.Log;
    assert.deepEqual(validateSarif(sarif), []);
    const results = sarif.runs[0]?.results ?? [];
    const redirect = results.find((r) => r.properties?.server === 'redirecting' && r.ruleId === 'REDIRECT_SCHEME_DOWNGRADE');
    const inConf = redirect?.locations?.slice(1).map((l) => l.physicalLocation) ?? [];
    assert.ok(inConf.length > 0, `a second location for the redirect: ${JSON.stringify(redirect?.locations)}`);
    for (const loc of inConf) {
      assert.equal(loc?.artifactLocation?.uri, `file://${conf}`);
      const line = readFileSync(conf, 'utf8').split('\n')[(loc?.region?.startLine ?? 0) - 1] ?? '';
      assert.match(line, /location|proxy_set_header|server|listen|return/, `the located line: ${line}`);
    }
    const elsewhere = results.filter((r) => r.properties?.server !== 'redirecting');
    assert.ok(elsewhere.length > 0);
    assert.ok(
      elsewhere.every((r) => (r.locations ?? []).length === 1),
      'other servers are not located in a config that does not serve them',
    );
  });
});

/** The SARIF log against the official 2.1.0 schema: the list of errors, empty when valid. */
function validateSarif(log: unknown): string[] {
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only a non-Unicode RegExp accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

test('the SARIF validator can say no (a log without its version)', () => {
  assert.notDeepEqual(validateSarif({ runs: [] }), []);
});

test('the JUnit validator can say no (a testcase without a name)', { skip: requires('xmllint') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-junit-'));
  try {
    const file = join(dir, 'bad.xml');
    writeFileSync(
      file,
      '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="c"/></testsuite></testsuites>',
    );
    assert.notEqual(spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, 'junit-10.xsd'), file]).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
