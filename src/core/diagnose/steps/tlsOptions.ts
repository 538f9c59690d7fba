import * as tls from 'node:tls';
import { type DiagnosisState } from '../state';
import { loadCaFileSync } from '../../tls/caFiles';
import { type ClientTlsOptions } from '../../http/client';

/**
 * TLS options that reproduce the trust of the client being diagnosed: Node's bundled roots, plus
 * NODE_EXTRA_CA_CERTS from the diagnosed environment, plus the CA files the user configured.
 *
 * Passing `ca` replaces Node's defaults rather than adding to them, so when we add anything we
 * must list the bundled roots explicitly.
 */
export function clientCaList(state: DiagnosisState): string[] | undefined {
  const memo = caLists.get(state);
  if (memo && memo.cas === state.cas && memo.env === state.input.env) return memo.list;
  const extra = [...extraCaFromEnv(state.input.env), ...state.cas.flatMap((c) => c.pems)];
  const list = extra.length === 0 ? undefined : [...tls.rootCertificates, ...extra];
  caLists.set(state, { cas: state.cas, env: state.input.env, list });
  return list;
}

/**
 * One list per run (it is asked for on every request): no re-reading NODE_EXTRA_CA_CERTS per
 * request, and the same array lets the HTTP client key its dispatchers without re-serialising it.
 */
const caLists = new WeakMap<
  DiagnosisState,
  { cas: DiagnosisState['cas']; env: DiagnosisState['input']['env']; list: string[] | undefined }
>();

/**
 * Like Node itself, a NODE_EXTRA_CA_CERTS that cannot be loaded adds nothing here; the TLS step
 * reports it (CONFIG_CA_FILE_*) from the same loader.
 */
function extraCaFromEnv(env: DiagnosisState['input']['env']): readonly string[] {
  return env.NODE_EXTRA_CA_CERTS ? loadCaFileSync(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS').pems : [];
}

/**
 * Options for HTTP requests made after the TLS step. When the server is not trusted we still want
 * to diagnose what lies behind TLS (redirects, MCP, auth) in the same run, so we continue with
 * verification off but the exact leaf pinned: a different certificate aborts the connection.
 */
export function httpTlsOptions(state: DiagnosisState, url: URL): ClientTlsOptions {
  const ca = clientCaList(state);
  const pinned = state.tls?.trusted === false ? state.tls.leafFingerprint256 : undefined;
  // The client certificate goes only to the diagnosed server, as a client configured for it would send it.
  const clientCert = url.host === state.input.url.host ? state.clientCert?.tls : undefined;
  if (!pinned || url.host !== state.input.url.host) return { ...(ca ? { ca } : {}), ...clientCert };
  return { rejectUnauthorized: false, pinnedFingerprint256: pinned, ...clientCert };
}
