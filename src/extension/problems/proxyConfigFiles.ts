import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';

/** Where nginx configs and Caddyfiles usually sit in a repository. */
const PROXY_CONFIG_GLOB = '**/{nginx.conf,conf.d/*.conf,sites-enabled/*,nginx/**/*.conf,Caddyfile}';
/** A workspace with more than this many is a checkout of nginx configs, not a project: the setting says which. */
const MAX_FOUND = 20;

/**
 * The nginx configs each diagnosis checks: `mcpDoctor.proxyConfigFiles` when set (relative paths
 * against the first workspace folder), else those found in the workspace (node_modules skipped).
 */
export async function proxyConfigFiles(configured: readonly string[]): Promise<readonly string[]> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (configured.length) return configured.map((p) => (isAbsolute(p) || !root ? p : join(root, p)));
  if (!vscode.workspace.isTrusted || !root) return [];
  const found = await vscode.workspace.findFiles(PROXY_CONFIG_GLOB, '**/node_modules/**', MAX_FOUND);
  return found.map((uri) => uri.fsPath).sort();
}
