import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapBounded } from '../../../src/core/pipeline/bounded';

test('never more than the limit in flight; results in input order', async () => {
  let inFlight = 0;
  let most = 0;
  const results = await mapBounded([30, 5, 20, 1, 10, 2, 15], 3, async (ms, i) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await sleep(ms);
    inFlight--;
    return `${i}:${ms}`;
  });
  assert.equal(most, 3);
  assert.deepEqual(results, ['0:30', '1:5', '2:20', '3:1', '4:10', '5:2', '6:15']);
});

test('once the signal aborts no new item starts; the unstarted ones stay undefined', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  const results = await mapBounded(
    [0, 1, 2, 3, 4],
    2,
    async (n) => {
      started.push(n);
      if (n === 1) controller.abort();
      await sleep(1);
      return n;
    },
    controller.signal,
  );
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(results, [0, 1, undefined, undefined, undefined]);
});

test('an empty list and a limit above the list length', async () => {
  assert.deepEqual(await mapBounded([], 4, async () => 1), []);
  assert.deepEqual(await mapBounded([1], 50, async (n) => n * 2), [2]);
});
