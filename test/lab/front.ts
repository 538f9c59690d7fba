/**
 * The TLS front of the lab: the real nginx, or, on a machine without it, the Node stand-in
 * (`nodeFront.ts`). Tests ask for nginx (the default); the demo and `npm run lab` take either.
 */
import { NginxUnavailableError, nginxAvailable, type NginxMode, startNginx } from './nginx';
import { startNodeFront } from './nodeFront';

/** `nginx`: the real one (throws NginxUnavailableError without it). `auto`: nginx when installed, else `node`. */
export type FrontChoice = 'nginx' | 'node' | 'auto';
export type FrontKind = 'nginx' | 'node';

export interface FrontOptions {
  readonly dir: string;
  readonly port: number;
  readonly backendPort: number;
  readonly mode: NginxMode;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface RunningFront {
  readonly kind: FrontKind;
  readonly port: number;
  /** The nginx master's pid (absent for the Node front, which runs in this process). */
  readonly pid?: number;
  stop(): Promise<void>;
}

/** Which front a choice means on this machine; throws NginxUnavailableError for `nginx` without nginx. */
export function resolveFront(choice: FrontChoice): FrontKind {
  if (choice === 'node') return 'node';
  if (nginxAvailable()) return 'nginx';
  if (choice === 'auto') return 'node';
  throw new NginxUnavailableError();
}

export async function startFront(kind: FrontKind, options: FrontOptions): Promise<RunningFront> {
  if (kind === 'node') return { kind, ...(await startNodeFront(options)) };
  const nginx = await startNginx(options);
  return { kind, port: nginx.port, pid: nginx.pid, stop: nginx.stop };
}
