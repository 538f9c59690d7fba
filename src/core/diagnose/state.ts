import { type AuthReport } from '../auth/types';
import { type RedirectHop } from '../http/types';
import { type McpReport } from '../mcp/types';
import { type ResolvedAddress } from '../net/transport';
import { type LoadedClientCert } from '../mtls/clientCert';
import { type ProxyReport } from '../proxy/types';
import { type LoadedCa, type TlsReport } from '../tls/types';
import { type DiagnosisInput } from './options';

/** Shared, growing state of one diagnosis. Each step reads what earlier steps left. */
export interface DiagnosisState {
  readonly input: DiagnosisInput;
  cas: LoadedCa[];
  addresses?: ResolvedAddress[];
  connected?: { readonly address: string; readonly port: number };
  tls?: TlsReport;
  redirects?: RedirectHop[];
  mcp?: McpReport;
  auth?: AuthReport;
  /** The path taken (direct or through which proxy) and the CONNECT result. */
  proxy?: ProxyReport;
  /** The configured client certificate, loaded by the config step. */
  clientCert?: LoadedClientCert;
}
