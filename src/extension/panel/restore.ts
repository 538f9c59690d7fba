import { type PanelAction, type PanelState } from '../../shared/protocol';

const ACTIONS = new Set<PanelAction>(['rerun', 'createCaBundle', 'openSettings', 'export', 'showTimeline']);

/**
 * The state VS Code hands back after a reload, checked before use: it was last written by the
 * webview, so only a plausible report survives; anything else restores an empty panel.
 */
export function restoredState(saved: unknown): PanelState {
  if (!isRecord(saved) || !isRecord(saved.report)) return {};
  const report = saved.report;
  const verdict = report.verdict;
  if (typeof report.target !== 'string' || !isRecord(verdict) || typeof verdict.summary !== 'string' || !Array.isArray(report.findings) || !Array.isArray(report.steps)) return {};
  const actions = Array.isArray(saved.actions) ? saved.actions.filter((a): a is PanelAction => ACTIONS.has(a as PanelAction)) : [];
  return {
    kind: saved.kind === 'token' ? 'token' : 'diagnosis',
    report: report as unknown as PanelState['report'],
    context: isRecord(saved.context) ? (saved.context as PanelState['context']) : undefined,
    actions,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
