/**
 * "Create CA Bundle…" and its engine against hostile TLS endpoints (a reset mid-handshake, a port
 * that never answers): they end within the configured timeout with a message naming the failure,
 * and never throw.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createCaBundle } from '../../src/core/caBundle/caBundle';
import { createCaBundleCommand } from '../../src/extension/commands/caBundle';
import { harness } from '../unit/extension/fakes';
import { type HostileServer, startRaw } from './servers';

describe('CA bundle against hostile TLS endpoints', () => {
  const servers: HostileServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  async function hostile(): Promise<HostileServer[]> {
    const reset = await startRaw((conn) =>
      conn.socket.once('data', () => {
        conn.socket.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02]));
        conn.socket.resetAndDestroy();
      }),
    );
    const silent = await startRaw(() => undefined);
    servers.push(reset, silent);
    return [reset, silent];
  }

  it("the engine: a chain error with a code, bounded by the caller's signal", async () => {
    for (const server of await hostile()) {
      const started = performance.now();
      const result = await createCaBundle({
        url: new URL(`https://127.0.0.1:${server.port}/mcp`),
        env: {},
        signal: AbortSignal.timeout(1500),
      });
      assert.equal(typeof result.chainError?.code, 'string');
      assert.ok(performance.now() - started < 5000, `${Math.round(performance.now() - started)} ms`);
    }
  });

  it('the command: ends at mcpDoctor.timeoutMs even though its progress signal only cancels', { timeout: 20_000 }, async () => {
    for (const server of await hostile()) {
      const h = harness({ settings: { timeoutMs: 1000 } });
      const started = performance.now();
      assert.equal(await createCaBundleCommand(h.s, { url: `https://127.0.0.1:${server.port}/mcp` }), undefined);
      assert.ok(performance.now() - started < 5000, `${Math.round(performance.now() - started)} ms`);
      assert.match(h.ui.messages.at(-1)?.text ?? '', /could not read the certificate chain/);
    }
  });
});
