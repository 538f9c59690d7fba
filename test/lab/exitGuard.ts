/**
 * Last-resort cleanup when the process ends while labs are running: on 'exit' and on SIGINT/SIGTERM
 * (then the signal is re-raised, unless someone else, like the lab CLI, handles it). Only
 * synchronous work is possible here: signal nginx, remove temp directories.
 */
const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Registers a synchronous cleanup; returns the function that unregisters it (call it after a normal stop). */
export function onProcessEnd(cleanup: () => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) uninstall();
  };
}

function runAll(): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // best effort while the process goes down
    }
  }
  cleanups.clear();
  uninstall();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', runAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', runAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
