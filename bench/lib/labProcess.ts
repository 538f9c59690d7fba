import { startJsonChild } from './jsonChild';
import { childPids } from './procCpu';

/** The healthy lab running in a child process (lib/labChild.ts), with the pids whose CPU figure 5a reads. */
export interface LabProcess {
  readonly url: string;
  readonly caFile: string;
  readonly token: string;
  /** https://localhost:<port> of the authorization server (also in the child). */
  readonly issuer: string;
  /** The lab child (MCP SDK server + oidc-provider, all their threads). */
  readonly labPid: number;
  readonly nginxPid: number;
  /** nginx worker pids (children of the master; one with the lab's `worker_processes 1`). */
  nginxWorkers(): number[];
  /** Stops the lab and its process (bounded). Idempotent. */
  stop(): Promise<void>;
}

interface Ready {
  url: string;
  caFile: string;
  token: string;
  issuer: string;
  nginxPid: number;
}

/** Starts lib/labChild.ts. A child that had to be SIGKILLed cannot stop its nginx: the master (by pid) gets SIGTERM then. */
export async function startLabProcess(): Promise<LabProcess> {
  const child = await startJsonChild<Ready>('labChild.ts', {}, (ready) => {
    try {
      if (ready?.nginxPid) process.kill(ready.nginxPid, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  return { ...child.ready, labPid: child.pid, nginxWorkers: () => childPids(child.ready.nginxPid), stop: child.stop };
}
