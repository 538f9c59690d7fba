import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DiagnosisReport } from '../diagnose/report';
import { versioned } from './panelVersion';
import { type PanelContext, type PanelState, type SignInFlow } from '../../shared/protocol';
import { embedJson, escapeHtml, inlineScript, inlineStyle, reportCsp } from './embed';

/** The built report view: the same script and stylesheet the VS Code panel loads. */
export interface ReportAssets {
  /** Contents of dist/webview.js. */
  readonly script: string;
  /** Contents of dist/webview.css. */
  readonly css: string;
}

/**
 * A self-contained HTML page showing the report with the panel's own renderer. It loads nothing
 * from the network: the CSP allows only the inlined script and stylesheet, by hash.
 */
export function renderHtmlReport(report: DiagnosisReport, assets: ReportAssets, context?: PanelContext, flow?: SignInFlow): string {
  return renderHtmlState({ report, ...(flow ? { flow } : {}), context, actions: [] }, assets, report.target ?? '');
}

/** A sign-in that stopped before any diagnosis, as a page of its own (the panel's flow view). */
export function renderHtmlFlow(flow: SignInFlow, assets: ReportAssets, context?: PanelContext): string {
  return renderHtmlState({ kind: 'flow', flow, context, actions: [] }, assets, `sign-in to ${flow.report.resource}`);
}

function renderHtmlState(state: PanelState, assets: ReportAssets, title: string): string {
  const script = inlineScript(assets.script);
  const css = inlineStyle(assets.css);
  const csp = reportCsp({ script: `'${sha256(script)}'`, style: `'${sha256(css)}'` });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MCP Doctor: ${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body class="standalone">
<main id="app"></main>
<script type="application/json" id="mcp-doctor-state">${embedJson(versioned(state))}</script>
<script>${script}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** Reads the built view from a dist folder (the one holding webview.js and webview.css). */
export async function loadReportAssets(distDir: string): Promise<ReportAssets> {
  try {
    const [script, css] = await Promise.all([
      readFile(join(distDir, 'webview.js'), 'utf8'),
      readFile(join(distDir, 'webview.css'), 'utf8'),
    ]);
    return { script, css };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`the report view is not built in ${distDir} (${code ?? 'unreadable'}); run "npm run build"`, { cause: err });
  }
}
