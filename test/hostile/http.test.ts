/**
 * Hostile HTTP servers against the public `diagnose()` API: each must end within the step
 * timeouts, with bounded memory, a finding that names the problem, and no exception.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/core/http/client';
import { diagnoseHostile, STEP_MS } from './harness';
import { findingOf } from '../support/findings';
import { head, hostilePool, jsonResponse, rpcId } from './servers';

const serve = hostilePool();

/** Heap growth allowed per run: a few times the body cap (text + decoding), far below what the servers send. */
const HEAP_BOUND = 16 * DEFAULT_MAX_BODY_BYTES;

describe('hostile HTTP servers', () => {
  it('headers dripped one byte a second: no response within the first-byte deadline', async () => {
    const server = await serve((_req, conn) => {
      const text = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n';
      let i = 0;
      conn.every(1000, () => conn.socket.write(text[i++ % text.length] ?? ''));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    findingOf(run.report, 'HTTP_NO_RESPONSE');
    assert.ok(run.ms < STEP_MS * 2, `${run.ms} ms`);
  });

  it('an endless flood of 1xx interim responses: the step deadline ends it with a finding', async () => {
    const server = await serve((_req, conn) =>
      conn.every(2, () => conn.socket.write('HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n')),
    );
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const timeout = findingOf(run.report, 'STEP_TIMEOUT');
    assert.equal(timeout.evidence.step, 'mcp');
    assert.ok(run.ms < STEP_MS * 2, `${run.ms} ms`);
  });

  it('a body that never ends (fast): cut at the body cap and named as cut off', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.write(
        head(200, [
          ['content-type', 'application/json'],
          ['transfer-encoding', 'chunked'],
        ]),
      );
      const chunk = Buffer.from('[1,2,3,4,5,6,7,8,9,0,'.repeat(3000));
      const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      conn.every(1, () => {
        for (let i = 0; i < 8; i++) conn.socket.write(frame);
      });
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'MCP_INVALID_RESPONSE');
    assert.match(String(finding.evidence.reason), /size limit/);
    assert.ok(run.heapDelta < HEAP_BOUND, `heap grew ${run.heapDelta}`);
  });

  it('an SSE stream that never ends (flooding events): stops at the cap, says the response never came', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.write(
        head(200, [
          ['content-type', 'text/event-stream'],
          ['transfer-encoding', 'chunked'],
        ]),
      );
      const events = Buffer.from('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n'.repeat(40));
      const frame = Buffer.concat([Buffer.from(`${events.length.toString(16)}\r\n`), events, Buffer.from('\r\n')]);
      conn.every(1, () => conn.socket.write(frame));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'MCP_NO_RESPONSE');
    assert.ok(['the size limit was reached first', 'the stream stayed open without it'].includes(String(finding.evidence.reason)));
    assert.ok(run.heapDelta < HEAP_BOUND, `heap grew ${run.heapDelta}`);
  });

  it('Content-Length far larger than what is sent, then silence: the body deadline ends it', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.write(
        head(200, [
          ['content-type', 'application/json'],
          ['content-length', '1000000000'],
        ]),
      );
      conn.socket.write('{"jsonrpc":"2.0",');
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'MCP_INVALID_RESPONSE');
    assert.match(String(finding.evidence.reason), /not valid JSON/);
  });

  it('Content-Length larger than what is sent, then close: the connection closed mid-body', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.end(
        head(200, [
          ['content-type', 'application/json'],
          ['content-length', '5000000'],
        ]) + '{"jsonrpc"',
      );
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    findingOf(run.report, 'NET_CONNECTION_CLOSED');
  });

  it('a gzip bomb is never inflated: the compressed bytes are read, bounded, and rejected as not JSON', async () => {
    // Concatenated gzip members are one valid gzip stream: 200 x 1 MB of spaces, ~200 KB on the wire.
    const member = gzipSync(Buffer.alloc(1024 * 1024, ' '), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 200 }, () => member));
    const server = await serve((_req, conn) => {
      conn.socket.write(jsonResponse(200, bomb, [['content-encoding', 'gzip']]));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'MCP_INVALID_RESPONSE');
    assert.match(String(finding.evidence.reason), /not valid JSON/);
    assert.ok(run.heapDelta < HEAP_BOUND, `heap grew ${run.heapDelta}`);
  });

  it('invalid HTTP (not a status line): the request fails with the parser error code', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n');
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'HTTP_INVALID_RESPONSE');
    assert.equal(finding.evidence.problem, 'not-http');
    assert.match(finding.cause, /not an HTTP\/1\.1 response/);
  });

  it('response headers that never end (one endless header, fast): rejected at the header size limit', async () => {
    const server = await serve((_req, conn) => {
      conn.socket.write('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="');
      conn.every(1, () => conn.socket.write('a'.repeat(16 * 1024)));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const finding = findingOf(run.report, 'HTTP_INVALID_RESPONSE');
    assert.equal(finding.evidence.problem, 'headers-too-large');
    assert.equal(finding.evidence.errorCode, 'UND_ERR_HEADERS_OVERFLOW');
  });

  it('a malformed WWW-Authenticate (unterminated quotes, thousands of challenges) is parsed leniently', async () => {
    const header = `Bearer realm="x, ${'Basic, '.repeat(1500)}resource_metadata="http://127.0.0.1:1/prm`;
    const server = await serve((req, conn) => {
      conn.socket.write(
        jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'no' } }), [
          ['www-authenticate', header],
        ]),
      );
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    assert.equal(run.report.mcp?.unauthorized?.status, 401);
    assert.ok(
      run.report.auth?.challengeProblems?.some((p) => /unterminated|longer than/.test(p)),
      JSON.stringify(run.report.auth?.challengeProblems),
    );
  });

  it('non-UTF-8 bytes in headers and bodies become replacement characters, not errors', async () => {
    const garbage = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc]);
    const server = await serve((req, conn) => {
      const body = Buffer.concat([
        Buffer.from(
          `{"jsonrpc":"2.0","id":${rpcId(req)},"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"`,
        ),
        garbage,
        Buffer.from('","version":"1"}}}'),
      ]);
      conn.socket.write(jsonResponse(200, body, [['server', garbage.toString('latin1')]]));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    assert.match(String(run.report.mcp?.serverInfo?.name), /\uFFFD/);
    JSON.parse(JSON.stringify(run.report));
  });
});
