import * as vscode from 'vscode';
import { type DecoderLoader } from '../engine';
import { type LogSink } from '../host/log';
import { type HoverDeps, tokenHoverAt } from './hover';
import { expiredTokenRanges, hasJws, type TextSource } from './tokenText';

/** Offsets-only view of a document: the hover and decoration code never needs the whole text. */
export function documentSource(doc: vscode.TextDocument): TextSource {
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  return {
    length: doc.offsetAt(end),
    text: (start, stop) => doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(stop))),
  };
}

/** JWT hovers on every text document. Token-provided text is escaped and never trusted as Markdown. */
export function registerTokenHover(deps: HoverDeps & { readonly enabled: () => boolean; readonly log: LogSink }): vscode.Disposable {
  return vscode.languages.registerHoverProvider([{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-userdata' }], {
    async provideHover(doc, position) {
      if (!deps.enabled()) return undefined;
      try {
        const hover = await tokenHoverAt(documentSource(doc), doc.offsetAt(position), deps);
        if (!hover) return undefined;
        const md = new vscode.MarkdownString(hover.markdown);
        md.isTrusted = false;
        md.supportHtml = false;
        return new vscode.Hover(md, new vscode.Range(doc.positionAt(hover.start), doc.positionAt(hover.end)));
      } catch (err) {
        deps.log.warn(`token hover failed: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    },
  });
}

const DEBOUNCE_MS = 300;

/** Subtle marking of expired JWTs in the visible part of each editor (setting to turn off). */
export function registerExpiredDecorations(deps: {
  readonly decoder: DecoderLoader;
  readonly enabled: () => boolean;
  readonly now: () => number;
  readonly log: LogSink;
}): vscode.Disposable {
  const type = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline dotted',
    opacity: '0.75',
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => void decorateAll(type, deps).catch((err: unknown) => deps.log.debug(`decorations: ${String(err)}`)),
      DEBOUNCE_MS,
    );
  };
  update();
  return vscode.Disposable.from(
    type,
    vscode.window.onDidChangeVisibleTextEditors(update),
    vscode.window.onDidChangeTextEditorVisibleRanges(update),
    vscode.workspace.onDidChangeTextDocument(update),
    { dispose: () => timer && clearTimeout(timer) },
  );
}

async function decorateAll(
  type: vscode.TextEditorDecorationType,
  deps: { readonly decoder: DecoderLoader; readonly enabled: () => boolean; readonly now: () => number },
): Promise<void> {
  const editors = vscode.window.visibleTextEditors;
  if (!deps.enabled()) {
    for (const editor of editors) editor.setDecorations(type, []);
    return;
  }
  const visible = editors.map((editor) => ({
    editor,
    source: documentSource(editor.document),
    ranges: editor.visibleRanges.map((r) => [editor.document.offsetAt(r.start), editor.document.offsetAt(r.end)] as const),
  }));
  // Most views hold no JWT: only then is the decoder loaded at all.
  const any = visible.some((v) => v.ranges.some(([start, end]) => hasJws(v.source, start, end)));
  const decode = any ? await deps.decoder() : undefined;
  for (const { editor, source, ranges: visibleRanges } of visible) {
    const doc = editor.document;
    const ranges = decode ? visibleRanges.flatMap(([start, end]) => expiredTokenRanges(source, start, end, decode, deps.now())) : [];
    editor.setDecorations(
      type,
      ranges.map((r) => ({ range: new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), hoverMessage: 'Expired token' })),
    );
  }
}
