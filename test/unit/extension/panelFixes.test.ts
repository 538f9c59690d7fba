// The panel's fix block runs the mcp.json Quick Fixes: the same WorkspaceEdit and command as the
// lightbulb, from the host's own report and file (the webview names only an index and a kind).
// Both sides run against a `vscode` stand-in whose documents and applyEdit are real text.
import assert from 'node:assert/strict';
import Module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverServers } from '../../../src/core/discovery/discover';
import { parseJsonc } from '../../../src/core/discovery/jsonc';
import type * as PanelFixes from '../../../src/extension/problems/panelFixes';
import type * as VscodeFix from '../../../src/extension/problems/vscodeFix';
import type * as VscodeProblems from '../../../src/extension/problems/vscodeProblems';
import { labReport } from '../webview/fixtures';

const fake = join(__dirname, 'fixtures', 'vscodeEdits.cjs');
const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fake : resolve.call(this, request, ...rest);
};
const load = Module.createRequire(__filename);
const vscode = load('vscode') as FakeVscode;
const { ConfigProblems } = load('../../../src/extension/problems/vscodeProblems') as typeof VscodeProblems;
const { panelFixes } = load('../../../src/extension/problems/panelFixes') as typeof PanelFixes;
const { vscodeFixHost } = load('../../../src/extension/problems/vscodeFix') as typeof VscodeFix;

interface Replacement {
  readonly path: string;
  readonly range: unknown;
  readonly text: string;
}
interface FakeVscode {
  readonly __files: Map<string, string>;
  readonly __executed: { id: string; args: unknown[] }[];
  readonly __applied: { replacements: Replacement[] }[];
  readonly __collections: Map<string, unknown[]>[];
  readonly Uri: { file(path: string): { fsPath: string } };
  readonly workspace: { openTextDocument(uri: { fsPath: string }): Promise<unknown> };
}

const PATH = '/w/.vscode/mcp.json';
const TEXT = `{
  // the lab, behind nginx
  "servers": {
    "lab": { "type": "http", "url": "https://localhost:8443/mcp" }
  }
}
`;

function setUp() {
  vscode.__files.set(PATH, TEXT);
  vscode.__executed.length = 0;
  vscode.__applied.length = 0;
  const { servers } = discoverServers(
    [{ name: 'from-settings', url: 'https://localhost:9443/mcp' }],
    [{ file: { kind: 'vscode-workspace', path: PATH, workspaceFolder: '/w' }, text: TEXT }],
    { env: {} },
  );
  const server = servers.find((s) => s.source.path === PATH)!;
  const fromSettings = servers.find((s) => s.source.kind === 'settings')!;
  return { server, fromSettings, fixes: panelFixes(vscodeFixHost(async () => servers)) };
}

/** The Quick Fixes VS Code would show on the entry's url after this report. */
async function quickFixes(problems: InstanceType<typeof ConfigProblems>) {
  const diagnostics = vscode.__collections.at(-1)!.get(PATH) as { range: unknown }[];
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(PATH));
  return problems.provideCodeActions(doc as never, diagnostics[0]!.range as never, { diagnostics } as never) as unknown as {
    title: string;
    edit?: { replacements: Replacement[] };
    command: { command: string; arguments: unknown[] };
  }[];
}

test("the fix block lists the entry's Quick Fixes, by the Quick Fixes' own titles", async () => {
  const { server, fromSettings, fixes } = setUp();
  const report = labReport();
  const problems = new ConfigProblems((code) => vscode.Uri.file(`/docs#${code}`) as never);
  await problems.finished(server, report);
  const lightbulb = await quickFixes(problems);
  const listed = await fixes.list(server.id, report);
  assert.deepEqual(
    listed.map((f) => f.kind),
    ['use-url', 'ca-bundle', 'diagnose'],
  );
  assert.deepEqual(
    listed.map((f) => f.title),
    lightbulb.map((a) => a.title),
  );
  assert.equal(listed[0]!.title, 'Use https://localhost:8443/mcp/');
  assert.deepEqual(await fixes.list(fromSettings.id, report), [], 'a server from settings has no entry to fix');
  assert.deepEqual(await fixes.list(server.id, { ...report, verdict: { severity: 'ok', summary: 'fine' } }), [], 'nothing to fix');
  problems.dispose();
});

test('"Use URL" from the panel makes the same undoable edit and runs the same command as the Quick Fix', async () => {
  const { server, fixes } = setUp();
  const report = labReport();
  const problems = new ConfigProblems((code) => vscode.Uri.file(`/docs#${code}`) as never);
  await problems.finished(server, report);
  const quick = (await quickFixes(problems))[0]!;

  assert.equal(await fixes.run(server.id, report, { index: 0, kind: 'use-url' }), 'done');
  assert.deepEqual(vscode.__applied.at(-1)!.replacements, quick.edit!.replacements, 'the same WorkspaceEdit');
  assert.deepEqual(vscode.__executed, [{ id: quick.command.command, args: quick.command.arguments }], 'then the same command');
  assert.equal(quick.command.command, 'mcpDoctor.internal.saveAndDiagnose');

  const edited = vscode.__files.get(PATH)!;
  assert.match(edited, /\/\/ the lab, behind nginx/, 'the rest of the file is kept');
  const parsed = parseJsonc(edited);
  assert.ok(parsed.ok);
  assert.match(edited, /"url": "https:\/\/localhost:8443\/mcp\/"/);

  // The file now holds another URL than the report's: the panel's stale "Use URL" button does nothing.
  vscode.__executed.length = 0;
  assert.equal(await fixes.run(server.id, report, { index: 0, kind: 'use-url' }), 'stale');
  assert.equal(vscode.__files.get(PATH), edited);
  assert.deepEqual(vscode.__executed, []);
  problems.dispose();
});

test('a command fix runs the Quick Fix command for this server; a wrong index or kind runs nothing', async () => {
  const { server, fixes } = setUp();
  const report = labReport();
  const problems = new ConfigProblems((code) => vscode.Uri.file(`/docs#${code}`) as never);
  await problems.finished(server, report);
  const quick = (await quickFixes(problems))[1]!;
  assert.equal(quick.title, 'Create CA bundle…');

  assert.equal(await fixes.run(server.id, report, { index: 1, kind: 'set-token' }), 'stale');
  assert.equal(await fixes.run(server.id, report, { index: 9, kind: 'diagnose' }), 'stale');
  assert.deepEqual(vscode.__executed, []);
  assert.equal(await fixes.run(server.id, report, { index: 1, kind: 'ca-bundle' }), 'done');
  assert.deepEqual(vscode.__executed, [{ id: quick.command.command, args: quick.command.arguments }]);
  assert.deepEqual(vscode.__executed[0], { id: 'mcpDoctor.createCaBundle', args: [server.id] });
  assert.equal(vscode.__applied.length, 0, 'no edit for a command fix');
  assert.equal(vscode.__files.get(PATH), TEXT);
  problems.dispose();
});
