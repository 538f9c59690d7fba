/** The two file-system calls a bounded read needs (vscode.workspace.fs in the extension, node:fs in tests). */
export interface ConfigFileApi {
  /** `type` is a vscode.FileType bit set; `size` in bytes. */
  stat(path: string): Promise<{ readonly type: number; readonly size: number }>;
  readFile(path: string): Promise<Uint8Array>;
}

/** vscode.FileType.File: a regular file (possibly behind a symbolic link). */
export const FILE_TYPE_FILE = 1;

/**
 * Reads a config file only when it is a regular file of at most `maxBytes`: a workspace can ship
 * a FIFO (a read that never ends) or a gigabyte named mcp.json. Anything else reads as absent.
 */
export async function readConfigFile(api: ConfigFileApi, path: string, maxBytes: number): Promise<string | undefined> {
  try {
    const { type, size } = await api.stat(path);
    if ((type & FILE_TYPE_FILE) === 0 || size > maxBytes) return undefined;
    const bytes = await api.readFile(path);
    return bytes.byteLength > maxBytes ? undefined : Buffer.from(bytes).toString('utf8');
  } catch {
    return undefined;
  }
}
