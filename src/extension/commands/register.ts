import * as vscode from 'vscode';
import { type Services } from '../services';
import { commandHandlers } from './handlers';

/** Registers every command (the disposables go to the extension context). */
export function registerCommands(s: Services, showLog: () => void): vscode.Disposable[] {
  return Object.entries(commandHandlers(s, showLog)).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
