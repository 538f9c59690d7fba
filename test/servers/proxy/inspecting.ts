import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type Socket } from 'node:net';
import * as tls from 'node:tls';
import { closeServer } from '../../lab/net';
import { type IssuedCert } from '../../lab/pki';

export interface InspectingProxy {
  readonly url: string;
  /** CONNECT targets seen, "host:port". */
  readonly connects: string[];
  stop(): Promise<void>;
}

/**
 * A TLS-inspecting forward proxy, as corporate networks run them: it accepts CONNECT, terminates the
 * client's TLS with a certificate from its own CA (`leaf`), and re-originates TLS to the real server.
 */
export async function startInspectingProxy(leaf: IssuedCert): Promise<InspectingProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.statusCode = 405;
    res.end('CONNECT only');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const [host = '', portText = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    connects.push(`${host}:${portText}`);
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length) client.unshift(head);
    const inner = new tls.TLSSocket(client, { isServer: true, key: leaf.keyPem, cert: leaf.certPem });
    inner.on('error', () => client.destroy());
    const upstream = tls.connect({
      host: host.replace(/^\[(.*)\]$/, '$1'),
      port: Number(portText),
      servername: host,
      rejectUnauthorized: false,
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      inner.destroy();
    });
    upstream.on('error', () => inner.destroy());
    inner.on('close', () => upstream.destroy());
    inner.pipe(upstream).pipe(inner);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}
