import { readPanelState } from '../../shared/panelState';
import { type PanelState } from '../../shared/protocol';

/**
 * The state VS Code hands back after a reload, checked before use: it was last written by the
 * webview, so only a plausible report survives; anything else restores an empty panel.
 */
export function restoredState(saved: unknown): PanelState {
  const reading = readPanelState(saved);
  return reading.ok && (reading.state.report || reading.state.flow) ? reading.state : {};
}

/**
 * What the revived panel shows: the saved report, or, when one was saved in a shape this version
 * cannot read (an older or newer MCP Doctor), a "re-run the diagnosis" message instead of nothing.
 */
export function revivedState(saved: unknown): PanelState {
  const reading = readPanelState(saved);
  if (reading.ok) return reading.state.report || reading.state.flow ? reading.state : {};
  return reading.reason === 'empty' ? {} : { notice: 'rerun' };
}
