import { type X509Certificate } from 'node:crypto';
import { caBundleCommand, osTrustCommand } from './fixText';
import { type TrustSource, type TrustSources } from './trustSources';
import { type ClientId, type ClientTrustReport, type TrustVerdict } from './types';
import { anchorSet, type TrustPolicy, verifyChain } from './verifyPath';
import { describeProblem, isTrustProblem } from './problemText';
import {
  curlStores,
  httpxStores,
  isModernHttpx,
  pythonSslStores,
  requestsStores,
  urllib3FallsBackToCn,
  type StoreChoice,
} from './clientRules';

type Env = Readonly<Record<string, string | undefined>>;

export interface MatrixInput {
  /** What the server sent, leaf first. */
  readonly sent: readonly X509Certificate[];
  readonly host: string;
  readonly now: number;
  readonly env: Env;
  readonly sources: TrustSources;
  /** OpenSSL security level of system tools (curl): 2, as Debian/Ubuntu/Fedora builds and macOS enforce. */
  readonly systemSecurityLevel?: number;
  /** The diagnosed URL, for the `ca-bundle` command in fixes. */
  readonly url?: string;
  readonly platform?: NodeJS.Platform;
}

/** One row of the matrix plus the verdict behind it (for findings that need the path). */
export interface ClientEvaluation {
  readonly report: ClientTrustReport;
  readonly verdict: TrustVerdict;
}

interface ClientSpec {
  readonly client: ClientId;
  readonly label: string;
  readonly stores: readonly TrustSource[];
  /** A store the client was told to use but cannot read: the client then fails outright (Python). */
  readonly broken?: TrustSource;
  readonly policy: TrustPolicy;
  readonly fix: string;
  /** The precedence rule that decided the stores, when it is not the obvious one. */
  readonly rule?: string;
}

const NODE_POLICY: TrustPolicy = { securityLevel: 1, cnFallback: true };
/** VS Code's Electron (Chromium) verifier also refuses a CA certificate without keyCertSign (microsoft/vscode#248170). */
const VSCODE_POLICY: TrustPolicy = { ...NODE_POLICY, requireKeyCertSign: true };

/**
 * Predicts, for each client family, whether it trusts the server with the diagnosed environment,
 * by building the chain against exactly the stores that client reads.
 */
export function evaluateClients(input: MatrixInput): ClientEvaluation[] {
  return clientSpecs(input).map((spec) => evaluate(spec, input));
}

function evaluate(spec: ClientSpec, input: MatrixInput): ClientEvaluation {
  const trustFrom = spec.stores.map(storeText).join(' + ') + (spec.rule ? ` (${spec.rule})` : '');
  const anchors = anchorSet(spec.stores.flatMap((s) => s.certs.map((cert) => ({ cert, source: s.id }))));
  const verdict = verifyChain({ sent: input.sent, anchors, host: input.host, now: input.now, policy: spec.policy });
  if (spec.broken) {
    const reason = `${spec.broken.variable}=${spec.broken.origin} cannot be loaded (${spec.broken.unavailable}), so every HTTPS request fails`;
    return {
      verdict: { ...verdict, trusted: false },
      report: {
        client: spec.client,
        label: spec.label,
        trusts: false,
        trustFrom,
        reason,
        fix: `Point ${spec.broken.variable} at an existing PEM bundle, or unset it. ${spec.fix}`,
      },
    };
  }
  const first = verdict.problems[0];
  const anchor = verdict.path[verdict.path.length - 1];
  const reason = first
    ? describeProblem(first, verdict.path, { host: input.host, stores: trustFrom, policy: spec.policy })
    : `chain ends at "${anchor?.name}" from ${storeLabel(spec.stores, anchor?.from)}`;
  const fix = !first
    ? undefined
    : isTrustProblem(first.kind)
      ? spec.fix
      : 'Fix the server certificate (see the TLS findings); no client setting can make this certificate acceptable.';
  return {
    verdict,
    report: { client: spec.client, label: spec.label, trusts: verdict.trusted, trustFrom, reason, ...(fix ? { fix } : {}) },
  };
}

function storeText(source: TrustSource): string {
  return source.origin && source.id !== 'node-bundled' ? `${source.label} (${source.origin})` : source.label;
}

