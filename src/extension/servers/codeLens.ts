import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import { configKindOf, lensTargets } from './configPaths';

/** "Diagnose" above each http/sse server in MCP client configuration files. */
export function registerConfigCodeLens(userMcpJson: () => string | undefined): vscode.Disposable {
  const selector: vscode.DocumentSelector = [
    { scheme: 'file', pattern: '**/.vscode/mcp.json' },
    { scheme: 'file', pattern: '**/.mcp.json' },
    { scheme: 'file', pattern: '**/.cursor/mcp.json' },
    { scheme: 'file', pattern: '**/User/mcp.json' },
    { scheme: 'vscode-userdata', pattern: '**/mcp.json' },
  ];
  return vscode.languages.registerCodeLensProvider(selector, {
    provideCodeLenses(doc) {
      const kind = configKindOf(doc.uri.fsPath, userMcpJson());
      if (!kind) return [];
      return lensTargets(doc.getText(), doc.uri.fsPath, kind).map((t) => {
        const at = doc.positionAt(t.offset);
        return new vscode.CodeLens(new vscode.Range(at, at), {
          title: '$(debug-alt) Diagnose',
          tooltip: `MCP Doctor: diagnose "${t.name}"`,
          command: COMMANDS.diagnose,
          arguments: [t.serverId],
        });
      });
    },
  });
}
