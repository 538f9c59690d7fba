import { join } from 'node:path';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { type TokenVerification } from '../../../src/core/jwt/types';
import { MemoryJsonStore } from '../../../src/core/timeline/store';
import { Timeline } from '../../../src/core/timeline/timeline';
import { BackgroundHttp } from '../../../src/extension/backgroundHttp';
import { loadEngine, type EngineLoader } from '../../../src/extension/engine';
import { type LogSink, RedactingLog } from '../../../src/extension/host/log';
import { KnownSecrets, type SecretStore } from '../../../src/extension/host/secrets';
import { type InputOptions, type PickItem, type SaveOptions, type Ui } from '../../../src/extension/host/ui';
import { JwksCache } from '../../../src/extension/jwt/jwksCache';
import { type DiagnosisProgress, type PresentationContext, type ReportPresenter } from '../../../src/extension/presenter';
import { type SignInFlow } from '../../../src/shared/protocol';
import { ServerRegistry } from '../../../src/extension/servers/registry';
import { type HealthSink, type Services } from '../../../src/extension/services';
import { Session } from '../../../src/extension/session';
import { readSettings } from '../../../src/extension/settings';

/** Records every UI call; answers come from queues the test fills. */
export class FakeUi implements Ui {
  readonly calls: string[] = [];
  readonly messages: { kind: 'info' | 'warn' | 'error'; text: string }[] = [];
  readonly documents: { content: string; language: string }[] = [];
  readonly files = new Map<string, string>();
  readonly progress: string[] = [];
  pickAnswers: ((items: readonly PickItem<unknown>[]) => unknown)[] = [];
  inputAnswers: (string | undefined)[] = [];
  messageAnswer: string | undefined;
  clipboard = '';
  savePath: string | undefined;
  lastInput: InputOptions | undefined;

  async pick<T>(items: readonly PickItem<T>[], options: { title: string }): Promise<T | undefined> {
    this.calls.push(`pick:${options.title}:${items.map((i) => i.label).join('|')}`);
    const answer = this.pickAnswers.shift();
    return answer ? (answer(items) as T | undefined) : undefined;
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.calls.push(`input:${options.title}`);
    this.lastInput = options;
    return this.inputAnswers.shift();
  }

  async info(text: string): Promise<string | undefined> {
    this.messages.push({ kind: 'info', text });
    return this.messageAnswer;
  }

  async warn(text: string): Promise<string | undefined> {
    this.messages.push({ kind: 'warn', text });
    return this.messageAnswer;
  }

  async error(text: string): Promise<string | undefined> {
    this.messages.push({ kind: 'error', text });
    return this.messageAnswer;
  }

  async withProgress<T>(title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.calls.push(`progress:${title}`);
    return task((m) => this.progress.push(m), new AbortController().signal);
  }

  /** What "the browser" does with a URL opened with openExternal (a test drives a real one). */
  externalOpener: ((url: string) => Promise<void>) | undefined;

  async openExternal(url: string): Promise<boolean> {
    this.calls.push(`openExternal:${new URL(url).origin}`);
    if (!this.externalOpener) return false;
    await this.externalOpener(url);
    return true;
  }

  async readClipboard(): Promise<string> {
    return this.clipboard;
  }

  async writeClipboard(text: string): Promise<void> {
    this.clipboard = text;
  }

  async saveAs(options: SaveOptions): Promise<string | undefined> {
    this.calls.push(`save:${options.defaultName}`);
    return this.savePath;
  }

  async writeFile(path: string, content: string): Promise<void> {
    this.files.set(path, content);
  }

  async openDocument(content: string, language: 'markdown' | 'json' | 'plaintext'): Promise<void> {
    this.documents.push({ content, language });
  }
}

/** Picks the item whose label (or description) contains `text`. */
export function pickBy(text: string): (items: readonly PickItem<unknown>[]) => unknown {
  return (items) => items.find((i) => i.label.includes(text) || i.description?.includes(text))?.value;
}

export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  async get(key: string) {
    return this.data.get(key);
  }
  async store(key: string, value: string) {
    this.data.set(key, value);
  }
  async delete(key: string) {
    this.data.delete(key);
  }
}

export class ArrayLog implements LogSink {
  readonly lines: string[] = [];
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
  debug(m: string) {
    this.lines.push(`debug ${m}`);
  }
}

