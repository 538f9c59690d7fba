import * as vscode from 'vscode';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { redactDeep } from '../../core/redact/deep';
import { loadReportAssets, renderHtmlReport } from '../../core/report/html';
import { renderMarkdownReport } from '../../core/report/markdown';
import { type PanelContext } from '../../shared/protocol';

const FILTERS = { Markdown: ['md'], JSON: ['json'], 'HTML (self-contained)': ['html'] };

/** Asks where to save, then writes Markdown, JSON or HTML by the chosen extension. Returns the path, or undefined if cancelled. */
export async function exportReport(report: DiagnosisReport, context: PanelContext, distDir: vscode.Uri): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `mcp-doctor-${safeName(context.serverName ?? hostOf(report.target))}.md`;
  const uri = await vscode.window.showSaveDialog({ title: 'Export MCP Doctor report', filters: FILTERS, defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined });
  if (!uri) return undefined;
  const content = await render(report, context, uri.path, distDir);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  return uri.fsPath;
}

async function render(report: DiagnosisReport, context: PanelContext, path: string, distDir: vscode.Uri): Promise<string> {
  const safe = redactDeep(report);
  if (path.endsWith('.json')) return `${JSON.stringify(safe, null, 2)}\n`;
  if (path.endsWith('.html') || path.endsWith('.htm')) return renderHtmlReport(safe, await loadReportAssets(distDir.fsPath), context);
  return renderMarkdownReport(safe, context);
}

function hostOf(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return 'report';
  }
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'report';
}
