import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { commandHandlers } from '../../../src/extension/commands/handlers';
import { harness } from './fakes';
import { COMMANDS } from '../../../src/extension/commands/ids';
import { readSettings, SETTING_DEFAULTS } from '../../../src/extension/settings';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('package.json manifest', () => {
  it('contributes exactly the registered commands, all in the "MCP Doctor" category', () => {
    const contributed: { command: string; title: string; category: string }[] = manifest.contributes.commands;
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    assert.deepEqual(Object.keys(commandHandlers(harness().s, () => undefined)).sort(), Object.values(COMMANDS).sort());
    for (const c of contributed) {
      assert.equal(c.category, 'MCP Doctor');
      assert.ok(c.title.length > 3, c.command);
    }
    assert.equal(contributed.find((c) => c.command === 'mcpDoctor.diagnose')?.title, 'Diagnose MCP Server');
  });

  it('declares every setting read, with the same defaults and a description', () => {
    const props: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> =
      manifest.contributes.configuration.properties;
    const read: string[] = [];
    readSettings((key) => void read.push(key));
    for (const key of read) {
      const prop = props[`mcpDoctor.${key}`];
      assert.ok(prop, `mcpDoctor.${key} is contributed`);
      assert.ok(prop.description ?? prop.markdownDescription, `mcpDoctor.${key} has a description`);
    }
    const defaults = readSettings((key) => props[`mcpDoctor.${key}`]?.default);
    assert.deepEqual({ ...defaults, servers: undefined }, { ...SETTING_DEFAULTS, servers: undefined });
    assert.deepEqual(props['mcpDoctor.servers'].default, []);
  });

  it('activates on workspace mcp.json files and at startup, and limits untrusted workspaces', () => {
    assert.deepEqual(manifest.activationEvents, [
      'onStartupFinished',
      'workspaceContains:.vscode/mcp.json',
      'workspaceContains:.mcp.json',
      'workspaceContains:.cursor/mcp.json',
      'onWebviewPanel:mcpDoctor.report',
    ]);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['mcpDoctor.servers']);
  });
});
