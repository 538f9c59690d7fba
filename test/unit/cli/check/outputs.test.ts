// The CI outputs of `check` from hand-made outcomes: hostile server text stays data, every file
// validates against its official schema, and SARIF locations follow the outcome and the evidence.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { headline, MAX_HEADLINE } from '../../../../src/cli/check/describe';
import { renderJunit } from '../../../../src/cli/check/junit';
import { renderCheckLines } from '../../../../src/cli/check/lines';
import { type CheckOutcome, checkExitCode } from '../../../../src/cli/check/outcome';
import { renderSarif } from '../../../../src/cli/check/sarif';
import { renderStepSummary } from '../../../../src/cli/check/summary';
import { createStyle } from '../../../../src/cli/style';
import { type DiagnosisReport } from '../../../../src/core/diagnose/report';
import { type Finding, makeFinding } from '../../../../src/core/findings/finding';
import { requires } from '../../../support/requires';

const SCHEMAS = join(__dirname, '..', '..', '..', 'fixtures', 'schemas');
const HOSTILE = 'evil"</failure><x>&]]>\u0007\u001b[31m\ud800|*`';

const TRUST_DIFFERS = { trustedBy: ['node'], failing: [{ client: 'vscode', label: 'VS Code', reason: 'not in the OS store' }] };

/** A finding the report ties to a proxy config line (`report.configLocations`, from --proxy-config). */
function proxyConfigFinding(): Finding {
  return makeFinding('PROXY_UNREACHABLE', { proxy: 'http://proxy:3128', during: 'TCP connect', address: '10.0.0.1:3128' });
}
const PROXY_CONFIG_LINE = {
  file: '/repo/deploy/proxy.conf',
  line: 12,
  column: 1,
  code: 'PROXY_UNREACHABLE',
  directive: 'proxy_pass',
  change: 'x',
};

function report(findings: Finding[], summary: string): DiagnosisReport {
  return {
    tool: { name: 'mcp-doctor', version: '0.1.0' },
    target: 'https://h.example/mcp',
    startedAt: '2026-12-06T21:00:00.000Z',
    durationMs: 12,
    cancelled: false,
    verdict: {
      severity: findings.some((f) => f.severity === 'error') ? 'error' : 'ok',
      summary,
      code: findings[0]?.code,
      fix: 'change it',
    },
    steps: [],
    findings,
  };
}

const OUTCOMES: CheckOutcome[] = [
  {
    name: `bad ${HOSTILE}`,
    id: 'vscode-workspace:/repo/.vscode/mcp.json#bad',
    url: 'https://bad.example/mcp',
    location: { path: '/repo/.vscode/mcp.json', line: 7, column: 5 },
    status: 'failed',
    durationMs: 1234,
    report: {
      ...report([makeFinding('TLS_UNTRUSTED_ROOT', { subject: HOSTILE, rootSent: false }), proxyConfigFinding()], `server says ${HOSTILE}`),
      configLocations: [PROXY_CONFIG_LINE],
    },
  },
  {
    name: 'fine',
    id: 'vscode-user:/home/u/.config/Code/User/mcp.json#fine',
    url: 'https://fine.example/mcp',
    location: { path: '/home/u/.config/Code/User/mcp.json', line: 3, column: 5 },
    status: 'unauthenticated',
    authNote: 'not authenticated: environment variable T is not set',
    durationMs: 80,
    report: report([makeFinding('AUTH_NO_TOKEN', { url: 'https://fine.example/mcp' })], 'All checks passed'),
  },
  {
    name: 'later',
    id: 'mcp-json:/repo/.mcp.json#later',
    url: 'https://later.example/mcp',
    location: { path: '/repo/.mcp.json', line: 2, column: 3 },
    status: 'cancelled',
    durationMs: 0,
  },
];

