import { stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** The file `execFile(command)` would run: the first executable regular file named so on PATH. */
export async function findOnPath(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ path: string; mtimeMs: number } | undefined> {
  const candidates = isAbsolute(command)
    ? [command]
    : command.includes('/')
      ? []
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, command));
  for (const path of candidates) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && (info.mode & 0o111) !== 0) return { path, mtimeMs: info.mtimeMs };
  }
  return undefined;
}
