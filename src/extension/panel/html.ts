import { randomBytes } from 'node:crypto';
import { embedJson, escapeHtml, reportCsp } from '../../core/report/embed';
import { versioned } from '../../shared/panelState';
import { type PanelState } from '../../shared/protocol';

/** What the panel page needs; plain strings so this stays testable without VS Code. */
export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  readonly cspSource: string;
  /** `webview.asWebviewUri` of dist/webview.js and dist/webview.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly state: PanelState;
  readonly title: string;
  /** Defaults to 16 fresh random bytes, base64. */
  readonly nonce?: string;
}

/** A fresh CSP nonce for each page load (crypto random, never Math.random). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The webview page: CSP `default-src 'none'`, the one script by nonce, styles and images only from
 * the extension's own files, and the state embedded as inert JSON (no inline script, no ready race).
 */
export function panelHtml(input: PanelHtmlInput): string {
  const nonce = input.nonce ?? createNonce();
  const csp = reportCsp({ script: `'nonce-${nonce}'`, style: input.cspSource, img: input.cspSource, font: input.cspSource });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
</head>
<body>
<main id="app"></main>
<script type="application/json" id="mcp-doctor-state">${embedJson(versioned(input.state))}</script>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
