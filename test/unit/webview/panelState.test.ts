// The panel state is read once, at the boundary: the version of its shape decides whether it is
// read at all, and sections of the wrong kind are left out before any view sees them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OLDEST_READABLE_SCHEMA, PANEL_SCHEMA_VERSION, readPanelState, versioned } from '../../../src/shared/panelState';
import { restoredState, revivedState } from '../../../src/extension/panel/restore';
import { labReport, signedInFlow, stoppedFlow } from './fixtures';

test('a state of this version reads back as it was written', () => {
  const state = {
    kind: 'diagnosis' as const,
    report: labReport(),
    context: { serverId: 's1', serverName: 'lab' },
    actions: ['rerun' as const],
  };
  const reading = readPanelState(JSON.parse(JSON.stringify(versioned(state))));
  assert.ok(reading.ok);
  assert.deepEqual(reading.state.report, JSON.parse(JSON.stringify(labReport())), 'as it crossed: JSON');
  assert.equal(reading.state.context?.serverId, 's1');
  assert.deepEqual(reading.state.actions, ['rerun']);
});

test('another version of the shape is not read: older and newer states ask for a re-run', () => {
  const report = labReport();
  assert.deepEqual(readPanelState({ schemaVersion: OLDEST_READABLE_SCHEMA - 1, report }), { ok: false, reason: 'outdated' });
  assert.deepEqual(readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION + 1, report }), { ok: false, reason: 'newer' });
  assert.deepEqual(readPanelState({ schemaVersion: 'two', report }), { ok: false, reason: 'invalid' });
  assert.deepEqual(readPanelState(undefined), { ok: false, reason: 'empty' });
  assert.deepEqual(revivedState({ schemaVersion: PANEL_SCHEMA_VERSION + 1, report }), { notice: 'rerun' });
  assert.deepEqual(revivedState({ schemaVersion: PANEL_SCHEMA_VERSION, report: { target: 1 } }), { notice: 'rerun' });
  assert.deepEqual(revivedState(undefined), {});
  assert.deepEqual(restoredState({ schemaVersion: PANEL_SCHEMA_VERSION + 1, report }), {});
});

test('sections of the wrong kind and malformed findings are left out; the verdict survives', () => {
  const odd = {
    ...labReport(),
    tls: 'not an object',
    redirects: { hops: 'no' },
    mcp: [],
    auth: 5,
    findings: [labReport().findings[0], { code: 'X' }, null],
  };
  const reading = readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION, report: odd });
  assert.ok(reading.ok && reading.state.report);
  const report = reading.state.report;
  assert.equal(report.verdict.summary, labReport().verdict.summary);
  assert.deepEqual([report.tls, report.redirects, report.mcp, report.auth], [undefined, undefined, undefined, undefined]);
  assert.deepEqual(report.findings, [labReport().findings[0]]);
});

test('a sign-in flow reads back beside its diagnosis, and alone as a flow state', () => {
  const flow = signedInFlow();
  const withReport = readPanelState(
    JSON.parse(JSON.stringify(versioned({ kind: 'diagnosis', report: labReport(), flow, actions: ['signIn'] }))),
  );
  assert.ok(withReport.ok);
  assert.equal(withReport.state.kind, 'diagnosis');
  assert.deepEqual(withReport.state.flow, flow);
  assert.deepEqual(withReport.state.actions, ['signIn']);
  const alone = readPanelState(
    JSON.parse(
      JSON.stringify(versioned({ kind: 'flow', flow: stoppedFlow(), context: { serverName: 'lab' }, actions: ['signIn', 'export'] })),
    ),
  );
  assert.ok(alone.ok);
  assert.equal(alone.state.kind, 'flow');
  assert.equal(alone.state.report, undefined);
  assert.equal(alone.state.flow?.report.stoppedAt, 'registration');
  assert.deepEqual(revivedState(versioned({ kind: 'flow', flow: stoppedFlow() })).flow, stoppedFlow(), 'a reload brings the flow back');
});

test('a malformed flow is not read; odd exchanges and findings are left out', () => {
  const flow = signedInFlow();
  assert.deepEqual(readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION, flow: { report: { resource: 'x' }, findings: [] } }), {
    ok: false,
    reason: 'invalid',
  });
  assert.deepEqual(readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION, report: labReport(), flow: 'no' }), {
    ok: false,
    reason: 'invalid',
  });
  const odd = {
    ...flow,
    report: {
      ...flow.report,
      exchanges: [flow.report.exchanges[0], { step: 'token' }, { ...flow.report.exchanges[1], responseHeaders: { a: 1 } }, null],
    },
    findings: [flow.findings[0], { code: 1 }],
  };
  const reading = readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION, flow: odd });
  assert.ok(reading.ok);
  assert.deepEqual(reading.state.flow?.report.exchanges, [flow.report.exchanges[0]]);
  assert.deepEqual(reading.state.flow?.findings, [flow.findings[0]]);
});

test('version 2 states (before the flow) are still read', () => {
  const reading = readPanelState({ schemaVersion: 2, report: labReport(), actions: ['rerun'] });
  assert.ok(reading.ok && reading.state.report && !reading.state.flow);
});

test("the fix block's fixes read back; a list with an odd item is dropped whole, so no index shifts", () => {
  const fixes = [
    { kind: 'use-url' as const, title: 'Use https://localhost:8443/mcp/' },
    { kind: 'ca-bundle' as const, title: 'Create CA bundle…' },
    { kind: 'diagnose' as const, title: 'Diagnose again' },
  ];
  const state = { kind: 'diagnosis' as const, report: labReport(), context: { serverId: 's1' }, actions: ['rerun' as const], fixes };
  const reading = readPanelState(JSON.parse(JSON.stringify(versioned(state))));
  assert.ok(reading.ok);
  assert.deepEqual(reading.state.fixes, fixes);
  const odd = readPanelState(versioned({ ...state, fixes: [fixes[0], { kind: 'runCommand', title: 'x' }, fixes[2]] as never }));
  assert.ok(odd.ok && odd.state.report && odd.state.fixes === undefined);
  const extra = readPanelState(versioned({ ...state, fixes: [{ ...fixes[0], url: 'https://evil.example' }] as never }));
  assert.ok(extra.ok);
  assert.deepEqual(extra.state.fixes, [fixes[0]], 'only kind and title are kept');
  const token = readPanelState(versioned({ ...state, kind: 'token' }));
  assert.ok(token.ok && token.state.fixes === undefined, 'a token inspection has no config entry to fix');
});

test('version 3 states (before the fix block) are still read, without fixes', () => {
  assert.ok(PANEL_SCHEMA_VERSION > 3);
  const reading = readPanelState({ schemaVersion: 3, report: labReport(), context: { serverId: 's1' }, actions: ['rerun'] });
  assert.ok(reading.ok && reading.state.report && reading.state.fixes === undefined);
  assert.deepEqual(revivedState({ schemaVersion: 3, report: labReport(), actions: ['rerun'] }).actions, ['rerun']);
});
