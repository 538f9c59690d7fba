import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HttpResult } from '../../../src/core/http/client';
import { hasRpcResponse, readRpcResponse } from '../../../src/core/mcp/jsonrpc';

function result(body: string, contentType: string, endedBy: HttpResult['endedBy'] = 'complete'): HttpResult {
  return { status: 200, headers: { 'content-type': contentType }, body, truncated: false, timings: { headersMs: 0, totalMs: 0 }, endedBy };
}

describe('readRpcResponse', () => {
  it('reads a JSON result', () => {
    assert.deepEqual(readRpcResponse(result('{"jsonrpc":"2.0","id":3,"result":{"x":1}}', 'application/json'), 3), {
      kind: 'result',
      result: { x: 1 },
    });
  });

  it('finds the response among notifications and server requests on an SSE stream', () => {
    const body = [
      'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n',
      'event: message\ndata: {"jsonrpc":"2.0","id":"srv-1","method":"roots/list"}\n\n',
      'event: message\ndata: {"jsonrpc":"2.0","id":2,"result":{"tools":[]}}\n\n',
    ].join('');
    assert.deepEqual(readRpcResponse(result(body, 'text/event-stream'), 2), { kind: 'result', result: { tools: [] } });
  });

  it('reports a stream that stalls without the response', () => {
    assert.deepEqual(readRpcResponse(result(': ping\n\n', 'text/event-stream', 'timeout'), 1), {
      kind: 'missing',
      reason: 'timeout',
      events: 0,
    });
  });

  it('explains why a body is not JSON-RPC', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"status":"ok"}', /jsonrpc/],
      ['{"jsonrpc":"2.0","id":1}', /exactly one/],
      ['{"jsonrpc":"2.0","id":9,"result":{}}', /does not match/],
      ['{"jsonrpc":"2.0","id":1,"error":{"message":"x"}}', /numeric code/],
      ['not json', /not valid JSON/],
    ];
    for (const [body, reason] of cases) {
      const outcome = readRpcResponse(result(body, 'application/json'), 1);
      assert.equal(outcome.kind, 'invalid', body);
      assert.match(outcome.kind === 'invalid' ? outcome.reason : '', reason);
    }
  });

  it('reads a JSON-RPC error, including one with a null id', () => {
    assert.deepEqual(
      readRpcResponse(result('{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad"}}', 'application/json'), 1),
      { kind: 'error', code: -32000, message: 'Bad', data: undefined },
    );
  });

  it('hasRpcResponse stops an SSE read at the response, not at other events', () => {
    const until = hasRpcResponse(5);
    assert.equal(until('data: {"jsonrpc":"2.0","id":4,"result":{}}\n\n'), false);
    assert.equal(until('data: {"jsonrpc":"2.0","id":5,"result":{}}\n\n'), true);
    assert.equal(until('{"jsonrpc":"2.0","id":5,"result":{}}'), false, 'a JSON body is read to its end');
  });
});
