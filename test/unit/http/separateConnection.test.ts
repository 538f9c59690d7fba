// A response the probe cuts (the endless GET stream) takes its connection down with it. Sent with
// `separateConnection`, it must use a connection of its own so the requests after it keep riding the
// pool's kept-alive one. Counted on the server: which socket answered each request.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { createHttpClient } from '../../../src/core/http/client';

let server: Server;
let base: URL;
const socketIds = new WeakMap<Socket, number>();
let connections = 0;

before(async () => {
  server = createServer((req, res) => {
    const id = socketIds.get(req.socket);
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n'); // and never ends
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ socket: id }));
  });
  server.on('connection', (socket: Socket) => socketIds.set(socket, ++connections));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function socketOf(http: ReturnType<typeof createHttpClient>): Promise<number> {
  const res = await http({ url: new URL('/json', base), method: 'GET', signal: AbortSignal.timeout(5000) });
  return (JSON.parse(res.body) as { socket: number }).socket;
}

test('a cut stream on its own connection leaves the kept-alive one to the next request', async () => {
  const http = createHttpClient();
  try {
    const before = await socketOf(http);
    const stream = await http({
      url: new URL('/stream', base),
      method: 'GET',
      signal: AbortSignal.timeout(5000),
      maxBodyBytes: 0,
      separateConnection: true,
    });
    assert.equal(stream.status, 200);
    assert.equal(await socketOf(http), before, 'the same connection answered after the cut');
    assert.equal(connections, 2, 'one connection for the requests, one for the stream');
  } finally {
    await http.close();
  }
});

test('control: on the shared pool the same cut costs the kept-alive connection', async () => {
  const http = createHttpClient();
  try {
    const before = await socketOf(http);
    await http({ url: new URL('/stream', base), method: 'GET', signal: AbortSignal.timeout(5000), maxBodyBytes: 0 });
    assert.notEqual(await socketOf(http), before);
  } finally {
    await http.close();
  }
});
