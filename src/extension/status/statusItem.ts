import * as vscode from 'vscode';
import { type StatusView } from '../../core/status/statusView';

/** The one status bar item; `render(undefined)` hides it. */
export function createStatusItem(): { readonly render: (view: StatusView | undefined) => void; readonly disposable: vscode.Disposable } {
  const item = vscode.window.createStatusBarItem('mcpDoctor.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MCP Doctor connection status';
  const render = (view: StatusView | undefined) => {
    if (!view) return item.hide();
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = view.command;
    item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    item.backgroundColor = view.background ? new vscode.ThemeColor(`statusBarItem.${view.background}Background`) : undefined;
    item.show();
  };
  return { render, disposable: item };
}
