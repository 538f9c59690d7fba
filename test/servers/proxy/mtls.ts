import { connect, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { closeServer } from '../../lab/net';
import { type IssuedCert } from '../../lab/pki';

export interface MtlsFront {
  /** https://localhost:<port>/mcp/ */
  readonly url: string;
  readonly port: number;
  /** Client certificates the server saw, by subject (empty when none verified). */
  readonly verifiedSubjects: string[];
  stop(): Promise<void>;
}

/**
 * A TLS front that requires a client certificate issued by `clientCa` and forwards the decrypted
 * bytes to a plain-HTTP backend (the lab's MCP server): the lab's mutual-TLS variant.
 */
export async function startMtlsFront(opts: {
  serverLeaf: IssuedCert;
  serverChain: string;
  clientCa: IssuedCert;
  backendPort: number;
  maxVersion?: tls.SecureVersion;
}): Promise<MtlsFront> {
  const sockets = new Set<Socket>();
  const verifiedSubjects: string[] = [];
  const server = tls.createServer(
    {
      key: opts.serverLeaf.keyPem,
      cert: opts.serverChain,
      ca: [opts.clientCa.certPem],
      requestCert: true,
      rejectUnauthorized: true,
      maxVersion: opts.maxVersion,
    },
    (secure) => {
      const peer = secure.getPeerX509Certificate();
      if (peer) verifiedSubjects.push(peer.subject);
      const backend = connect({ host: '127.0.0.1', port: opts.backendPort });
      sockets.add(secure);
      sockets.add(backend);
      const drop = () => {
        secure.destroy();
        backend.destroy();
        sockets.delete(secure);
        sockets.delete(backend);
      };
      secure.on('error', drop);
      backend.on('error', drop);
      secure.on('close', drop);
      backend.on('close', drop);
      secure.pipe(backend).pipe(secure);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://localhost:${port}/mcp/`,
    port,
    verifiedSubjects,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}
