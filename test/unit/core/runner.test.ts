import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings/finding';
import { runSteps } from '../../../src/core/pipeline/runner';
import { type ProgressEvent, type Step, systemClock } from '../../../src/core/pipeline/types';
import { internalEvidence, refusedEvidence } from './sampleEvidence';

type S = { ran: string[] };
const step = (name: Step<S>['name'], run: Step<S>['run'], extra: Partial<Step<S>> = {}): Step<S> => ({ name, label: name, run, ...extra });

test('a step that never settles is abandoned at its timeout and becomes STEP_TIMEOUT', async () => {
  const hang = step('tcp', () => new Promise<void>(() => {}));
  const after = step('tls', async (ctx) => void ctx.state.ran.push('tls'));
  const out = await runSteps([hang, after], { ran: [] }, { timeoutMs: 50, clock: systemClock });
  assert.equal(out.steps[0]?.status, 'failed');
  assert.equal(out.findings[0]?.code, 'STEP_TIMEOUT');
  assert.equal(out.findings[0]?.evidence.step, 'tcp');
  assert.equal(out.steps[1]?.status, 'skipped', 'later steps stop after a timeout');
});

test('a step that throws becomes INTERNAL_ERROR and the run still completes', async () => {
  const boom = step('tls', async () => {
    throw Object.assign(new Error('kaput'), { code: 'EBOOM' });
  });
  const out = await runSteps([boom], { ran: [] }, { timeoutMs: 1000, clock: systemClock });
  assert.equal(out.findings[0]?.code, 'INTERNAL_ERROR');
  assert.equal(out.findings[0]?.evidence.errorCode, 'EBOOM');
});

test('caller cancellation marks the current and later steps cancelled', async () => {
  const controller = new AbortController();
  const slow = step(
    'dns',
    (ctx) => new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))),
  );
  const later = step('tcp', async () => {});
  setTimeout(() => controller.abort(), 20);
  const out = await runSteps([slow, later], { ran: [] }, { timeoutMs: 5000, clock: systemClock, signal: controller.signal });
  assert.equal(out.cancelled, true);
  assert.deepEqual(
    out.steps.map((s) => s.status),
    ['cancelled', 'cancelled'],
  );
  assert.equal(out.findings.length, 0, 'a cancel is not a finding');
});

test('status follows the worst finding, skipReason skips, progress is reported in order', async () => {
  const events: ProgressEvent[] = [];
  const warns = step('config', async (ctx) => ctx.add(makeFinding('INTERNAL_ERROR', internalEvidence)));
  const skipped = step('dns', async () => {}, { skipReason: () => 'not needed' });
  const stops = step('tcp', async (ctx) => {
    ctx.add(makeFinding('NET_CONNECTION_REFUSED', refusedEvidence));
    ctx.stopAfterThis('refused');
  });
  const never = step('tls', async (ctx) => void ctx.state.ran.push('tls'));
  const state = { ran: [] as string[] };
  const out = await runSteps([warns, skipped, stops, never], state, {
    timeoutMs: 1000,
    clock: systemClock,
    onProgress: (e) => events.push(e),
  });
  assert.deepEqual(
    out.steps.map((s) => s.status),
    ['warning', 'skipped', 'failed', 'skipped'],
  );
  assert.equal(out.steps[3]?.note, 'refused');
  assert.deepEqual(state.ran, []);
  assert.deepEqual(
    events.map((e) => `${e.type}:${e.step}`),
    ['step-start:config', 'step-end:config', 'step-start:tcp', 'step-end:tcp'],
  );
});
