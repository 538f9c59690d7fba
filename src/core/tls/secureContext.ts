import * as tls from 'node:tls';
import { pemBody } from './pem';

const MAX_CONTEXTS = 16;
const contexts = new Map<string, tls.SecureContext>();

/** Options `tls.createSecureContext` reads besides `ca`: any of them set means no sharing. */
const OTHER_CONTEXT_OPTIONS = [
  'cert',
  'key',
  'pfx',
  'passphrase',
  'ciphers',
  'minVersion',
  'maxVersion',
  'secureOptions',
  'secureProtocol',
  'ecdhCurve',
  'sigalgs',
  'crl',
  'dhparam',
  'honorCipherOrder',
  'privateKeyEngine',
  'privateKeyIdentifier',
  'clientCertEngine',
  'sessionIdContext',
  'ticketKeys',
  'sessionTimeout',
  'allowPartialTrustChain',
] as const;

/**
 * Adds a process-wide shared `secureContext` to options whose only context setting is a list of
 * PEM strings in `ca`; returns any other options unchanged.
 *
 * `tls.connect({ ca })` builds a fresh context per connection and parses every PEM into a new X509
 * store: with Node's ~145 bundled roots that costs tens of milliseconds per connection, which
 * dominated a diagnosis (a dozen connections). The shared context holds exactly the same trust.
 */
export function withSharedCaContext<T extends tls.ConnectionOptions>(options: T): T {
  const { ca } = options;
  if (options.secureContext || !Array.isArray(ca) || !ca.every((c) => typeof c === 'string')) return options;
  const record = options as Record<string, unknown>;
  if (OTHER_CONTEXT_OPTIONS.some((name) => record[name] !== undefined)) return options;
  return { ...options, secureContext: sharedContext(ca as string[]) };
}

const listIds = new WeakMap<readonly string[], string>();
const idsByContent = new Map<string, string>();

/**
 * A short key standing for a CA list's content, computed once per list instance: joining or
 * serialising ~145 PEMs (200 KB) on every request showed up in profiles.
 */
export function caListKey(ca: readonly string[]): string {
  let id = listIds.get(ca);
  if (id === undefined) {
    const content = ca.join('\n');
    id = idsByContent.get(content);
    if (id === undefined) {
      if (idsByContent.size >= MAX_CONTEXTS * 4) idsByContent.clear();
      id = `ca#${idsByContent.size}:${ca.length}:${content.length}`;
      idsByContent.set(content, id);
    }
    listIds.set(ca, id);
  }
  return id;
}

function sharedContext(ca: readonly string[]): tls.SecureContext {
  const key = caListKey(ca);
  let context = contexts.get(key);
  if (!context) {
    if (contexts.size >= MAX_CONTEXTS) contexts.clear();
    context = buildContext(ca);
    contexts.set(key, context);
  }
  return context;
}

/**
 * Node's bundled roots followed by extra CAs: the default context's root store plus the extras.
 * Parsing the ~145 root PEMs again cost 30-60 ms per process (a CLI run); Node's own parsed roots
 * come free. A context with its own added CA gets a fresh copy of the bundled roots only, never
 * this process's NODE_EXTRA_CA_CERTS; `--use-openssl-ca` / `--use-system-ca` change what the
 * default roots are, so then the list is parsed as given.
 */
function buildContext(ca: readonly string[]): tls.SecureContext {
  const roots = tls.rootCertificates;
  const extras = ca.length > roots.length && roots.every((pem, i) => ca[i] === pem) ? ca.slice(roots.length) : undefined;
  if (extras && defaultRootsAreBundled()) {
    try {
      const context = tls.createSecureContext();
      const native = context.context as { addCACert(pem: string): void };
      // The first added CA swaps in the fresh bundled-only store, so at least one is always added.
      const added = notBundled(extras);
      for (const pem of added.length ? added : extras.slice(0, 1)) native.addCACert(pem);
      return context;
    } catch {
      // an extra that native parsing refuses: let createSecureContext report it as before
    }
  }
  return tls.createSecureContext({ ca: [...ca] });
}

let bundledBodies: Set<string> | undefined;

/**
 * The extras that are not already bundled roots. A NODE_EXTRA_CA_CERTS pointing at the OS bundle
 * (common in containers) repeats ~120 of Node's own roots; adding each again cost ~0.4 ms apiece.
 */
function notBundled(extras: readonly string[]): string[] {
  bundledBodies ??= new Set(tls.rootCertificates.map(pemBody));
  return extras.filter((pem) => !bundledBodies!.has(pemBody(pem)));
}

function defaultRootsAreBundled(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return !flags.some((flag) => flag === '--use-openssl-ca' || flag === '--use-system-ca');
}
