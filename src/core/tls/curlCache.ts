import { findOnPath } from '../fs/onPath';
import { type JsonStore } from '../store/jsonStore';
import { curlInfo, execCommand, type CommandRunner, type CurlInfo } from './system';

interface Remembered {
  readonly mtimeMs: number;
  readonly info: CurlInfo;
}

const perProcess = new Map<string, Promise<CurlInfo | undefined>>();

/**
 * curl's version (its trust rules changed across versions), remembered in `store` across runs by the
 * binary's path and mtime: a CLI run then spawns no `curl --version`. An upgrade changes the mtime.
 */
export function curlInfoFor(command: string, run: CommandRunner, store?: JsonStore): Promise<CurlInfo | undefined> {
  if (run !== execCommand || !store) return curlInfo(command, run);
  let answer = perProcess.get(command);
  if (!answer) {
    answer = rememberedOrAsked(command, run, store);
    perProcess.set(command, answer);
  }
  return answer;
}

async function rememberedOrAsked(command: string, run: CommandRunner, store: JsonStore): Promise<CurlInfo | undefined> {
  const executable = await findOnPath(command, process.env);
  if (!executable) return undefined;
  const key = `curl-version ${executable.path}`;
  const remembered = await store.get<Remembered>(key).catch(() => undefined);
  if (remembered?.mtimeMs === executable.mtimeMs && typeof remembered.info?.version === 'string') return remembered.info;
  const info = await curlInfo(command, run);
  if (info) await store.set(key, { mtimeMs: executable.mtimeMs, info } satisfies Remembered).catch(() => undefined);
  return info;
}
