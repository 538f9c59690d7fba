/**
 * The one message protocol between the extension host and the report webview. Type-only: it
 * imports nothing at runtime, so both sides compile against it without pulling code across.
 * The host validates every WebviewToHost message before acting (webview input is untrusted).
 */
import type { DiagnosisReport } from '../core/diagnose/report';
import type { TimelineRun } from '../core/timeline/timeline';
import type { Finding } from '../core/findings/finding';
import type { OAuthFlowReport } from '../core/oauth/types';

/** The report types, re-exported so the webview needs no import from the engine. */
export type { DiagnosisReport, Verdict } from '../core/diagnose/report';
export type { Finding } from '../core/findings/finding';
export type { TlsReport, ChainLink, CertificateInfo, TrustSourceReport, ClientTrustReport } from '../core/tls/types';
export type { ClientConfirmation } from '../core/tls/confirmation';
export type { RedirectHop } from '../core/http/types';
export type { McpReport } from '../core/mcp/types';
export type { AuthReport, TokenReport } from '../core/auth/types';
export type { OAuthFlowReport, FlowExchange, FlowStepName } from '../core/oauth/types';
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
export type PanelAction = 'rerun' | 'createCaBundle' | 'openSettings' | 'export' | 'showTimeline' | 'confirmClients' | 'signIn';

/** What a fix-block button does: the kinds of the mcp.json Quick Fixes (src/extension/problems/mcpJsonProblem.ts). */
export type PanelFixKind = 'use-url' | 'set-token' | 'sign-in' | 'ca-bundle' | 'ca-bundle-env' | 'diagnose';

/**
 * One Quick Fix of the report's mcp.json entry, as a fix-block button. The host computes the list from
 * its own report and file; the webview sends back only the index and kind, never the title or a URL.
 */
export interface PanelFix {
  readonly kind: PanelFixKind;
  /** The Quick Fix's own title, e.g. "Use https://host:8443/mcp/". */
  readonly title: string;
}

/** A sign-in (the MCP authorization flow) as the panel shows it: every exchange and its findings, redacted. */
export interface SignInFlow {
  readonly report: OAuthFlowReport;
  readonly findings: readonly Finding[];
}

/** Everything the panel needs to render; also what the serializer restores after a reload. */
export interface PanelState {
  /**
   * 'token' when the report only holds a token inspection (Inspect JWT from Clipboard); 'flow' when
   * the panel shows a sign-in that stopped before any diagnosis (then `flow` is set and `report` is not).
   */
  readonly kind?: 'diagnosis' | 'token' | 'flow';
  readonly report?: DiagnosisReport;
  /** The sign-in that got the token this diagnosis used, or the sign-in alone (kind 'flow'). */
  readonly flow?: SignInFlow;
  readonly context?: PanelContext;
  /** Host actions available right now (none in a standalone HTML report). */
  readonly actions?: readonly PanelAction[];
  /** The Quick Fixes of the server's mcp.json entry, when the server came from a file (none in a standalone report). */
  readonly fixes?: readonly PanelFix[];
  /** No report to show because the saved one could not be read (another version's shape): ask for a re-run. */
  readonly notice?: 'rerun';
}

/** The state as embedded, posted and persisted: with the version of its shape (src/shared/panelState.ts reads it). */
export type VersionedPanelState = PanelState & { readonly schemaVersion: number };

/** What a copy button copies. The host takes the text from its own state, never from the webview. */
export type CopyTarget = 'verdict' | 'fix' | 'markdown';

/**
 * Every message the host sends the webview, by type: the one place such a message is declared.
 * Send sites check theirs with `satisfies HostToWebview`; the webview handles each in a
 * `satisfies MessageHandlers<HostMessages>` map, so a message nobody handles does not compile.
 */
export interface HostMessages {
  /** Replace the whole view: a re-run finished while the panel was open. */
  readonly state: { readonly state: VersionedPanelState };
  /** A step of the running diagnosis started or ended. */
  readonly progress: { readonly step: string; readonly label?: string; readonly phase: 'start' | 'end' };
  /** A short confirmation or error to show next to the actions ("Fix copied"). */
  readonly notice: { readonly text: string; readonly kind: 'info' | 'error' };
}

/** Every message the webview sends the host, by type (the host validates each before acting). */
export interface WebviewMessages {
  /** The webview has loaded and listens: from now on the host posts states instead of rebuilding the page. */
  readonly ready: object;
  /** Run the same diagnosis again. */
  readonly rerun: object;
  /** Copy the verdict sentence, the verdict's fix, or the whole report as Markdown. */
  readonly copy: { readonly target: CopyTarget };
  /** Copy the fix of one finding (index into report.findings). */
  readonly copyFindingFix: { readonly index: number };
  /** Build a CA bundle for this server (the "Create CA Bundle…" command). */
  readonly createCaBundle: object;
  /** Open the MCP Doctor settings. */
  readonly openSettings: object;
  /** Save the report to a file the user picks (Markdown, JSON or HTML, by the chosen name). */
  readonly export: object;
  /** Open the connection timeline of this server. */
  readonly showTimeline: object;
  /** Run the installed real clients against the server to confirm the trust matrix. */
  readonly confirmClients: object;
  /** Sign in to this server (the "Sign In to MCP Server…" command): the diagnosis says it needs a token. */
  readonly signIn: object;
  /** Run one fix of the fix block: its index in state.fixes and its kind (the host checks both against its own list). */
  readonly runFix: { readonly index: number; readonly kind: PanelFixKind };
}

/** One message of a descriptor map: its type tag plus its fields. */
export type MessageOf<M, K extends keyof M> = { readonly type: K } & M[K];

/** Any message of a descriptor map. */
export type MessageUnion<M> = { [K in keyof M]: MessageOf<M, K> }[keyof M];

/** A handler for every message type of a descriptor map. */
export type MessageHandlers<M, R = void> = { readonly [K in keyof M]: (message: MessageOf<M, K>) => R };

export type HostToWebview = MessageUnion<HostMessages>;
export type WebviewToHost = MessageUnion<WebviewMessages>;
