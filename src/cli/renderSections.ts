import { type AuthReport } from '../core/auth/types';
import { type RedirectHop } from '../core/http/types';
import { relativeTime } from '../core/jwt/duration';
import { type McpReport } from '../core/mcp/types';
import { type CertificateInfo, type ChainLink, type ClientTrustReport, type TlsReport } from '../core/tls/types';
import { type Style } from './style';
import { terminalSafe as t } from './text';

/** The certificate chain as built, leaf first, and the per-client trust matrix. */
export function tlsLines(tls: TlsReport | undefined, style: Style): string[] {
  if (!tls) return [];
  const lines = [style.bold(`TLS ${tls.protocol ?? ''}`.trimEnd() + (tls.trusted ? '' : ' (not trusted by this client)'))];
  for (const cert of tls.chain ?? tls.sent ?? []) {
    const role = isLink(cert) ? `${cert.role}${cert.from === 'sent' ? '' : `, from ${cert.from}`}` : 'sent';
    const expiry = cert.daysLeft < 0 ? style.severity('error', `expired ${-cert.daysLeft} days ago`) : `${cert.daysLeft} days left`;
    lines.push(`  ${t(cert.name)} ${style.dim(`(${t(role)}; ${expiry}; ${cert.fingerprint256.slice(0, 23)}…)`)}`);
  }
  const confirming = (tls.clients ?? []).some((c) => c.confirmed);
  for (const client of tls.clients ?? []) {
    const mark = client.trusts ? style.severity('ok', '✓') : style.severity('error', '✗');
    const how = confirming ? ` ${confirmationText(client, style)}` : '';
    lines.push(`  ${mark} ${client.label}:${how} ${style.dim(t(client.trusts ? client.trustFrom : client.reason))}`);
  }
  return [...lines, ''];
}

/** [confirmed], [predicted], or what the real client did when it disagreed. */
function confirmationText(client: ClientTrustReport, style: Style): string {
  const c = client.confirmed;
  if (!c) return style.dim('[predicted]');
  if (c.agrees === true) return style.severity('ok', `[confirmed: ${t(c.program)}, ${t(c.detail)}]`);
  if (c.agrees === false)
    return style.severity(
      'error',
      `[WRONG: the real ${t(c.program)} ${c.outcome === 'trusted' ? 'trusts it' : 'rejects it'}, ${t(c.detail)}]`,
    );
  return style.dim(`[predicted; ${t(c.program)} inconclusive: ${t(c.detail)}]`);
}

/** The redirect hops, with what changed at each. */
export function redirectLines(hops: readonly RedirectHop[] | undefined, style: Style): string[] {
  if (!hops?.length) return [];
  const lines = [style.bold('Redirects')];
  for (const hop of hops) {
    const to = hop.location ? ` → ${t(hop.location)}` : '';
    const changed = hop.changed?.length ? style.dim(` (${hop.changed.join(', ')} changed)`) : '';
    const answer = hop.status ? String(hop.status) : `failed: ${t(hop.errorCode ?? 'UNKNOWN')}${hop.error ? ` (${t(hop.error)})` : ''}`;
    lines.push(`  ${hop.method} ${t(hop.url)} ${answer}${to}${changed}`);
  }
  return [...lines, ''];
}

/** Which MCP era answered, at which URL, with which tools. */
export function mcpLines(mcp: McpReport | undefined, style: Style): string[] {
  if (!mcp?.reached) return [];
  const version = mcp.protocolVersion ? ` ${t(mcp.protocolVersion)}` : '';
  const server = mcp.serverInfo?.name ? `, server ${t(mcp.serverInfo.name)}` : '';
  const lines = [style.bold('MCP'), `  ${t(mcp.endpoint)}: ${mcp.era ?? 'unknown era'}${version}${server}`];
  if (mcp.tools) lines.push(`  ${mcp.toolCount ?? mcp.tools.length} tools: ${mcp.tools.map(t).join(', ')}`);
  return [...lines, ''];
}

/** The token as checked: verification, audience, issuer, scopes, expiry. Never the token. */
export function tokenLines(auth: AuthReport | undefined, style: Style, now: number): string[] {
  const token = auth?.token;
  if (!token) return [];
  const verified = token.verified
    ? `signature verified (${t(token.verified.alg)}, kid ${t(token.verified.kid ?? '-')}${token.verified.jwksUrl ? `, ${t(token.verified.jwksUrl)}` : ''})`
    : 'signature NOT verified';
  const claim = (name: string) => (typeof token.claims?.[name] === 'string' ? t(String(token.claims[name])) : '-');
  const match = (ok: boolean | undefined) =>
    ok === undefined ? 'not checked' : ok ? 'matches' : style.severity('error', 'does not match');
  const lines = [style.bold('Token'), `  ${token.verified ? style.severity('ok', verified) : style.severity('error', verified)}`];
  lines.push(`  iss ${claim('iss')} (${match(token.issuerMatch)}); aud ${audience(token.claims?.aud)} (${match(token.audienceMatch)})`);
  lines.push(
    `  scopes granted: ${token.scopesGranted.map(t).join(' ') || '(none)'}; required: ${token.scopesRequired.map(t).join(' ') || '(none)'}`,
  );
  if (token.expiresAt) lines.push(`  expires ${t(token.expiresAt)} (${relativeTime(Date.parse(token.expiresAt), now)})`);
  return [...lines, ''];
}

function isLink(cert: CertificateInfo | ChainLink): cert is ChainLink {
  return 'role' in cert;
}

function audience(aud: unknown): string {
  if (Array.isArray(aud)) return aud.map((a) => t(String(a))).join(', ');
  return typeof aud === 'string' ? t(aud) : '-';
}
