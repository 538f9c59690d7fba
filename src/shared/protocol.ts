/**
 * The one message protocol between the extension host and the report webview. Type-only: it
 * imports nothing at runtime, so both sides compile against it without pulling code across.
 * The host validates every WebviewToHost message before acting (webview input is untrusted).
 */
import type { DiagnosisReport } from '../core/diagnose/report';

/** Everything the panel needs to render; also what the serializer restores after a reload. */
export interface PanelState {
  readonly report?: DiagnosisReport;
}

export type HostToWebview =
  /** Replace the whole view (first load, re-run finished). */
  | { readonly type: 'state'; readonly state: PanelState }
  /** A diagnosis step started or ended (progress while a re-run is going). */
  | { readonly type: 'progress'; readonly step: string; readonly status: string };

export type WebviewToHost =
  /** The webview has loaded and can take messages. */
  | { readonly type: 'ready' }
  /** Run the same diagnosis again. */
  | { readonly type: 'rerun' }
  /** Copy a piece of text (the fix line) to the clipboard. */
  | { readonly type: 'copy'; readonly text: string };
