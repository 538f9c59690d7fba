import * as vscode from 'vscode';
import { type StatusView } from '../../core/status/statusView';
import { backgroundCheck } from '../commands/run';
import { type LogSink } from '../host/log';
import { type Services } from '../services';
import { StatusController } from './statusController';

/** Creates the status controller over VS Code's window focus, workspace trust and timers. */
export function createStatusController(
  services: () => Services,
  render: (view: StatusView | undefined) => void,
  log: LogSink,
): { controller: StatusController; disposables: vscode.Disposable[] } {
  const controller = new StatusController({
    render,
    settings: () => services().settings(),
    servers: async () => {
      const { servers } = await services().registry.discover();
      services().backgroundHttp.retain(servers.map((s) => s.id));
      return servers;
    },
    workspaceTrusted: () => vscode.workspace.isTrusted,
    userActed: () => services().session.userActed,
    windowFocused: () => vscode.window.state.focused,
    check: (server, signal) => backgroundCheck(services(), server, signal),
    now: Date.now,
    timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    log,
  });
  const disposables = [
    vscode.window.onDidChangeWindowState((state) => controller.focusChanged(state.focused)),
    { dispose: () => controller.dispose() },
  ];
  return { controller, disposables };
}
