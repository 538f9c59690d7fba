import { type DiagnosisReport } from '../core/diagnose/report';
import { type DiscoveredServer } from '../core/discovery/types';
import { type JsonStore } from '../core/store/jsonStore';
import { type ServerHealth } from '../core/status/statusView';
import { type Timeline } from '../core/timeline/timeline';
import { type BackgroundHttp } from './backgroundHttp';
import { type EngineLoader } from './engine';
import { type LogSink } from './host/log';
import { type KnownSecrets, type SecretStore } from './host/secrets';
import { type Ui } from './host/ui';
import { type JwksCache } from './jwt/jwksCache';
import { type ReportPresenter } from './presenter';
import { type ServerRegistry } from './servers/registry';
import { type Session } from './session';
import { type Settings } from './settings';

/** Receives check start/end so the status bar follows every run, manual or background. */
export interface HealthSink {
  checking(server: DiscoveredServer): void;
  finished(server: DiscoveredServer, report: DiagnosisReport): void;
  /** The run could not even start (e.g. the engine failed to load). */
  aborted(server: DiscoveredServer): void;
  /** What the status bar knows per server (its menu offers sign-in from it). */
  snapshot?(): readonly ServerHealth[];
}

/** Text around the cursor of the active editor, for "Verify JWT at Cursor". */
export interface CursorText {
  readonly text: string;
  /** Cursor offset within `text`. */
  readonly offset: number;
}

/** What command handlers need. Built once in activate(); tests build it from fakes. */
export interface Services {
  readonly ui: Ui;
  /** Redacting log (the LogOutputChannel). */
  readonly log: LogSink;
  readonly secrets: SecretStore;
  readonly knownSecrets: KnownSecrets;
  readonly registry: ServerRegistry;
  readonly timeline: Timeline;
  /** Extension storage (globalState): the timeline and the engine's memory across runs (last good certificate). */
  readonly store: JsonStore;
  readonly session: Session;
  readonly jwks: JwksCache;
  readonly health: HealthSink;
  readonly engine: EngineLoader;
  /** Long-lived HTTP clients of status-bar checks (connections kept between checks); closed on deactivation. */
  readonly backgroundHttp: BackgroundHttp;
  readonly settings: () => Settings;
  /** The panel when available, the notification fallback otherwise. */
  readonly presenter: () => ReportPresenter;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => number;
  readonly cursorText: () => CursorText | undefined;
  /** Runs another command (e.g. "Diagnose" offered from an empty export). */
  readonly executeCommand: (id: string, ...args: unknown[]) => Promise<unknown>;
  /** The proxy config files each diagnosis checks (`mcpDoctor.proxyConfigFiles`, else found in the workspace). */
  readonly proxyConfigFiles?: () => Promise<readonly string[]>;
  /** The extension's dist folder: the report view's script and styles, for HTML exports. */
  readonly distDir: string;
}
