import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseJsonc, type JsonValue } from '../../../src/core/discovery/jsonc';
import { parseMcpConfig } from '../../../src/core/discovery/mcpJson';
import { resolveVariables, type VariableDialect } from '../../../src/core/discovery/variables';

function toPlain(node: JsonValue): unknown {
  if (node.type === 'object') return Object.fromEntries([...node.properties.values()].map((p) => [p.key, toPlain(p.value)]));
  if (node.type === 'array') return node.items.map(toPlain);
  return node.value;
}

describe('discovery parsers under generated input', () => {
  it('parseJsonc agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        const result = parseJsonc(text);
        assert.ok(result.ok, text);
        assert.deepEqual(toPlain(result.value), JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('parseMcpConfig never throws and always returns well-formed results', () => {
    const kinds = ['vscode-workspace', 'mcp-json', 'cursor-user'] as const;
    const texts = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()).map((servers) => JSON.stringify({ servers, mcpServers: servers })),
      fc.string({ maxLength: 60 }).map((s) => `{"servers": {"a": {"url": "${s}"}}, /*`),
    );
    fc.assert(
      fc.property(texts, fc.constantFrom(...kinds), (text, kind) => {
        const parsed = parseMcpConfig(text, { kind, path: '/x/mcp.json' });
        for (const server of parsed.servers)
          assert.ok(typeof server.url === 'string' && (server.transport === 'http' || server.transport === 'sse'));
        for (const d of parsed.diagnostics) assert.ok(typeof d.message === 'string' && d.path === '/x/mcp.json');
      }),
      { numRuns: 3000 },
    );
  });

  it('resolveVariables never throws and only removes ${…} references', () => {
    // Literal text between references: any characters, with '$', '{' and '}' often, but no '${' of its own.
    const literal = fc
      .string({ unit: fc.oneof(fc.constantFrom('$', '{', '}', ':', '-', '/'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 })
      .filter((text) => !text.includes('${'));
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
    // References to values nobody set (no env, no inputs) become empty; a bare ${NAME} only in the claude dialect.
    const emptied = fc.oneof(
      name.map((n) => ({ text: `\${${n}}`, keptBy: ['vscode'] as VariableDialect[] })),
      name.map((n) => ({ text: `\${env:${n}}`, keptBy: [] as VariableDialect[] })),
      name.map((n) => ({ text: `\${input:${n}}`, keptBy: [] as VariableDialect[] })),
    );
    // Names no dialect knows (not a variable name, not a built-in) stay literally, as the clients leave them.
    const unknown = fc
      .stringMatching(/^[0-9 .][^}]{0,6}$/)
      .map((n) => ({ text: `\${${n}}`, keptBy: ['vscode', 'claude'] as VariableDialect[] }));
    const pieces = fc.array(fc.tuple(literal, fc.oneof(emptied, unknown)), { maxLength: 8 });
    fc.assert(
      fc.property(pieces, literal, fc.constantFrom<VariableDialect>('vscode', 'claude'), (pairs, tail, dialect) => {
        const text = pairs.map(([lit, ref]) => lit + ref.text).join('') + tail;
        const expected = pairs.map(([lit, ref]) => lit + (ref.keptBy.includes(dialect) ? ref.text : '')).join('') + tail;
        assert.equal(resolveVariables(text, { env: {} }, dialect).value, expected, text);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        const r = resolveVariables(text, { env: {} }, 'claude');
        if (!text.includes('${')) assert.equal(r.value, text);
      }),
      { numRuns: 1000 },
    );
  });
});
