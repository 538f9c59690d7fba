import { type ConfigFile } from './types';

/** Where MCP client configuration lives, for the given workspace folders and user directories. */
export function configFiles(
  folders: readonly string[],
  user: { readonly vscodeUserDir?: string; readonly home?: string },
  sep = '/',
): ConfigFile[] {
  const join = (...parts: string[]) => parts.join(sep);
  const files: ConfigFile[] = folders.flatMap((folder) => [
    { kind: 'vscode-workspace' as const, path: join(folder, '.vscode', 'mcp.json'), workspaceFolder: folder },
    { kind: 'mcp-json' as const, path: join(folder, '.mcp.json'), workspaceFolder: folder },
    { kind: 'cursor-workspace' as const, path: join(folder, '.cursor', 'mcp.json'), workspaceFolder: folder },
  ]);
  if (user.vscodeUserDir) files.push({ kind: 'vscode-user', path: join(user.vscodeUserDir, 'mcp.json') });
  if (user.home) files.push({ kind: 'cursor-user', path: join(user.home, '.cursor', 'mcp.json') });
  return files;
}

/**
 * VS Code's user settings folder (where its user-level mcp.json lives) outside the editor, as the
 * stable build lays it out: %APPDATA%\Code\User, ~/Library/Application Support/Code/User, or
 * $XDG_CONFIG_HOME/Code/User (default ~/.config).
 */
export function defaultVsCodeUserDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string | undefined {
  if (platform === 'win32') return env.APPDATA ? `${env.APPDATA}\\Code\\User` : undefined;
  if (platform === 'darwin') return `${home}/Library/Application Support/Code/User`;
  return `${env.XDG_CONFIG_HOME || `${home}/.config`}/Code/User`;
}
