// The engine's HTTP client through a real forward proxy (tinyproxy): routing per URL, refusals as coded errors.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createHttpClient } from '../../src/core/http/client';
import { TUNNEL_REFUSED } from '../../src/core/proxy/tunnel';
import { closeServer } from '../lab/net';
import { type RunningProxy, startTinyproxy } from '../servers/proxy/tinyproxy';
import { requires } from '../support/requires';

const skip = requires('tinyproxy');
if (skip) console.log(`# skipping proxy HTTP client tests: ${skip}`);

describe('HTTP client through tinyproxy', { skip, concurrency: false }, () => {
  let server: Server;
  let origin: string;
  const proxies: RunningProxy[] = [];
  before(async () => {
    server = createServer((req, res) => res.end(`hello ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    await Promise.all(proxies.map((p) => p.stop()));
    await closeServer(server);
  });

  test('HTTP_PROXY from the given environment routes requests through the proxy; NO_PROXY sends them direct', async () => {
    const proxy = await startTinyproxy();
    proxies.push(proxy);
    const through = createHttpClient({ proxy: { env: { HTTP_PROXY: proxy.url } } });
    const direct = createHttpClient({ proxy: { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } } });
    try {
      const res = await through({ url: new URL(`${origin}/a`), method: 'GET', signal: AbortSignal.timeout(5000) });
      assert.equal(res.body, 'hello /a');
      assert.deepEqual(await proxy.connects(), [new URL(origin).host]);
      const res2 = await direct({ url: new URL(`${origin}/b`), method: 'GET', signal: AbortSignal.timeout(5000) });
      assert.equal(res2.body, 'hello /b');
      assert.equal((await proxy.connects()).length, 1, 'the NO_PROXY request did not use the proxy');
    } finally {
      await through.close();
      await direct.close();
    }
  });

  test('a refused tunnel fails the request with a coded error and the proxy status', async () => {
    const proxy = await startTinyproxy({ connectPorts: [443] });
    proxies.push(proxy);
    const client = createHttpClient({ proxy: { config: { url: proxy.url }, env: {} } });
    try {
      await assert.rejects(client({ url: new URL(`${origin}/`), method: 'GET', signal: AbortSignal.timeout(5000) }), (err: unknown) => {
        const e = err as { code?: string; status?: number; cause?: { code?: string; status?: number } };
        const coded = e.code === TUNNEL_REFUSED ? e : e.cause;
        assert.equal(coded?.code, TUNNEL_REFUSED, String(err));
        assert.equal(coded?.status, 403);
        return true;
      });
    } finally {
      await client.close();
    }
  });
});
