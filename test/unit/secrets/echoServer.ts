import { head, type HostileServer, jsonResponse, rpcId, startHostileHttp } from '../../hostile/servers';

/**
 * Reflects every credential it receives into every part of its answers: a same-origin redirect
 * whose Location carries them, then 401s with them in the JSON-RPC error, WWW-Authenticate and
 * Server header, and HTML pages titled with them for everything else.
 */
export function echoServer(): Promise<HostileServer> {
  return startHostileHttp((req, conn) => {
    const echo = [req.headers.authorization, req.headers['x-client-secret'], req.headers['proxy-authorization']].filter(Boolean).join(' ');
    const ascii = echo.replace(/[^\x20-\x7e]/g, '');
    if (req.path === '/mcp' && req.method === 'POST') {
      return void conn.socket.write(
        head(307, [
          ['location', `/mcp?echo=${encodeURIComponent(echo)}`],
          ['content-length', '0'],
          ['server', `echo ${ascii}`],
        ]),
      );
    }
    if (req.method === 'GET' && !req.path.startsWith('/mcp')) {
      const page = Buffer.from(`<html><head><title>${echo}</title></head></html>`);
      return void conn.socket.write(
        Buffer.concat([
          Buffer.from(
            head(404, [
              ['content-type', 'text/html'],
              ['content-length', String(page.length)],
            ]),
            'latin1',
          ),
          page,
        ]),
      );
    }
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: rpcId(req),
      error: { code: -32001, message: `invalid credentials ${echo}`, data: { echo } },
    });
    conn.socket.write(
      jsonResponse(401, body, [
        [
          'www-authenticate',
          `Bearer error="invalid_token", error_description="rejected ${ascii}", resource_metadata="/prm?t=${encodeURIComponent(echo)}"`,
        ],
        ['server', `echo ${ascii}`],
      ]),
    );
  });
}
