/**
 * Every command handler catches and reports: called with hostile arguments in a host where every
 * service fails, no handler rejects (which VS Code would log as an unhandled error), and each
 * failure reaches the user as one redacted notification.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandHandlers } from '../../src/extension/commands/handlers';
import { COMMANDS } from '../../src/extension/commands/ids';
import { type Services } from '../../src/extension/services';
import { harness } from '../unit/extension/fakes';

const SECRET = 'handler-secret-0123456789ABCDEF';

/**
 * An object whose methods throw synchronously, or reject. `keep` names methods left working in
 * the rejecting mode: VS Code's notification thenables never reject, so handlers may fire and forget them.
 */
function failing<T extends object>(target: T, async: boolean, keep: readonly string[] = []): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function') return value;
      if (async && keep.includes(String(key))) return value.bind(obj);
      return () => {
        const err = new Error(`${String(key)} broke near ${SECRET}`);
        if (async) return Promise.reject(err);
        throw err;
      };
    },
  });
}

const HOSTILE_ARGS: unknown[] = [
  undefined,
  null,
  0,
  '',
  'javascript:alert(1)',
  '__proto__',
  'x'.repeat(100_000),
  {
    serverId: {
      toString: () => {
        throw new Error('boom');
      },
    },
  },
  { url: 42 },
  { report: { target: 5 }, context: null },
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  [1, 2, 3],
];

describe('command handlers never reject', () => {
  it('with hostile arguments and every service failing, each handler resolves and reports', async () => {
    for (const asyncFailure of [false, true]) {
      const h = harness({ settings: { servers: [{ name: 'lab', url: 'http://127.0.0.1:9/mcp' }], timeoutMs: 500 } });
      h.s.knownSecrets.add(SECRET);
      const broken: Services = {
        ...h.s,
        ui: failing(h.ui, asyncFailure, ['info', 'warn', 'error']),
        // invalidate() is synchronous (void): it can throw, not reject, so the rejecting mode leaves it working.
        registry: failing(h.s.registry, asyncFailure, ['invalidate']),
        secrets: failing(h.secrets, asyncFailure),
        timeline: failing(h.s.timeline, asyncFailure),
        engine: () =>
          asyncFailure
            ? Promise.reject(new Error(`engine ${SECRET}`))
            : (() => {
                throw new Error(`engine ${SECRET}`);
              })(),
      };
      const handlers = commandHandlers(broken, () => {
        throw new Error(`log view ${SECRET}`);
      });
      assert.deepEqual(Object.keys(handlers).sort(), Object.values(COMMANDS).sort());
      for (const [id, handler] of Object.entries(handlers)) {
        for (const arg of HOSTILE_ARGS) {
          await assert.doesNotReject(
            Promise.resolve().then(() => handler(arg)),
            `${id}(${typeof arg})`,
          );
        }
      }
      assert.ok(
        h.sink.lines.some((l) => l.startsWith('error ')),
        'failures were logged',
      );
      assert.ok(!h.sink.lines.join('\n').includes(SECRET), 'the log is redacted');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  });
});
