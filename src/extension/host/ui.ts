/**
 * The slice of the VS Code window API the commands use. Commands take this interface, so their
 * logic runs under plain Node in unit tests; `vscodeUi.ts` is the only implementation over `vscode`.
 */
export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export interface InputOptions {
  readonly title: string;
  readonly prompt: string;
  readonly password?: boolean;
  readonly value?: string;
  readonly placeHolder?: string;
  /** Returns an error message, or undefined when the value is acceptable. */
  readonly validate?: (value: string) => string | undefined;
}

export interface SaveOptions {
  readonly title: string;
  readonly defaultName: string;
  /** Label → extensions, e.g. { Markdown: ['md'], JSON: ['json'] }. */
  readonly filters: Readonly<Record<string, readonly string[]>>;
}

/** Reports progress text; the signal aborts when the user cancels the notification. */
export type ProgressTask<T> = (report: (message: string) => void, signal: AbortSignal) => Promise<T>;

export interface Ui {
  pick<T>(items: readonly PickItem<T>[], options: { readonly title: string; readonly placeHolder?: string }): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** Resolves to the action chosen, if any. */
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A cancellable progress notification. */
  withProgress<T>(title: string, task: ProgressTask<T>): Promise<T>;
  /** Opens a file in an editor with the cursor at `offset` (optional: hosts without editors leave it out). */
  revealInFile?(path: string, offset: number): Promise<void>;
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  /** Asks where to save; resolves to a file-system path. */
  saveAs(options: SaveOptions): Promise<string | undefined>;
  writeFile(path: string, content: string): Promise<void>;
  /** Opens a URL in the user's browser (vscode.env.openExternal); false when it could not. */
  openExternal(url: string): Promise<boolean>;
  /** Opens an untitled read-only-ish document with the content. */
  openDocument(content: string, language: 'markdown' | 'json' | 'plaintext'): Promise<void>;
}
