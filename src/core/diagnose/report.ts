import { type AuthReport } from '../auth/types';
import { type DeployReport } from '../deploy/types';
import { type Finding } from '../findings/finding';
import { type Severity } from '../findings/types';
import { type RedirectHop } from '../http/types';
import { type McpReport } from '../mcp/types';
import { type StepResult } from '../pipeline/types';
import { type ProxyReport } from '../proxy/types';
import { type ConfigLocation } from '../proxyconfig/types';
import { type TlsReport } from '../tls/types';

/** The one-line answer: what is wrong and what to change. */
export interface Verdict {
  readonly severity: Severity;
  readonly summary: string;
  readonly fix?: string;
  readonly code?: string;
  /** The client the verdict speaks for, when the user named one ("Python httpx", "VS Code"). */
  readonly client?: string;
}

/** The JSON report (`mcp-doctor diagnose --json`); its schema is documented in the README. */
export interface DiagnosisReport {
  readonly tool: { readonly name: 'mcp-doctor'; readonly version: string };
  readonly target: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly cancelled: boolean;
  readonly verdict: Verdict;
  readonly steps: readonly StepResult[];
  readonly findings: readonly Finding[];
  readonly tls?: TlsReport;
  readonly redirects?: readonly RedirectHop[];
  readonly mcp?: McpReport;
  readonly auth?: AuthReport;
  /** Direct or through which proxy (credentials redacted), the CONNECT result, TLS interception. */
  readonly proxy?: ProxyReport;
  /** Deployment checks: session affinity across replicas. */
  readonly deploy?: DeployReport;
  /** The proxy config lines to change (`--proxy-config`), live findings first; each names its finding code. */
  readonly configLocations?: readonly ConfigLocation[];
  /** The proxy config files read (includes too). */
  readonly proxyConfigFiles?: readonly string[];
}
