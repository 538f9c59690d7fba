import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSse } from '../../../src/core/http/sse';

describe('parseSse', () => {
  it('dispatches on blank lines, joins multi-line data, skips comments', () => {
    const parsed = parseSse(': hello\n\nevent: endpoint\ndata: /messages?sessionId=1\n\ndata: {"a":\ndata: 1}\nid: 7\nretry: 1500\n\n');
    assert.equal(parsed.comments, 1);
    assert.deepEqual(parsed.events, [
      { event: 'endpoint', data: '/messages?sessionId=1' },
      { event: 'message', data: '{"a":\n1}', id: '7', retry: 1500 },
    ]);
    assert.equal(parsed.partial, false);
  });

  it('accepts CRLF and CR line endings and a field without a space after the colon', () => {
    const parsed = parseSse('data:one\r\n\r\ndata: two\r\rdata: three\n\n');
    assert.deepEqual(
      parsed.events.map((e) => e.data),
      ['one', 'two', 'three'],
    );
  });

  it('does not dispatch an event that is still arriving', () => {
    const parsed = parseSse('data: complete\n\ndata: {"jsonrpc":"2.0","id":1,');
    assert.deepEqual(
      parsed.events.map((e) => e.data),
      ['complete'],
    );
    assert.equal(parsed.partial, true);
  });

  it('is bounded in events', () => {
    assert.equal(parseSse('data: x\n\n'.repeat(50), 10).events.length, 10);
  });

  it('round-trips any data lines (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string().filter((s) => !/[\r\n]/.test(s)),
          { minLength: 1, maxLength: 5 },
        ),
        (lines) => {
          const text = `${lines.map((l) => `data: ${l}`).join('\n')}\n\n`;
          assert.deepEqual(parseSse(text).events, [{ event: 'message', data: lines.join('\n') }]);
        },
      ),
    );
  });
});
