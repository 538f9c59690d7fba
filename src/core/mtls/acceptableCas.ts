import { spawn } from 'node:child_process';

/** Where to ask: the server, optionally through an http:// proxy. */
export interface AcceptableCaTarget {
  readonly host: string;
  readonly port: number;
  readonly servername?: string;
  readonly proxy?: URL;
}

/** The CA names from the server's CertificateRequest, or why they are unknown. */
export interface AcceptableCas {
  readonly cas?: readonly string[];
  readonly note?: string;
}

/** Reads the server's acceptable client-CA list; injectable (tests, platforms without openssl). */
export type AcceptableCaProbe = (target: AcceptableCaTarget, signal: AbortSignal) => Promise<AcceptableCas>;

const MAX_OUTPUT = 256 * 1024;

/**
 * Node does not expose the CertificateRequest's CA list, so ask `openssl s_client`, which prints
 * "Acceptable client certificate CA names". Bounded by the signal; a missing binary is a note.
 */
export const opensslAcceptableCas: AcceptableCaProbe = (target, signal) =>
  new Promise((resolve) => {
    const proxyArgs = target.proxy
      ? [
          '-proxy',
          target.proxy.host,
          ...(target.proxy.username
            ? ['-proxy_user', decodeURIComponent(target.proxy.username), '-proxy_pass', 'env:MCP_DOCTOR_PROXY_PASS']
            : []),
        ]
      : [];
    const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
    const args = ['s_client', '-connect', authority, ...(target.servername ? ['-servername', target.servername] : []), ...proxyArgs];
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      MCP_DOCTOR_PROXY_PASS: target.proxy ? decodeURIComponent(target.proxy.password) : '',
    };
    let output = '';
    let settled = false;
    const finish = (result: AcceptableCas) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      child.kill();
      resolve(result);
    };
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'], env });
    const onAbort = () => finish(parseAcceptableCas(output) ?? { note: 'openssl s_client did not finish in time' });
    child.stdout.on('data', (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish({ note: err.code === 'ENOENT' ? 'the openssl command is not installed' : `openssl failed (${err.code ?? 'error'})` }),
    );
    child.on('close', () =>
      finish(
        parseAcceptableCas(output) ?? { note: 'openssl s_client printed no CA list (the server may not have asked for a certificate)' },
      ),
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });

/** Parses s_client output: the names after "Acceptable client certificate CA names". */
export function parseAcceptableCas(output: string): AcceptableCas | undefined {
  if (/No client certificate CA names sent/.test(output))
    return { cas: [], note: 'the server sent no CA names (it accepts any CA it trusts)' };
  const start = output.indexOf('Acceptable client certificate CA names');
  if (start < 0) return undefined;
  const lines = output.slice(start).split(/\r?\n/).slice(1);
  const cas: string[] = [];
  for (const line of lines) {
    if (
      !line.trim() ||
      /^(Requested Signature|Client Certificate Types|Shared Requested|Peer signing|Server Temp Key|---)/.test(line.trim())
    )
      break;
    cas.push(line.trim());
  }
  return { cas };
}