function validateSarif(log: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

test('SARIF: valid 2.1.0; results at the entry line (relative to SRCROOT) and at the evidence config line', () => {
  const log = renderSarif(OUTCOMES, '/repo');
  assert.deepEqual(validateSarif(log), []);
  const results = log.runs[0]?.results ?? [];
  assert.deepEqual(
    results.map((r) => [r.ruleId, r.level]),
    [
      ['TLS_UNTRUSTED_ROOT', 'error'],
      ['PROXY_UNREACHABLE', 'error'],
    ],
    'info findings are not code-scanning alerts',
  );
  const [tls, proxy] = results;
  assert.deepEqual(
    tls?.locations?.map((l) => l.physicalLocation),
    [{ artifactLocation: { uri: '.vscode/mcp.json', uriBaseId: 'SRCROOT' }, region: { startLine: 7, startColumn: 5 } }],
  );
  assert.deepEqual(proxy?.locations?.[1]?.physicalLocation, {
    artifactLocation: { uri: 'deploy/proxy.conf', uriBaseId: 'SRCROOT' },
    region: { startLine: 12, startColumn: 1 },
  });
  assert.equal(log.runs[0]?.tool.driver.rules?.[proxy?.ruleIndex ?? -1]?.id, 'PROXY_UNREACHABLE');
  assert.equal(log.runs[0]?.originalUriBaseIds?.SRCROOT?.uri, 'file:///repo/');
  const outside = renderSarif([{ ...OUTCOMES[0]!, location: { path: '/home/u/my mcp.json', line: 2, column: 1 } }], '/repo');
  assert.equal(outside.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'file:///home/u/my%20mcp.json');
});

test('JUnit: valid against the JUnit XSD, hostile text escaped, counts right', { skip: requires('xmllint') }, () => {
  const xml = renderJunit(OUTCOMES, 1500, '/repo', '2026-12-06T21:00:00.000Z');
  assert.match(xml, /<testsuites name="mcp-doctor check" tests="3" failures="1" errors="0" time="1\.500">/);
  assert.ok(!xml.includes('</failure><x>'), 'the name cannot close the element');
  assert.ok(!xml.includes('\u0007') && !xml.includes('\u001b') && !xml.includes('\ud800'), 'characters XML 1.0 cannot carry are replaced');
  assert.match(xml, /<skipped message="not authenticated: environment variable T is not set; All checks passed"\/>/);
  assert.match(xml, /<skipped message="cancelled: not checked \(cancelled\)"\/>/);
  assert.match(xml, /classname="\/home\/u\/\.config\/Code\/User\/mcp\.json:3"/);
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-junit-unit-'));
  try {
    writeFileSync(join(dir, 'r.xml'), xml);
    const lint = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMAS, 'junit-10.xsd'), join(dir, 'r.xml')], { encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stderr);
    const text = spawnSync('xmllint', ['--xpath', 'string(//testcase[1]/@name)', join(dir, 'r.xml')], { encoding: 'utf8' });
    assert.equal(
      text.stdout.trimEnd(),
      `bad evil"</failure><x>&]]>\ufffd\ufffd[31m\ufffd|*\``,
      'a parser reads back the name, minus what XML cannot carry',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('terminal lines: control characters escaped, file:line relative to the working directory, the total', () => {
  const text = renderCheckLines(OUTCOMES, 1500, '/repo', createStyle(false));
  assert.ok(!text.includes('\u001b'), 'no escape sequence from the server reaches the terminal');
  const lines = text.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^✗ failed +bad evil.* {2}\.vscode\/mcp\.json:7 {2}server says evil.* {2}1\.23 s$/);
  assert.match(
    lines[1] ?? '',
    /^! not authenticated +fine +\/home\/u\/\.config\/Code\/User\/mcp\.json:3 {2}not authenticated: environment variable T is not set; All checks passed/,
  );
  assert.equal(lines[3], '3 servers: 1 failed, 1 not authenticated, 1 cancelled in 1.50 s');
});

test('step summary: Markdown that keeps server text as text', () => {
  const md = renderStepSummary(OUTCOMES, 1500, '/repo');
  const rows = md.split('\n').filter((line) => line.startsWith('| '));
  assert.equal(rows.length, 4, 'the header and one row per server: no row broken by a newline');
  assert.ok(rows[1]?.startsWith('| ❌ failed | bad evil"\\</failure\\>\\<x\\>&\\]\\]\\>'), rows[1]);
  assert.equal(rows[1]?.split(/(?<!\\)\|/).length, 7, 'a | from the server is escaped, the row keeps its five cells');
  assert.match(md, /### What to change\n\n- \*\*bad evil/);
  assert.ok(
    !/\|[^\n]*\n[^|]/.test(md.split('### What')[0]!.split('|---|---|---|---|---|\n')[1]!.trimEnd()),
    'one row per server, no row broken by a newline or pipe',
  );
});

test('exit code: 130 when cancelled, 1 when any server failed, 0 otherwise (not authenticated alone passes)', () => {
  assert.equal(checkExitCode(OUTCOMES, false), 130);
  assert.equal(checkExitCode(OUTCOMES.slice(0, 2), false), 1);
  assert.equal(checkExitCode(OUTCOMES.slice(1, 2), false), 0);
  assert.equal(checkExitCode(OUTCOMES.slice(1, 2), true), 130);
});

test("headline: a passing server with warnings names them instead of the first one's whole cause; long text is clipped", () => {
  const warned: CheckOutcome = {
    ...OUTCOMES[1]!,
    status: 'ok',
    authNote: undefined,
    report: report([makeFinding('TLS_TRUST_DIFFERS', TRUST_DIFFERS), makeFinding('TLS_TRUST_DIFFERS', TRUST_DIFFERS)], 'x'.repeat(5000)),
  };
  assert.equal(headline(warned), 'no errors; 2 warnings: Clients disagree about trusting this server');
  const failed: CheckOutcome = {
    ...OUTCOMES[0]!,
    report: report([makeFinding('TLS_UNTRUSTED_ROOT', { rootSent: false })], 'y'.repeat(5000)),
  };
  assert.equal(headline(failed), `${'y'.repeat(MAX_HEADLINE - 1)}…`);
});
