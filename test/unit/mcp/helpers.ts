import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { type DiagnosisState } from '../../../src/core/diagnose/state';
import { type LoadedCa } from '../../../src/core/tls/types';
import { type HttpClient } from '../../../src/core/http/client';
import { mcpStep } from '../../../src/core/diagnose/steps/mcp';
import { nodeNetTransport } from '../../../src/core/net/transport';
import { runSteps, type RunOutcome } from '../../../src/core/pipeline/runner';
import { systemClock } from '../../../src/core/pipeline/types';
import { type TlsReport } from '../../../src/core/tls/types';

export interface StateOptions {
  readonly token?: string;
  readonly compareUrl?: URL;
  /** PEM trusted as a CA (as if given with --ca). */
  readonly caPem?: string;
  readonly tls?: TlsReport;
  readonly http?: HttpClient;
}

/** A DiagnosisState as the earlier steps would leave it. */
export function stateFor(url: URL, options: StateOptions = {}): DiagnosisState {
  const cas: LoadedCa[] = options.caPem ? [{ path: '/test/ca.pem', pems: [options.caPem] }] : [];
  const input = {
    url,
    caFiles: cas.map((c) => c.path),
    env: {},
    net: nodeNetTransport,
    ...(options.token ? { token: options.token } : {}),
    ...(options.compareUrl ? { compareUrl: options.compareUrl } : {}),
    ...(options.http ? { http: options.http } : {}),
  };
  return { input, cas, ...(options.tls ? { tls: options.tls } : {}) };
}

/** Runs the MCP step alone, as the pipeline would. */
export async function runMcp(state: DiagnosisState, timeoutMs = 4000): Promise<RunOutcome & { elapsedMs: number }> {
  const began = performance.now();
  const outcome = await runSteps([mcpStep], state, { timeoutMs, clock: systemClock });
  return { ...outcome, elapsedMs: performance.now() - began };
}

/** The leaf fingerprint as Node prints it (for the pinned-untrusted TLS state). */
export function fingerprint256(certPem: string): string {
  const fp = new X509Certificate(certPem).fingerprint256;
  assert.equal(fp.length, 95);
  return fp;
}
