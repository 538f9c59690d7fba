import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BODY_FAILED, createHttpClient } from '../../../src/core/http/client';
import { errorCodes } from '../../../src/core/net/errors';
import { startServer, type TestServer } from '../../servers/base';
import { endlessSse } from '../../servers/misc';

describe('http client phase deadlines', () => {
  const client = createHttpClient();
  const drip = endlessSse(30);
  let dripping: TestServer;
  let silent: TestServer;
  let cutOff: TestServer;
  before(async () => {
    dripping = await startServer(drip.handler);
    silent = await startServer(() => undefined); // never answers
    cutOff = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
  });
  after(async () => {
    drip.stop();
    await client.close();
    await Promise.all([dripping.close(), silent.close(), cutOff.close()]);
  });

  it('returns what a never-ending stream sent once the body deadline passes', async () => {
    const began = performance.now();
    const res = await client({ url: dripping.url('/'), method: 'GET', signal: AbortSignal.timeout(5000), timeouts: { bodyMs: 300 } });
    assert.equal(res.endedBy, 'timeout');
    assert.match(res.body, /keep-alive/);
    assert.ok(performance.now() - began < 2000);
  });

  it('can stop right after the headers', async () => {
    const res = await client({ url: dripping.url('/'), method: 'GET', signal: AbortSignal.timeout(5000), maxBodyBytes: 0 });
    assert.equal(res.status, 200);
    assert.equal(res.endedBy, 'limit');
    assert.equal(res.body, '');
  });

  it('rejects with UND_ERR_HEADERS_TIMEOUT when no response comes', async () => {
    await assert.rejects(
      client({ url: silent.url('/'), method: 'POST', body: '{}', signal: AbortSignal.timeout(5000), timeouts: { firstByteMs: 200 } }),
      (err) => errorCodes(err).includes('UND_ERR_HEADERS_TIMEOUT'),
    );
  });

  it('tags a connection lost mid-body so it is not mistaken for a reset before the response', async () => {
    await assert.rejects(
      client({ url: cutOff.url('/'), method: 'GET', signal: AbortSignal.timeout(5000) }),
      (err) => errorCodes(err)[0] === BODY_FAILED,
    );
  });
});

describe('http client connection reuse', () => {
  const client = createHttpClient();
  const sockets = new Set<unknown>();
  const timers = new Set<NodeJS.Timeout>();
  let server: TestServer;
  before(async () => {
    server = await startServer((req, res) => {
      sockets.add(req.socket);
      if (req.url === '/sized-stream') {
        const first = 'data: {"id":1}\n\n';
        const rest = 'data: {"note":"after the answer"}\n\n';
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': String(first.length + rest.length) });
        res.write(first);
        timers.add(setTimeout(() => res.end(rest), 20));
      } else if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"id":1}\n\n'); // and never ends
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
  });
  after(async () => {
    timers.forEach(clearTimeout);
    await client.close();
    await server.close();
  });
  const get = (path: string, until?: (text: string) => boolean) =>
    client({ url: server.url(path), method: 'GET', signal: AbortSignal.timeout(5000), until });

  it('sends back-to-back requests over one connection', async () => {
    sockets.clear();
    for (let i = 0; i < 4; i++) assert.equal((await get('/')).status, 200);
    assert.equal(sockets.size, 1);
  });

  it('keeps the connection of a response stopped by `until` when its declared rest is small', async () => {
    sockets.clear();
    const res = await get('/sized-stream', (text) => text.includes('"id":1'));
    assert.equal(res.endedBy, 'until');
    assert.doesNotMatch(res.body, /after the answer/); // the rest is read but not returned
    await get('/');
    assert.equal(sockets.size, 1);
  });

  it('still cuts an endless stream once `until` matched', async () => {
    sockets.clear();
    const began = performance.now();
    const res = await get('/endless', (text) => text.includes('"id":1'));
    assert.equal(res.endedBy, 'until');
    assert.ok(performance.now() - began < 1000);
    await get('/');
    assert.equal(sockets.size, 2);
  });
});
