/**
 * The one message protocol between the extension host and the report webview. Type-only: it
 * imports nothing at runtime, so both sides compile against it without pulling code across.
 * The host validates every WebviewToHost message before acting (webview input is untrusted).
 */
import type { DiagnosisReport } from '../core/diagnose/report';
import type { TimelineRun } from '../core/timeline/timeline';

/** The report types, re-exported so the webview needs no import from the engine. */
export type { DiagnosisReport, Verdict } from '../core/diagnose/report';
export type { Finding } from '../core/findings/finding';
/** One past run of a server (time, verdict severity, finding codes, leaf fingerprint; never a token). */
export type { TimelineRun } from '../core/timeline/timeline';

/** Where the diagnosed server came from, and its history (same shape as the extension's PresentationContext). */
export interface PanelContext {
  /** Stable server id (timeline key, re-run target); absent for an ad-hoc URL. */
  readonly serverId?: string;
  /** Display name (from mcp.json or settings). */
  readonly serverName?: string;
  /** Where the server is configured, e.g. ".vscode/mcp.json". */
  readonly source?: string;
  /** Past runs of this server, oldest first. */
  readonly timeline?: readonly TimelineRun[];
}

/** Buttons the host can act on; the webview shows only these. */
export type PanelAction = 'rerun' | 'createCaBundle' | 'openSettings' | 'export' | 'showTimeline' | 'confirmClients';

/** Everything the panel needs to render; also what the serializer restores after a reload. */
export interface PanelState {
  /** 'token' when the report only holds a token inspection (Inspect JWT from Clipboard). */
  readonly kind?: 'diagnosis' | 'token';
  readonly report?: DiagnosisReport;
  readonly context?: PanelContext;
  /** Host actions available right now (none in a standalone HTML report). */
  readonly actions?: readonly PanelAction[];
}

/** What a copy button copies. The host takes the text from its own state, never from the webview. */
export type CopyTarget = 'verdict' | 'fix' | 'markdown';

export type HostToWebview =
  /** Replace the whole view (first load, re-run finished). */
  | { readonly type: 'state'; readonly state: PanelState }
  /** A diagnosis step started or ended while a re-run is going. */
  | { readonly type: 'progress'; readonly step: string; readonly label?: string; readonly phase: 'start' | 'end' }
  /** A short confirmation or error to show next to the actions ("Fix copied"). */
  | { readonly type: 'notice'; readonly text: string; readonly kind: 'info' | 'error' };

export type WebviewToHost =
  /** The webview has loaded and can take messages. */
  | { readonly type: 'ready' }
  /** Run the same diagnosis again. */
  | { readonly type: 'rerun' }
  /** Copy the verdict sentence, the verdict's fix, or the whole report as Markdown. */
  | { readonly type: 'copy'; readonly target: CopyTarget }
  /** Copy the fix of one finding (index into report.findings). */
  | { readonly type: 'copyFindingFix'; readonly index: number }
  /** Build a CA bundle for this server (the "Create CA Bundle…" command). */
  | { readonly type: 'createCaBundle' }
  /** Open the MCP Doctor settings. */
  | { readonly type: 'openSettings' }
  /** Save the report to a file the user picks (Markdown, JSON or HTML, by the chosen name). */
  | { readonly type: 'export' }
  /** Open the connection timeline of this server. */
  | { readonly type: 'showTimeline' }
  /** Run the installed real clients against the server to confirm the trust matrix. */
  | { readonly type: 'confirmClients' };
