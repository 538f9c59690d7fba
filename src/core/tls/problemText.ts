import { type ChainLink, type ChainProblem, type ChainProblemKind } from './types';
import { type TrustPolicy } from './verifyPath';

/** Problems a client-side trust setting can fix (as opposed to a bad certificate). */
export function isTrustProblem(kind: ChainProblemKind): boolean {
  return kind === 'self-signed' || kind === 'untrusted-root' || kind === 'issuer-unknown';
}

/** "leaf "localhost"" / "intermediate "Acme CA"": names the certificate at fault. */
export function certLabel(link: ChainLink | undefined): string {
  return link ? `${link.role} "${link.name}"` : 'the certificate';
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** One sentence saying why a client rejects the chain, naming the certificate at fault. */
export function describeProblem(
  problem: ChainProblem,
  path: readonly ChainLink[],
  context: { host: string; stores: string; policy: TrustPolicy },
): string {
  const link = path[problem.at];
  const cert = certLabel(link);
  switch (problem.kind) {
    case 'self-signed':
      return `${cert} is self-signed and not in ${context.stores}`;
    case 'untrusted-root':
      return `root "${link?.name}" (sent by the server) is not in ${context.stores}`;
    case 'issuer-unknown':
      return `"${link?.issuerName}", the issuer of ${cert}, is neither sent by the server nor in ${context.stores}`;
    case 'expired':
      return `${cert} expired on ${day(link?.notAfter ?? '')}`;
    case 'not-yet-valid':
      return `${cert} is not valid before ${day(link?.notBefore ?? '')}`;
    case 'hostname-mismatch':
      return hostnameText(context.host, path[0], context.policy);
    case 'weak-key':
      return `${cert} has a ${problem.detail} key, below OpenSSL security level ${context.policy.securityLevel}`;
    case 'weak-signature':
      return `${cert} is signed with ${problem.detail}, which OpenSSL 3 refuses`;
    case 'not-a-ca':
      return `${cert} is used as a CA but is not one (basicConstraints CA:true missing)`;
    case 'path-length':
      return `${cert} allows fewer CAs below it (${problem.detail}) than the chain has`;
    case 'ca-without-key-cert-sign':
      return `${cert} is a CA certificate without the keyCertSign key usage (${problem.detail}): OpenSSL accepts it, Chromium's verifier does not`;
    case 'wrong-purpose':
      return `${cert} is not allowed for TLS server authentication (${problem.detail})`;
  }
}

function hostnameText(host: string, leaf: ChainLink | undefined, policy: TrustPolicy): string {
  const names = leaf?.sans.length ? leaf.sans.join(', ') : `no subjectAltName, CN=${leaf?.name}`;
  const noCn =
    !policy.cnFallback && leaf && !leaf.sans.some((s) => s.startsWith('DNS:')) ? ' (this client never falls back to the CN)' : '';
  return `"${host}" is not among the leaf's names (${names})${noCn}`;
}
