import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamOption } from '../../../src/cli/deployOptions';
import { UsageError } from '../../../src/cli/io';

describe('--stream-tool / --stream-args', () => {
  it('passes the tool and its JSON object arguments', () => {
    assert.deepEqual(streamOption('trigger-long-running-operation', '{"duration":3,"steps":6}'), { streamTool: 'trigger-long-running-operation', streamArgs: { duration: 3, steps: 6 } });
    assert.deepEqual(streamOption('echo', undefined), { streamTool: 'echo' });
    assert.equal(streamOption(undefined, undefined), undefined);
  });

  it('refuses arguments without a tool, invalid JSON and non-objects as usage errors', () => {
    assert.throws(() => streamOption(undefined, '{}'), UsageError);
    assert.throws(() => streamOption('t', '{duration: 3}'), UsageError);
    assert.throws(() => streamOption('t', '[1]'), UsageError);
    assert.throws(() => streamOption('', undefined), UsageError);
  });
});
