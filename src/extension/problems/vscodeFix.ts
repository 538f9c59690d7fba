/**
 * A FixPlan as VS Code objects: the WorkspaceEdit and the command. The lightbulb's CodeAction and the
 * panel's fix block both use these, so a fix does the same from either place.
 */
import * as vscode from 'vscode';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type FixPlan } from './fixPlan';
import { type TextEdit } from './nginxQuickFix';
import { type FixHost } from './panelFixes';

export function workspaceEditOf(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
  return edit;
}

export function commandOf(uri: vscode.Uri, plan: FixPlan): vscode.Command {
  const { id, withFile, args } = plan.command;
  return { title: plan.title, command: id, arguments: withFile ? [uri, ...args] : [...args] };
}

/** The panel's FixHost: servers from discovery, text from the open document, edits through applyEdit (undoable). */
export function vscodeFixHost(servers: () => Promise<readonly DiscoveredServer[]>): FixHost {
  return {
    server: async (serverId) => (await servers()).find((s) => s.id === serverId),
    readText: async (path) => (await openQuietly(path))?.getText(),
    apply: async (path, plan) => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      if (plan.edits.length && !(await vscode.workspace.applyEdit(workspaceEditOf(doc, plan.edits)))) return false;
      const command = commandOf(doc.uri, plan);
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      return true;
    },
  };
}

export async function openQuietly(path: string): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  } catch {
    return undefined;
  }
}
