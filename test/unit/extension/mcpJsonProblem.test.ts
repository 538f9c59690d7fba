// Where a server's problem sits in its mcp.json entry, and which Quick Fixes a report offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { discoverServers } from '../../../src/core/discovery/discover';
import { catalog, type FindingCode } from '../../../src/core/findings/catalog/index';
import { type Finding } from '../../../src/core/findings/finding';
import { actionsFor, problemFor, urlValueRange } from '../../../src/extension/problems/mcpJsonProblem';

/** A finding of this code as the catalog rates it; which actions a report offers depends on codes, not evidence. */
function findingOf(code: FindingCode): Finding {
  const { severity, step } = catalog[code];
  return { code, severity, step, title: code, cause: 'the cause', fix: 'the fix', evidence: {} };
}

function report(codes: FindingCode[], severity: DiagnosisReport['verdict']['severity'], correctedUrl?: string): DiagnosisReport {
  const findings = codes.map(findingOf);
  return {
    tool: { name: 'mcp-doctor', version: 't' },
    target: 'https://h:8443/mcp',
    startedAt: '',
    durationMs: 1,
    cancelled: false,
    verdict: { severity, summary: 'the cause', code: codes[0] },
    steps: [],
    findings,
    ...(correctedUrl && { mcp: { correctedUrl } as DiagnosisReport['mcp'] }),
  };
}

test('the range is the url string (quotes included), for url, serverUrl and an mcp-remote args item', () => {
  const text = '{ "servers": { "a": { "url": "https://h:8443/mcp" }, "b": { "serverUrl": "https://h/\\"x" } } }';
  const a = urlValueRange(text, 'vscode-workspace', 'a', 'https://h:8443/mcp')!;
  assert.equal(text.slice(a.start, a.end), '"https://h:8443/mcp"');
  const b = urlValueRange(text, 'vscode-workspace', 'b', 'https://h/"x')!;
  assert.equal(text.slice(b.start, b.end), '"https://h/\\"x"');
  const remote = '{ "mcpServers": { "r": { "command": "npx", "args": ["-y", "mcp-remote", "https://h:8443/mcp", "--header", "A: b"] } } }';
  const r = urlValueRange(remote, 'mcp-json', 'r', 'https://h:8443/mcp')!;
  assert.equal(remote.slice(r.start, r.end), '"https://h:8443/mcp"');
  assert.equal(urlValueRange(text, 'vscode-workspace', 'missing', 'x'), undefined);
  assert.equal(urlValueRange('{ broken', 'vscode-workspace', 'a', 'x'), undefined);
});

test('problem only for error/warning verdicts of file entries; a URL with variables is never replaced', () => {
  const text = '{ "servers": { "a": { "url": "https://h:8443/mcp" }, "v": { "url": "https://${env:HOST}/v/mcp" } } }';
  const { servers } = discoverServers(
    [{ name: 's', url: 'https://s:8443/mcp' }],
    [{ file: { kind: 'vscode-workspace', path: '/w/.vscode/mcp.json', workspaceFolder: '/w' }, text }],
    { env: { HOST: 'h:8443' } },
  );
  const fromFile = servers.find((s) => s.source.kind === 'vscode-workspace' && s.name === 'a')!;
  const withVariable = servers.find((s) => s.name === 'v')!;
  const fromSettings = servers.find((s) => s.source.kind === 'settings')!;
  const redirect = report(['REDIRECT_PORT_DROPPED'], 'error', 'https://h:8443/mcp/');
  assert.deepEqual(
    problemFor(fromFile, redirect, text)?.actions.map((a) => a.kind),
    ['use-url', 'diagnose'],
  );
  assert.deepEqual(
    problemFor(withVariable, redirect, text)?.actions.map((a) => a.kind),
    ['diagnose'],
  );
  assert.equal(problemFor(fromSettings, redirect, text), undefined);
  assert.equal(problemFor(fromFile, report([], 'ok'), text), undefined, 'recovered: no problem');
  assert.equal(problemFor(fromFile, report(['HTTP_AUTH_REQUIRED'], 'info'), text), undefined);
  assert.equal(problemFor(fromFile, { ...redirect, cancelled: true }, text), undefined);
});

test('actions follow the findings: trust → CA bundle, auth → token and sign-in, always diagnose again last', () => {
  assert.deepEqual(
    actionsFor(report(['TLS_UNTRUSTED_ROOT'], 'error')).map((a) => a.kind),
    ['ca-bundle', 'diagnose'],
  );
  assert.deepEqual(
    actionsFor(report(['JWT_EXPIRED'], 'error')).map((a) => a.kind),
    ['set-token', 'sign-in', 'diagnose'],
  );
  assert.deepEqual(
    actionsFor(report(['REDIRECT_PORT_DROPPED'], 'error')).map((a) => a.kind),
    ['diagnose'],
    'no corrected URL, no URL fix',
  );
});

test('a server the client starts through mcp-remote also gets "CA bundle into env" after "Create CA bundle…"', () => {
  const text = '{ "mcpServers": { "r": { "command": "npx", "args": ["-y", "mcp-remote", "https://h:8443/mcp"] } } }';
  const { servers } = discoverServers([], [{ file: { kind: 'mcp-json', path: '/w/.mcp.json', workspaceFolder: '/w' }, text }], { env: {} });
  const bridge = servers.find((s) => s.name === 'r')!;
  assert.equal(bridge.viaMcpRemote, true);
  const problem = problemFor(bridge, report(['TLS_UNTRUSTED_ROOT'], 'error'), text)!;
  assert.deepEqual(
    problem.actions.map((a) => a.kind),
    ['ca-bundle', 'ca-bundle-env', 'diagnose'],
  );
  assert.deepEqual([problem.kind, problem.serverName], ['mcp-json', 'r']);
});
