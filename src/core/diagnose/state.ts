import { type AuthReport } from '../auth/types';
import { type DeployReport } from '../deploy/types';
import { type RedirectHop } from '../http/types';
import { type SessionDoubt } from '../mcp/sessionConsistency';
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
  /** Deployment checks (session affinity across replicas). */
  deploy?: DeployReport;
  /** The MCP probe's session answers disagreed; its findings about them wait for the affinity series. */
  sessionDoubt?: SessionDoubt;
}