function storeLabel(stores: readonly TrustSource[], id: string | undefined): string {
  return id === 'sent' ? 'the chain itself' : (stores.find((s) => s.id === id)?.label ?? String(id));
}

function clientSpecs(input: MatrixInput): ClientSpec[] {
  const { sources, env } = input;
  const get = (id: Parameters<TrustSources['get']>[0]) => sources.get(id);
  const bundled = get('node-bundled')!;
  const os = get('os')!;
  const pythonLevel = sources.python.securityLevel ?? 2;
  const bundle = caBundleCommand(input.url);
  const ctx = { env, sources };
  const specs: ClientSpec[] = [
    {
      client: 'node',
      label: 'Node.js / undici (default trust)',
      stores: [bundled],
      policy: NODE_POLICY,
      fix: `${bundle}, then export NODE_EXTRA_CA_CERTS=$PWD/ca-bundle.pem before starting the client (Node 22.15+: or --use-system-ca after adding the CA to the OS store).`,
    },
  ];
  const extra = env.NODE_EXTRA_CA_CERTS ? get('node-extra') : undefined;
  if (extra)
    specs.push({
      client: 'node-extra-ca',
      label: 'Node.js with the current NODE_EXTRA_CA_CERTS',
      stores: extra.unavailable ? [bundled] : [bundled, extra],
      policy: NODE_POLICY,
      fix: `Add the missing CA to ${extra.origin} (or ${bundle} and point NODE_EXTRA_CA_CERTS at it), then restart the client.`,
    });
  const user = get('user-ca');
  if (user)
    specs.push({
      client: 'node-configured',
      label: 'Node.js with the configured CA files',
      stores: [bundled, ...(extra && !extra.unavailable ? [extra] : []), user],
      policy: NODE_POLICY,
      fix: 'Add the missing CA certificate to the configured CA file.',
    });
  specs.push({
    client: 'vscode',
    label: 'VS Code extension host (http.systemCertificates)',
    stores: [bundled, os],
    policy: VSCODE_POLICY,
    fix: `Add the CA to the OS store: ${osTrustCommand('ca.pem', input.platform)}; keep "http.systemCertificates" on and restart VS Code (VS Code's fetch ignores NODE_EXTRA_CA_CERTS).`,
  });
  const python = { securityLevel: pythonLevel, cnFallback: true };
  specs.push(
    ruled(
      'python-httpx',
      `Python httpx${sources.python.httpx ? ` ${sources.python.httpx}` : ''} (MCP Python SDK)`,
      httpxStores(ctx, sources.python.httpx),
      { ...python, cnFallback: isModernHttpx(sources.python.httpx) },
      `${bundle}, then export SSL_CERT_FILE=$PWD/ca-bundle.pem`,
    ),
  );
  specs.push(
    ruled(
      'python-requests',
      'Python requests',
      requestsStores(ctx),
      { ...python, cnFallback: urllib3FallsBackToCn(sources.python.urllib3) },
      `${bundle}, then export REQUESTS_CA_BUNDLE=$PWD/ca-bundle.pem`,
    ),
  );
  specs.push(
    ruled(
      'python-ssl',
      'Python ssl / urllib (OpenSSL defaults)',
      pythonSslStores(ctx),
      python,
      `${bundle}, then export SSL_CERT_FILE=$PWD/ca-bundle.pem`,
    ),
  );
  specs.push(
    ruled(
      'curl',
      `curl${sources.curl?.version ? ` ${sources.curl.version}` : ''} / OpenSSL`,
      curlStores(ctx, sources.curl?.version),
      { securityLevel: input.systemSecurityLevel ?? 2, cnFallback: true },
      `${bundle}, then export CURL_CA_BUNDLE=$PWD/ca-bundle.pem (or add the CA to the OS store: ${osTrustCommand('ca.pem', input.platform)})`,
    ),
  );
  return specs;
}

function ruled(client: ClientId, label: string, choice: StoreChoice, policy: TrustPolicy, fix: string): ClientSpec {
  const broken = choice.broken ? { ...choice.broken.source, unavailable: choice.broken.why } : undefined;
  return {
    client,
    label,
    stores: choice.stores,
    policy,
    fix,
    ...(broken ? { broken } : {}),
    ...(choice.rule ? { rule: choice.rule } : {}),
  };
}
