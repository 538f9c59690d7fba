import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DiscoveredServer } from '../../../src/core/discovery/types';
import { makeFinding } from '../../../src/core/findings/finding';
import { type StatusView } from '../../../src/core/status/statusView';
import { readSettings } from '../../../src/extension/settings';
import { FIRST_CHECK_DELAY_MS, StatusController, type Timers } from '../../../src/extension/status/statusController';
import { reportWith } from '../status/reports';
import { ArrayLog } from './fakes';
import { mcpOkEvidence } from '../core/sampleEvidence';

/** Timers driven by hand: `fire()` runs the pending callback; delays are recorded. */
class ManualTimers implements Timers {
  pending: { fn: () => void; ms: number } | undefined;
  readonly delays: number[] = [];
  setTimeout(fn: () => void, ms: number) {
    this.pending = { fn, ms };
    this.delays.push(ms);
    return this.pending;
  }
  clearTimeout(handle: unknown) {
    if (this.pending === handle) this.pending = undefined;
  }
  async fire() {
    const p = this.pending;
    this.pending = undefined;
    p?.fn();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  }
}

const server = (name: string, fromWorkspace: boolean): DiscoveredServer => ({
  id: `id-${name}`,
  name,
  url: `https://${name}.test/mcp`,
  transport: 'http',
  headers: {},
  source: { kind: fromWorkspace ? 'vscode-workspace' : 'settings' },
  fromWorkspace,
  caFiles: [],
  tokenSource: { kind: 'secret' },
  inputs: [],
  missingInputs: [],
  problems: [],
});

function setup(options: { trusted?: boolean; settings?: Record<string, unknown>; servers?: DiscoveredServer[] } = {}) {
  const timers = new ManualTimers();
  const views: (StatusView | undefined)[] = [];
  const checked: string[] = [];
  let failing = true;
  let focused = true;
  let acted = false;
  const state = { setFailing: (v: boolean) => (failing = v), setFocused: (v: boolean) => (focused = v), act: () => (acted = true) };
  const controller: StatusController = new StatusController({
    render: (v) => views.push(v),
    settings: () => readSettings((k) => ({ 'statusBar.intervalSeconds': 80, ...options.settings })[k]),
    servers: async () => options.servers ?? [server('lab', true), server('prod', false)],
    workspaceTrusted: () => options.trusted ?? true,
    userActed: () => acted,
    windowFocused: () => focused,
    check: async (s) => {
      checked.push(s.name);
      controller.checking(s);
      const findings = failing
        ? [makeFinding('NET_CONNECTION_REFUSED', { address: '127.0.0.1', port: 1 })]
        : [makeFinding('MCP_OK', mcpOkEvidence)];
      controller.finished(s, reportWith(findings));
    },
    now: () => Date.parse('2025-01-01T10:00:00Z'),
    timers,
    log: new ArrayLog(),
  });
  return { controller, timers, views, checked, state, last: () => views[views.length - 1] };
}

describe('StatusController', () => {
  it('starts without I/O, checks shortly after, and reflects breaking and healing within one interval', async () => {
    const t = setup();
    t.controller.start();
    assert.deepEqual(t.checked, [], 'nothing checked during start');
    assert.equal(t.last()?.level, 'unknown');
    assert.equal(t.timers.pending?.ms, FIRST_CHECK_DELAY_MS);
    await t.timers.fire();
    assert.deepEqual(t.checked, ['lab', 'prod']);
    assert.equal(t.last()?.level, 'failing');
    assert.equal(t.last()?.text, '$(error) MCP 2/2');
    assert.ok(t.timers.pending!.ms < 80_000, 'retries sooner while failing');
    t.state.setFailing(false);
    await t.timers.fire();
    assert.equal(t.last()?.level, 'healthy');
    assert.equal(t.timers.pending?.ms, 80_000, 'back to the interval once healthy');
  });

  it('backs off while failing, never beyond the interval', async () => {
    const t = setup();
    t.controller.start();
    for (let i = 0; i < 6; i++) await t.timers.fire();
    assert.deepEqual(t.timers.delays, [FIRST_CHECK_DELAY_MS, 15_000, 20_000, 40_000, 80_000, 80_000, 80_000]);
  });

  it('does not check workspace-file servers of an untrusted workspace until the user acts', async () => {
    const t = setup({ trusted: false });
    t.controller.start();
    await t.timers.fire();
    assert.deepEqual(t.checked, ['prod']);
    assert.match(t.last()?.tooltip ?? '', /lab — not checked yet\n.*\nNot checked automatically: this workspace is not trusted/);
    t.state.act();
    await t.timers.fire();
    assert.deepEqual(t.checked, ['prod', 'lab', 'prod']);
  });

  it('pauses while the window is unfocused and catches up on focus', async () => {
    const t = setup();
    t.controller.start();
    t.state.setFocused(false);
    await t.timers.fire();
    assert.deepEqual(t.checked, []);
    t.state.setFocused(true);
    t.controller.focusChanged(true);
    assert.equal(t.timers.pending?.ms, 0);
    await t.timers.fire();
    assert.deepEqual(t.checked, ['lab', 'prod']);
  });

  it('is hidden and idle when disabled', async () => {
    const t = setup({ settings: { 'statusBar.enabled': false } });
    t.controller.start();
    assert.equal(t.last(), undefined);
    assert.equal(t.timers.pending, undefined);
  });

  it('shows manual runs of entered URLs too, and a cancelled run keeps the last state', () => {
    const t = setup({ servers: [] });
    const adhoc = server('typed', false);
    t.controller.finished(adhoc, reportWith([makeFinding('MCP_OK', mcpOkEvidence)]));
    assert.equal(t.last()?.level, 'healthy');
    t.controller.finished(adhoc, reportWith([], { cancelled: true }));
    assert.equal(t.last()?.level, 'healthy');
    t.controller.dispose();
    assert.equal(t.last(), undefined);
  });

  it('a check whose stored token expired offers sign-in: the item opens the menu, the snapshot says why; a good check clears it', () => {
    const t = setup({ servers: [] });
    const lab = server('lab', false);
    const auth = {
      unauthenticatedStatus: 401,
      urlsTried: [],
      protectedResource: { url: 'https://lab.test/.well-known/oauth-protected-resource', resource: 'https://lab.test/mcp' },
      token: { kind: 'jwt' },
    } as never;
    const expired = makeFinding('JWT_EXPIRED', {
      now: '2025-01-01T10:00:00.000Z',
      exp: '2025-01-01T09:30:00.000Z',
      ago: '30 minutes',
      agoMs: 1_800_000,
    });
    t.controller.finished(lab, reportWith([expired], { auth }));
    assert.equal(t.last()?.command, 'mcpDoctor.statusMenu');
    assert.match(t.last()?.tooltip ?? '', /Sign in: the token expired at 2025-01-01T09:30:00\.000Z: sign in again/);
    assert.equal(t.controller.snapshot()[0]?.signIn, 'the token expired at 2025-01-01T09:30:00.000Z: sign in again');
    t.controller.finished(lab, reportWith([makeFinding('MCP_OK', mcpOkEvidence)], { auth }));
    assert.equal(t.controller.snapshot()[0]?.signIn, undefined);
    assert.equal(t.last()?.command, 'mcpDoctor.diagnose');
  });
});
