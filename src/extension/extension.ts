import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import * as vscode from 'vscode';
import { MAX_CONFIG_BYTES } from '../core/discovery/mcpJson';
import { Timeline } from '../core/timeline/timeline';
import { BackgroundHttp } from './backgroundHttp';
import { COMMANDS } from './commands/ids';
import { registerCommands } from './commands/register';
import { engineRequested, loadDecoder, loadEngine, onEngineLoaded } from './engine';
import { readConfigFile } from './host/configFile';
import { KnownSecrets } from './host/secrets';
import { RedactingLog } from './host/log';
import { mementoStore } from './host/mementoStore';
import { vscodeUi } from './host/vscodeUi';
import { JwksCache } from './jwt/jwksCache';
import { HOVER_WINDOW } from './jwt/tokenText';
import { registerExpiredDecorations, registerTokenHover } from './jwt/vscodeJwt';
import { ReportPanel } from './panel/reportPanel';
import { NotificationPresenter, type ReportPresenter } from './presenter';
import { registerConfigCodeLens } from './servers/codeLens';
import { ServersView } from './servers/serversView';
import { ConfigProblems } from './problems/vscodeProblems';
import { panelFixes } from './problems/panelFixes';
import { proxyConfigFiles } from './problems/proxyConfigFiles';
import { vscodeFixHost } from './problems/vscodeFix';
import { configFiles, ServerRegistry } from './servers/registry';
import { type CursorText, type HealthSink, type Services } from './services';
import { Session } from './session';
import { readVsCodeProxySettings } from './network';
import { readSettings, type Settings } from './settings';
import { createStatusItem } from './status/statusItem';
import { createStatusController } from './status/startStatus';
import { fanOutHealth } from './status/healthFanOut';

/** Set by the report panel when it is available (src/extension/panel); the notification is the fallback. */
let panelPresenter: ReportPresenter | undefined;

/** Lets the report panel take over presentation once it is registered. */
export function setReportPresenter(presenter: ReportPresenter | undefined): void {
  panelPresenter = presenter;
}

/**
 * Registers commands, providers and the status item. No network I/O and no engine code here:
 * the engine (undici, jose, node:tls) loads on the first command, hover with cached keys, or check.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const panel = ReportPanel.register(context);
  setReportPresenter(panel);
  const channel = vscode.window.createOutputChannel('MCP Doctor', { log: true });
  const knownSecrets = new KnownSecrets();
  const log = new RedactingLog(channel, () => knownSecrets.list());
  const userDir = dirname(dirname(context.globalStorageUri.fsPath));
  const registry = createRegistry(context, knownSecrets, userDir);
  const status = createStatusItem();
  const { controller, disposables: statusDisposables } = createStatusController(() => services, status.render, log);
  const servers = ServersView.register({
    servers: async () => (await registry.discover()).servers,
    workspaceFolders: () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    certificateWarningDays: () => settings().certificateWarningDays,
    now: Date.now,
    log,
  });
  const problems = new ConfigProblems((code) =>
    vscode.Uri.joinPath(context.extensionUri, 'docs', 'findings.md').with({ fragment: code.toLowerCase() }),
  );
  // Every finished run, manual or status check, also refreshes the MCP Servers view and the problems in the config files.
  const problemsSink: HealthSink = {
    checking: () => undefined,
    aborted: () => undefined,
    finished: (server, report) => void problems.finished(server, report),
  };
  panel.useFixes(panelFixes(vscodeFixHost(async () => (await registry.discover()).servers)));
  const services = createServices(context, { log, knownSecrets, registry, health: fanOutHealth(controller, servers.view, problemsSink) });
  context.subscriptions.push(
    channel,
    status.disposable,
    { dispose: () => void services.backgroundHttp.dispose() },
    ...statusDisposables,
    ...servers.disposables,
    ...registerCommands(services, () => channel.show()),
    registerTokenHover({
      decoder: loadDecoder,
      engine: loadEngine,
      jwks: services.jwks,
      now: Date.now,
      enabled: () => settings().jwtHoverEnabled,
      log,
    }),
    registerExpiredDecorations({ decoder: loadDecoder, enabled: () => settings().expiredTokenDecoration, now: Date.now, log }),
    registerConfigCodeLens(() => join(userDir, 'mcp.json')),
    problems,
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, problems, { providedCodeActionKinds: ConfigProblems.kinds }),
    ...watchConfiguration(registry, {
      refresh: async () => (
        servers.view.refresh(),
        await controller.refresh(),
        await problems.refresh((await registry.discover()).servers)
      ),
    }),
  );
  controller.start();
  logStartup(log, started);
}

/** Activation's cost and the engine's first load, in the log (the e2e run reads them for bench/). */
function logStartup(log: RedactingLog, started: number): void {
  const activated = performance.now();
  log.info(`activated in ${(activated - started).toFixed(1)} ms; engine loaded: ${engineRequested() ? 'yes' : 'no'}`);
  onEngineLoaded(() => log.info(`engine loaded on first use, ${Math.round(performance.now() - activated)} ms after activation`));
}

