import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamOption } from '../../../src/cli/deployOptions';
import { UsageError } from '../../../src/cli/io';

describe('--stream-tool / --stream-args', () => {
  it('passes the tool and its JSON object arguments', () => {
    assert.deepEqual(streamOption('trigger-long-running-operation', '{"duration":3,"steps":6}'), {
      streamTool: 'trigger-long-running-operation',
      streamArgs: { duration: 3, steps: 6 },
    });
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

describe('--hold', () => {
  it('takes whole seconds from 1 to 300 and combines with --stream-tool', async () => {
    const { deployOption, holdOption } = await import('../../../src/cli/deployOptions');
    assert.equal(holdOption('90'), 90);
    assert.equal(holdOption(undefined), undefined);
    for (const bad of ['0', '301', '1.5', 'abc', '-3']) assert.throws(() => holdOption(bad), UsageError, bad);
    assert.deepEqual(deployOption('t', undefined, '5'), { streamTool: 't', holdSeconds: 5 });
    assert.deepEqual(deployOption(undefined, undefined, '5'), { holdSeconds: 5 });
    assert.equal(deployOption(undefined, undefined, undefined), undefined);
  });
});

describe('--origin', () => {
  it('keeps the origin of a URL and refuses what is not http(s)', async () => {
    const { originOption } = await import('../../../src/cli/deployOptions');
    assert.equal(originOption('https://app.example.com/some/page?x=1'), 'https://app.example.com');
    assert.equal(originOption('http://localhost:5173'), 'http://localhost:5173');
    assert.throws(() => originOption('app.example.com'), UsageError);
    assert.throws(() => originOption('ftp://x.example'), UsageError);
  });
});
