/** The one-shot loopback listener: 127.0.0.1 only, one callback, closed on success, timeout and cancel. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { startLoopbackListener } from '../../../src/core/oauth/loopback';

function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? 'ERR' }));
    req.end();
  });
}

describe('loopback listener', () => {
  it('binds 127.0.0.1, ignores other paths, takes exactly one callback and then refuses connections', async () => {
    const listener = await startLoopbackListener({ signal: AbortSignal.timeout(10_000), timeoutMs: 10_000 });
    const uri = new URL(listener.redirectUri);
    assert.equal(uri.hostname, '127.0.0.1');
    assert.equal(uri.pathname, '/callback');
    assert.deepEqual(await get(`${uri.origin}/favicon.ico`), { status: 404, body: 'not found' });
    const answer = await get(`${listener.redirectUri}?code=abc123secret&state=s1&iss=https%3A%2F%2Fas`);
    assert.ok('status' in answer && answer.status === 200);
    assert.ok(!answer.body.includes('abc123secret'), 'the page repeats nothing from the request');
    const outcome = await listener.outcome;
    assert.equal(outcome.kind, 'response');
    assert.equal(outcome.kind === 'response' && outcome.params.get('code'), 'abc123secret');
    assert.deepEqual(await get(`${listener.redirectUri}?code=second`), { error: 'ECONNREFUSED' });
  });

  it('settles as timeout, and as cancelled on abort, closing the port each time', async () => {
    const timed = await startLoopbackListener({ signal: AbortSignal.timeout(10_000), timeoutMs: 50 });
    assert.deepEqual(await timed.outcome, { kind: 'timeout' });
    assert.deepEqual(await get(timed.redirectUri), { error: 'ECONNREFUSED' });
    const controller = new AbortController();
    const cancelled = await startLoopbackListener({ signal: controller.signal, timeoutMs: 10_000 });
    controller.abort();
    assert.deepEqual(await cancelled.outcome, { kind: 'cancelled' });
    assert.deepEqual(await get(cancelled.redirectUri), { error: 'ECONNREFUSED' });
  });

  it('reuses a wanted port when it is free (step-up keeps the registered redirect URI)', async () => {
    const first = await startLoopbackListener({ signal: AbortSignal.timeout(10_000), timeoutMs: 10_000 });
    const port = Number(new URL(first.redirectUri).port);
    first.close();
    await first.outcome;
    const second = await startLoopbackListener({ signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, port });
    assert.equal(Number(new URL(second.redirectUri).port), port);
    second.close();
  });
});
