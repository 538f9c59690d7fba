// What the extension logged about its own startup in real VS Code: activate()'s duration and when
// the engine bundle first loaded. The e2e run asserts the order (no engine at activation) and
// leaves the numbers in test-results/e2e/startup.json, which `npm run bench` reports (figure 3).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS } from './workbench';

export interface StartupFacts {
  readonly activateMs: number;
  readonly engineLoadedAtActivation: boolean;
  /** Undefined until something used the engine. */
  readonly engineLoadedAfterMs?: number;
  /** The log's first lines, as evidence. */
  readonly logHead: readonly string[];
}

export const STARTUP_FILE = join(SHOTS, 'startup.json');

/** The MCP Doctor output channel's log files under code-server's user data (VS Code names them after the channel). */
function logFiles(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return logFiles(path, depth + 1);
    return entry.name === 'MCP Doctor.log' ? [path] : [];
  });
}

/** Reads the startup lines of the latest window's log; undefined while activation has not been logged. */
export function readStartup(userDataDir: string): StartupFacts | undefined {
  const text = logFiles(join(userDataDir, 'logs')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const activated = [...text.matchAll(/activated in ([\d.]+) ms; engine loaded: (yes|no)/g)].at(-1);
  if (!activated) return undefined;
  const loaded = [...text.slice(activated.index).matchAll(/engine loaded on first use, (\d+) ms after activation/g)][0];
  return {
    activateMs: Number(activated[1]), engineLoadedAtActivation: activated[2] === 'yes', engineLoadedAfterMs: loaded ? Number(loaded[1]) : undefined,
    logHead: text.slice(0, activated.index + activated[0].length).split('\n').slice(-6),
  };
}

export function saveStartup(facts: StartupFacts, codeServerVersion: string): void {
  writeFileSync(STARTUP_FILE, JSON.stringify({ ...facts, codeServer: codeServerVersion, measuredAt: new Date().toISOString() }, null, 2));
}
