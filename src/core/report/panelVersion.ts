/**
 * The schema version the panel state carries across the host/webview boundary. It lives in the
 * engine because the standalone HTML report (report/html.ts) stamps it too, and src/core imports
 * nothing outside itself but the type-only protocol; src/shared/panelState.ts, which reads states
 * back, re-exports it. Pure and dependency-free, so the webview bundle can include it.
 */
import type { PanelState, VersionedPanelState } from '../../shared/protocol';

/** Bump when the report or panel state changes shape incompatibly; states outside the readable range are not read. */
/** 3: the sign-in flow (`flow`, kind 'flow'). 4: the fix block's Quick Fixes (`fixes`). */
export const PANEL_SCHEMA_VERSION = 4;

/** The state as it crosses to the webview: with the version of its shape. */
export function versioned(state: PanelState): VersionedPanelState {
  return { ...state, schemaVersion: PANEL_SCHEMA_VERSION };
}
