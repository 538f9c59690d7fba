// What the extension logged about its own startup in real VS Code: activate()'s duration and when
// the engine bundle first loaded. The e2e run asserts the order (no engine at activation) and
// leaves the numbers in test-results/e2e/startup.json, which `npm run bench` reports (figure 3).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS } from './workbench';

export interface StartupFacts {
  /** activate()'s duration, as the extension logged it: the first activation of the run. */
  readonly activateMs: number;
  /** Every activation logged in this run (the window reload activates again). */
  readonly activationsMs: readonly number[];
  readonly engineLoadedAtActivation: boolean;
  /** Undefined until something used the engine. */
  readonly engineLoadedAfterMs?: number;
  /** The log lines about startup, as evidence. */
  readonly logLines: readonly string[];
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

/** Reads the startup lines of the run's logs; undefined while activation has not been logged. */
export function readStartup(userDataDir: string): StartupFacts | undefined {
  const lines = logFiles(join(userDataDir, 'logs'))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => /activated in|engine loaded on first use/.test(l))
    .sort(); // lines start with their timestamp
  const activations = lines.map((l) => /activated in ([\d.]+) ms; engine loaded: (yes|no)/.exec(l)).filter((m) => m !== null);
  const first = activations[0];
  if (!first) return undefined;
  const loaded = lines.map((l) => /engine loaded on first use, (\d+) ms after activation/.exec(l)).find((m) => m !== null);
  return {
    activateMs: Number(first[1]),
    activationsMs: activations.map((m) => Number(m[1])),
    engineLoadedAtActivation: first[2] === 'yes',
    engineLoadedAfterMs: loaded ? Number(loaded[1]) : undefined,
    logLines: lines,
  };
}

export function saveStartup(facts: StartupFacts, codeServerVersion: string): void {
  writeFileSync(STARTUP_FILE, JSON.stringify({ ...facts, codeServer: codeServerVersion, measuredAt: new Date().toISOString() }, null, 2));
}
