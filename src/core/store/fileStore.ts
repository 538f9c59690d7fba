import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type JsonStore } from './jsonStore';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The per-user cache directory for mcp-doctor: $MCP_DOCTOR_CACHE_DIR when set, else
 * $XDG_CACHE_HOME/mcp-doctor or ~/.cache/mcp-doctor on Linux, ~/Library/Caches/mcp-doctor on
 * macOS, %LOCALAPPDATA%\mcp-doctor\Cache on Windows.
 */
export function defaultCacheDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home = env.HOME || homedir(),
): string {
  if (env.MCP_DOCTOR_CACHE_DIR) return env.MCP_DOCTOR_CACHE_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'mcp-doctor');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'mcp-doctor', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'mcp-doctor');
}

/** A readable, collision-free file name for a key: its safe characters plus a short hash. */
function fileNameFor(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `${safe}.${hash}.json`;
}

/**
 * One JSON file per key under `dir` (created on first write). Writes go to a temporary file that
 * is renamed over the old one, so a crash or a concurrent run never leaves half a file.
 */
export function fileStore(dir: string): JsonStore {
  return {
    async get<T>(key: string) {
      try {
        return JSON.parse(await readFile(join(dir, fileNameFor(key)), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const target = join(dir, fileNameFor(key));
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
  };
}