export class RecordingPresenter implements ReportPresenter {
  readonly shown: { report: DiagnosisReport; context: PresentationContext }[] = [];
  /** Step progress of running diagnoses, as "start tls (serverId)". */
  readonly steps: string[] = [];
  show(report: DiagnosisReport, context: PresentationContext): void {
    this.shown.push({ report, context });
  }
  progress(event: DiagnosisProgress, context: PresentationContext): void {
    this.steps.push(`${event.phase} ${event.step} (${context.serverId}) ${event.target}`);
  }
}

/** A presenter that also shows tokens, like the report panel. */
export class TokenPresenter extends RecordingPresenter {
  readonly tokens: { inspection: TokenVerification; context: PresentationContext }[] = [];
  showToken(inspection: TokenVerification, context: PresentationContext): void {
    this.tokens.push({ inspection, context });
  }
}

/** A presenter that also shows sign-ins, like the report panel. */
export class SignInPresenter extends RecordingPresenter {
  readonly signIns: { flow: SignInFlow; context: PresentationContext; report?: DiagnosisReport }[] = [];
  showSignIn(flow: SignInFlow, context: PresentationContext, report?: DiagnosisReport): void {
    this.signIns.push({ flow, context, report });
  }
}

export class RecordingHealth implements HealthSink {
  readonly events: string[] = [];
  checking(server: { name: string }) {
    this.events.push(`checking ${server.name}`);
  }
  finished(server: { name: string }, report: DiagnosisReport) {
    this.events.push(`finished ${server.name} ${report.verdict.severity}`);
  }
  aborted(server: { name: string }) {
    this.events.push(`aborted ${server.name}`);
  }
}

export interface Harness {
  readonly s: Services;
  readonly ui: FakeUi;
  readonly secrets: MemorySecrets;
  readonly sink: ArrayLog;
  readonly presenter: RecordingPresenter;
  readonly health: RecordingHealth;
  readonly store: MemoryJsonStore;
  readonly files: Map<string, string>;
  readonly commands: string[];
}

export interface HarnessOptions {
  readonly settings?: Record<string, unknown>;
  /** Config files by absolute path (the workspace folder is /ws). */
  readonly files?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly engine?: EngineLoader;
  readonly now?: () => number;
  readonly presenter?: RecordingPresenter;
}

/** Services over fakes; the engine is the real one unless replaced. */
export function harness(options: HarnessOptions = {}): Harness {
  const ui = new FakeUi();
  const secrets = new MemorySecrets();
  const sink = new ArrayLog();
  const knownSecrets = new KnownSecrets();
  const files = new Map(Object.entries(options.files ?? {}));
  const settings = () => readSettings((key) => options.settings?.[key]);
  const env = options.env ?? {};
  const registry = new ServerRegistry({
    settingsServers: () => settings().servers,
    discoveryEnabled: () => settings().discoveryEnabled,
    files: () => [
      { kind: 'vscode-workspace', path: '/ws/.vscode/mcp.json', workspaceFolder: '/ws' },
      { kind: 'mcp-json', path: '/ws/.mcp.json', workspaceFolder: '/ws' },
    ],
    readFile: async (path) => files.get(path),
    secrets,
    knownSecrets,
    env,
  });
  const presenter = options.presenter ?? new RecordingPresenter();
  const health = new RecordingHealth();
  const store = new MemoryJsonStore();
  const commands: string[] = [];
  const s: Services = {
    ui,
    log: new RedactingLog(sink, () => knownSecrets.list()),
    secrets,
    knownSecrets,
    registry,
    timeline: new Timeline(store),
    store,
    session: new Session(),
    jwks: new JwksCache(),
    health,
    engine: options.engine ?? loadEngine,
    backgroundHttp: new BackgroundHttp(),
    settings,
    presenter: () => presenter,
    env,
    now: options.now ?? Date.now,
    cursorText: () => undefined,
    executeCommand: async (id) => void commands.push(id),
    distDir: join(__dirname, '..', '..', '..', 'dist'),
  };
  return { s, ui, secrets, sink, presenter, health, store, files, commands };
}

/** Everything the harness could have leaked into: log, UI, documents, files, storage, presented reports. */
export function everythingWritten(h: Harness): string {
  return [
    ...h.sink.lines,
    ...h.ui.messages.map((m) => m.text),
    ...h.ui.documents.map((d) => d.content),
    ...h.ui.files.values(),
    ...h.ui.calls,
    h.store.dump(),
    JSON.stringify(h.presenter.shown),
    JSON.stringify(h.presenter instanceof SignInPresenter ? h.presenter.signIns : []),
  ].join('\n');
}