function settings(): Settings {
  const http = readVsCodeProxySettings((key) => vscode.workspace.getConfiguration('http').get(key));
  return { ...readSettings((key) => vscode.workspace.getConfiguration('mcpDoctor').get(key)), http };
}

function createRegistry(context: vscode.ExtensionContext, knownSecrets: KnownSecrets, userDir: string): ServerRegistry {
  return new ServerRegistry({
    settingsServers: () => settings().servers,
    discoveryEnabled: () => settings().discoveryEnabled,
    files: () =>
      configFiles(
        (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
        { vscodeUserDir: userDir, home: homedir() },
        sep,
      ),
    readFile: readTextFile,
    secrets: context.secrets,
    knownSecrets,
    env: process.env,
    userHome: homedir(),
    pathSeparator: sep,
  });
}

type Parts = Pick<Services, 'log' | 'knownSecrets' | 'registry' | 'health'>;

function createServices(context: vscode.ExtensionContext, parts: Parts): Services {
  const ui = vscodeUi();
  const store = mementoStore(context.globalState);
  let fallback: NotificationPresenter | undefined;
  const exportReport = async (report: unknown) => void (await vscode.commands.executeCommand(COMMANDS.exportReport, report));
  return {
    ...parts,
    ui,
    secrets: context.secrets,
    timeline: new Timeline(store, { maxRuns: () => settings().timelineMaxRuns }),
    store,
    session: new Session(),
    jwks: new JwksCache(),
    engine: loadEngine,
    backgroundHttp: new BackgroundHttp(),
    settings,
    presenter: () => panelPresenter ?? (fallback ??= new NotificationPresenter(ui, parts.log, exportReport)),
    env: process.env,
    now: Date.now,
    cursorText,
    executeCommand: (id, ...args) => Promise.resolve(vscode.commands.executeCommand(id, ...args)),
    distDir: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
    proxyConfigFiles: () => proxyConfigFiles(settings().proxyConfigFiles),
  };
}

export function deactivate(): void {}

function watchConfiguration(registry: ServerRegistry, controller: { refresh(): Promise<void> }): vscode.Disposable[] {
  const changed = () => {
    registry.invalidate();
    void controller.refresh();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.vscode/mcp.json,.mcp.json,.cursor/mcp.json}');
  return [
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete(changed),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mcpDoctor') && changed()),
    vscode.workspace.onDidChangeWorkspaceFolders(changed),
    vscode.workspace.onDidGrantWorkspaceTrust(changed),
  ];
}

async function readTextFile(path: string): Promise<string | undefined> {
  const fs = vscode.workspace.fs;
  return readConfigFile(
    { stat: (p) => Promise.resolve(fs.stat(vscode.Uri.file(p))), readFile: (p) => Promise.resolve(fs.readFile(vscode.Uri.file(p))) },
    path,
    MAX_CONFIG_BYTES,
  );
}

function cursorText(): CursorText | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  const offset = doc.offsetAt(editor.selection.active);
  const start = doc.positionAt(Math.max(0, offset - HOVER_WINDOW));
  const text = doc.getText(new vscode.Range(start, doc.positionAt(offset + HOVER_WINDOW)));
  return { text, offset: offset - doc.offsetAt(start) };
}
