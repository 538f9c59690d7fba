import * as vscode from 'vscode';
import { type InputOptions, type PickItem, type ProgressTask, type SaveOptions, type Ui } from './ui';

/** The Ui adapter over the VS Code window API: the only place commands touch `vscode.window`. */
export function vscodeUi(): Ui {
  return {
    async pick<T>(items: readonly PickItem<T>[], options: { title: string; placeHolder?: string }) {
      const picked = await vscode.window.showQuickPick(
        items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, item })),
        { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
      );
      return picked?.item.value;
    },
    input: (options: InputOptions) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: options.title,
          prompt: options.prompt,
          password: options.password,
          value: options.value,
          placeHolder: options.placeHolder,
          ignoreFocusOut: true,
          validateInput: options.validate ? (value) => options.validate?.(value) : undefined,
        }),
      ),
    info: (message, ...actions) => Promise.resolve(vscode.window.showInformationMessage(message, ...actions)),
    warn: (message, ...actions) => Promise.resolve(vscode.window.showWarningMessage(message, ...actions)),
    error: (message, ...actions) => Promise.resolve(vscode.window.showErrorMessage(message, ...actions)),
    withProgress: <T>(title: string, task: ProgressTask<T>) =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort(new Error('cancelled by the user')));
          return task((message) => progress.report({ message }), controller.signal).finally(() => sub.dispose());
        }),
      ),
    readClipboard: () => Promise.resolve(vscode.env.clipboard.readText()),
    openExternal: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
    writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
    async saveAs(options: SaveOptions) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        title: options.title,
        defaultUri: folder ? vscode.Uri.joinPath(folder, options.defaultName) : undefined,
        filters: Object.fromEntries(Object.entries(options.filters).map(([label, exts]) => [label, [...exts]])),
      });
      return uri?.fsPath;
    },
    writeFile: (path, content) => Promise.resolve(vscode.workspace.fs.writeFile(vscode.Uri.file(path), Buffer.from(content, 'utf8'))),
    async revealInFile(path, offset) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      const at = doc.positionAt(offset);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
    },
    async openDocument(content, language) {
      const doc = await vscode.workspace.openTextDocument({ content, language });
      await vscode.window.showTextDocument(doc, { preview: true });
    },
  };
}
