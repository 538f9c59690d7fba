// Minimal types for markdown-it (present through @vscode/vsce), used only to render test output.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
  }
  export default class MarkdownIt {
    constructor(options?: Options);
    render(source: string): string;
    renderInline(source: string): string;
  }
}
