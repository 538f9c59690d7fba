import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';

const SECRET = 'k-9f8e7d6c5b4a-secret-api-key';
const seen: { origin: 'own' | 'other'; headers: IncomingHttpHeaders }[] = [];
let own: Server;
let other: Server;
let ownUrl: string;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

before(async () => {
  other = createServer((req, res) => {
    seen.push({ origin: 'other', headers: req.headers });
    res.writeHead(404).end();
  });
  const otherPort = await listen(other);
  own = createServer((req, res) => {
    seen.push({ origin: 'own', headers: req.headers });
    res.writeHead(307, { location: `http://localhost:${otherPort}/mcp` }).end();
  });
  ownUrl = `http://127.0.0.1:${await listen(own)}/mcp`;
});
after(() => {
  own.close();
  other.close();
});

test("configured headers go to the server's own origin, never across a redirect, never into the report", async () => {
  const report = await diagnose({ url: ownUrl, headers: { 'X-Api-Key': SECRET }, env: {}, timeoutMs: 4000, auth: { authProbes: false } });
  const ownRequests = seen.filter((s) => s.origin === 'own');
  const otherRequests = seen.filter((s) => s.origin === 'other');
  assert.ok(ownRequests.length > 0 && otherRequests.length > 0, 'both servers were reached');
  assert.ok(
    ownRequests.every((s) => s.headers['x-api-key'] === SECRET),
    'own origin gets the header',
  );
  assert.ok(
    otherRequests.every((s) => s.headers['x-api-key'] === undefined),
    'the cross-origin hop does not',
  );
  assert.ok(report.findings.some((f) => f.code === 'REDIRECT_CROSS_ORIGIN'));
  assert.ok(!JSON.stringify(report).includes(SECRET), 'the header value never reaches the report');
});
