import assert from 'node:assert/strict';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { nodeNetTransport } from '../../../src/core/net/transport';
import { explainRefusal } from '../../../src/core/tls/refusal';

test('a server that accepts TCP and never answers: the retries stay within their budget and say so', async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const port = (silent.address() as AddressInfo).port;
    const started = Date.now();
    const explained = await explainRefusal(
      nodeNetTransport,
      { address: '127.0.0.1', port, hostname: 'localhost' },
      AbortSignal.timeout(10_000),
      { budgetMs: 400, attemptMs: 150 },
    );
    assert.ok(Date.now() - started < 2000, `bounded: ${Date.now() - started} ms`);
    assert.equal(explained.cause, 'unknown');
    assert.equal(explained.attempts[0]?.outcome, 'refused: TIMEOUT before choosing a version');
    assert.ok(
      explained.attempts.some((a) => a.outcome === 'not tried: out of time'),
      JSON.stringify(explained.attempts),
    );
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test("the caller's abort ends the retries at once", async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const port = (silent.address() as AddressInfo).port;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    await assert.rejects(
      explainRefusal(nodeNetTransport, { address: '127.0.0.1', port, hostname: 'localhost' }, controller.signal, { budgetMs: 5000 }),
      /cancelled/,
    );
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});
