/**
 * Wording for "get the root, then build the bundle" that never names a command that will refuse:
 * `mcp-doctor ca-bundle URL` refuses when the chain's root is neither sent by the server nor in any
 * store on this machine (src/core/tls/caBundle.ts `missing`), so then the fix says where to get the
 * root and passes it with --ca. Evidence: `knownCa` (src/core/tls/knownCas.ts), `rootAvailable`, `root`, `url`.
 */
import { type Evidence } from '../types';
import { ev } from '../text';

export const BUNDLE = 'mcp-doctor ca-bundle --out ca-bundle.pem';

interface KnownCaEvidence {
  readonly product?: string;
  readonly kind?: string;
  readonly matched?: string;
  readonly rootLocation?: string;
  readonly trustCommand?: string;
  readonly rootFile?: string;
  readonly serverFix?: string;
}

export function knownCaOf(e: Evidence): KnownCaEvidence | undefined {
  const known = e.knownCa;
  return known && typeof known === 'object' ? (known as KnownCaEvidence) : undefined;
}

/** The server serves a placeholder certificate (Traefik default, ingress-nginx fake): trusting it is not the fix. */
export function isPlaceholder(e: Evidence): boolean {
  return knownCaOf(e)?.kind === 'placeholder';
}

/** "This is Caddy's local CA (tls internal) ("Caddy Local Authority - 2026 ECC Root")." for the cause. */
export function knownCaCause(e: Evidence): string {
  const known = knownCaOf(e);
  if (!known) return '';
  if (known.kind === 'placeholder')
    return ` This is ${known.product} ("${known.matched}"): the server has no real certificate for this host.`;
  if (known.kind === 'inspection-ca')
    return ` "${known.matched}" is the CA of ${known.product}: a proxy on your network re-signs every site with it.`;
  return ` This is ${known.product} ("${known.matched}"); its root is ${known.rootLocation}.`;
}

/** The `ca-bundle` command for this situation, preceded by where to get the root when the command needs it. */
export function bundleStep(e: Evidence): string {
  const url = e.url ? ` ${ev(e, 'url')}` : '';
  if (e.rootAvailable === true) return `run \`${BUNDLE}${url}\``;
  const known = knownCaOf(e);
  const where =
    known?.rootLocation ??
    `"${ev(e, 'root', 'the root CA')}": from whoever runs the server or its CA (your private CA's ca.crt; a corporate TLS-inspection root: ask IT, or export it from the OS store)`;
  const also = known?.trustCommand ? ` (${known.trustCommand})` : '';
  return `get the root certificate (PEM), which the server does not send and this machine does not have: ${where}${also}; then run \`${BUNDLE} --ca ${known?.rootFile ?? 'ROOT.pem'}${url}\``;
}

/** For a placeholder certificate: what to change on the server. */
export function placeholderFix(e: Evidence): string {
  const known = knownCaOf(e);
  return `Do not trust this certificate (it is regenerated and means "no certificate configured"): ${known?.serverFix ?? 'configure a real certificate for this host on the server'}.`;
}
