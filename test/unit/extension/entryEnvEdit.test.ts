// "Create CA bundle and set … in this entry's env": the edits keep the file readable by discovery,
// comments and all, and set exactly the variables asked for in that one entry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type JsonValue, parseJsonc } from '../../../src/core/discovery/jsonc';
import { parseMcpConfig } from '../../../src/core/discovery/mcpJson';
import { entryEnvEdits } from '../../../src/extension/problems/entryEnvEdit';

const FILE = { kind: 'mcp-json' as const, path: '/w/.mcp.json' };
const VARS = { NODE_EXTRA_CA_CERTS: '/w/ca bundle.pem', SSL_CERT_FILE: '/w/ca bundle.pem' };

function apply(text: string, server: string): string {
  const edits = entryEnvEdits(text, 'mcp-json', server, VARS);
  assert.ok(edits, 'edits');
  return edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

function envOf(text: string, server: string): Record<string, unknown> {
  const parsed = parseJsonc(text);
  assert.ok(parsed.ok, text);
  const plain = JSON.parse(JSON.stringify(toPlain(parsed.value))) as { mcpServers: Record<string, { env?: Record<string, unknown> }> };
  return plain.mcpServers[server]?.env ?? {};
}

function toPlain(v: JsonValue): unknown {
  if (v.type === 'object') return Object.fromEntries([...v.properties.values()].map((p) => [p.key, toPlain(p.value)]));
  if (v.type === 'array') return v.items.map(toPlain);
  return v.value;
}

const REMOTE = `{
  // bridges for stdio-only clients
  "mcpServers": {
    "a": { "command": "npx", "args": ["-y", "mcp-remote", "https://h:8443/mcp/"] },
    "b": { "command": "npx", "args": ["-y", "mcp-remote", "https://h:8443/mcp/"], "env": { "DEBUG": "1", "SSL_CERT_FILE": "/old.pem" } },
    "c": { "command": "npx", "args": ["mcp-remote", "https://h/mcp"], "env": {} },
  },
}`;

test('no env yet: one is added; the file stays valid and discovery still reads the bridge', () => {
  const text = apply(REMOTE, 'a');
  assert.deepEqual(envOf(text, 'a'), VARS);
  assert.deepEqual(envOf(text, 'b'), { DEBUG: '1', SSL_CERT_FILE: '/old.pem' }, 'other entries untouched');
  assert.ok(text.includes('// bridges for stdio-only clients'));
  assert.equal(parseMcpConfig(text, FILE).servers.find((s) => s.name === 'a')?.viaMcpRemote, true);
});

test('an env with other variables keeps them; an existing variable is replaced; an empty env is filled', () => {
  assert.deepEqual(envOf(apply(REMOTE, 'b'), 'b'), { ...VARS, DEBUG: '1' });
  assert.deepEqual(envOf(apply(REMOTE, 'c'), 'c'), VARS);
  assert.equal(entryEnvEdits(REMOTE, 'mcp-json', 'missing', VARS), undefined);
});
