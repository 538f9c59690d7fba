import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { nodeNetTransport } from '../../../src/core/net/transport';
import { openTunnel } from '../../../src/core/proxy/tunnel';

const servers: Server[] = [];
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

/** A fake proxy: reads the CONNECT head, hands it to `answer`, which writes whatever it wants. */
async function fakeProxy(answer: (head: string, socket: Socket) => void): Promise<URL> {
  const server = createServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.removeAllListeners('data');
        answer(head, socket);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
}

const signal = () => AbortSignal.timeout(3000);

test('a 2xx opens the tunnel; bytes the proxy sent after the head are not lost', async () => {
  let seen = '';
  const proxy = await fakeProxy((head, socket) => {
    seen = head;
    socket.write('HTTP/1.1 200 Connection established\r\n\r\nEARLY');
  });
  const result = await openTunnel(nodeNetTransport, proxy, { host: 'mcp.example', port: 8443 }, signal());
  assert.ok(result.ok);
  assert.match(seen, /^CONNECT mcp\.example:8443 HTTP\/1\.1\r\nHost: mcp\.example:8443\r\n/);
  assert.ok(!seen.includes('Proxy-Authorization'));
  const first = await new Promise<string>((r) => {
    result.socket.once('data', (c: Buffer) => r(c.toString()));
    result.socket.resume();
  });
  assert.equal(first, 'EARLY');
  result.socket.destroy();
});

test('credentials from the proxy URL go as Basic Proxy-Authorization; a 407 reports the schemes offered', async () => {
  let seen = '';
  const proxy = await fakeProxy((head, socket) => {
    seen = head;
    socket.end(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\n\r\n',
    );
  });
  proxy.username = 'bob';
  proxy.password = 'p%40ss';
  const result = await openTunnel(nodeNetTransport, proxy, { host: '::1', port: 443 }, signal());
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.kind === 'auth');
  assert.deepEqual(!result.ok && result.schemes, ['Negotiate', 'NTLM']);
  assert.equal(!result.ok && result.sentCredentials, true);
  assert.match(seen, /^CONNECT \[::1\]:443 /);
  assert.match(seen, new RegExp(`Proxy-Authorization: Basic ${Buffer.from('bob:p@ss').toString('base64')}\r\n`));
});

test('a refusal keeps its status and a tag-free excerpt of the body, even when the proxy keeps the connection open', async () => {
  const proxy = await fakeProxy((_head, socket) => {
    socket.write(
      'HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\n\r\n<html><style>p{}</style><h1>Access   denied</h1><p>CONNECT to port 8443 is not allowed</p></html>',
    );
  });
  const result = await openTunnel(nodeNetTransport, proxy, { host: 'mcp.example', port: 8443 }, signal());
  assert.ok(!result.ok);
  assert.equal(result.kind, 'refused');
  assert.equal(result.status, 403);
  assert.equal(result.bodyExcerpt, 'Access denied CONNECT to port 8443 is not allowed');
});

test('a proxy that hangs up without an answer, and one on a closed port', async () => {
  const silent = await fakeProxy((_head, socket) => socket.destroy());
  const hung = await openTunnel(nodeNetTransport, silent, { host: 'mcp.example', port: 443 }, signal());
  assert.ok(!hung.ok && hung.kind === 'bad-response');
  const closed = await fakeProxy(() => undefined);
  await new Promise((r) => servers.pop()!.close(r));
  const refused = await openTunnel(nodeNetTransport, closed, { host: 'mcp.example', port: 443 }, signal());
  assert.ok(!refused.ok && refused.kind === 'unreachable' && refused.errorCode === 'ECONNREFUSED');
});

test('a proxy that never answers is bounded by the signal', async () => {
  const mute = await fakeProxy(() => undefined);
  await assert.rejects(openTunnel(nodeNetTransport, mute, { host: 'mcp.example', port: 443 }, AbortSignal.timeout(200)));
});

test('https:// proxies are reported as unsupported rather than attempted', async () => {
  const result = await openTunnel(nodeNetTransport, new URL('https://127.0.0.1:9'), { host: 'x', port: 443 }, signal());
  assert.ok(!result.ok && result.errorCode === 'UNSUPPORTED_PROXY_SCHEME');
});
