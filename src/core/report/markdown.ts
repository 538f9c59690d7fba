import { type DiagnosisReport } from '../diagnose/report';
import { type Finding } from '../findings/finding';
import { redactDeep, type RedactOptions } from '../redact/deep';
import { type ClientTrustReport } from '../tls/types';
import { type PanelContext, type SignInFlow } from '../../shared/protocol';
import { flowSequenceMarkdown } from './flowMarkdown';
import { evidenceRows, type EvidenceValue } from './evidenceLayout';
import { code, codeCell, fenced, mdCell, mdText } from './mdText';

/**
 * The report as Markdown, verdict first, for tickets, chats and CI logs. Server-provided text is
 * escaped so it cannot become HTML, links or images where the Markdown is rendered, and the whole
 * report passes through redaction first (known secrets and anything token-shaped).
 */
export function renderMarkdownReport(
  input: DiagnosisReport,
  context: PanelContext = {},
  options: RedactOptions = {},
  signIn?: SignInFlow,
): string {
  const report = redactDeep(input, options);
  const flow = signIn && redactDeep(signIn, { ...options, scanTokens: false });
  const ctx = redactDeep({ serverName: context.serverName, source: context.source }, options);
  const out: string[] = [`# MCP Doctor report${ctx.serverName ? `: ${mdText(ctx.serverName)}` : ''}`, ''];
  out.push(`- Target: ${code(report.target)}${ctx.source ? ` (from ${code(ctx.source)})` : ''}`);
  out.push(
    `- Diagnosed: ${report.startedAt} in ${report.durationMs} ms by ${report.tool?.name ?? 'mcp-doctor'} ${report.tool?.version ?? ''}${report.cancelled ? ' (cancelled)' : ''}`,
    '',
  );
  out.push('## Verdict', '', `**${(report.verdict?.severity ?? 'info').toUpperCase()}**: ${mdText(report.verdict?.summary ?? '')}`);
  if (report.verdict?.fix) out.push('', '**Fix:**', '', fenced(report.verdict.fix, 'text'));
  out.push('', ...stepsTable(report), '', ...findingsBlock(report.findings ?? []));
  if (flow) out.push('', '## Sign-in flow', '', ...flowSequenceMarkdown(flow.report, flow.findings, 3));
  out.push(...tlsBlock(report), ...redirectsBlock(report), ...mcpBlock(report), ...tokenBlock(report), ...configLocationsBlock(report));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function stepsTable(report: DiagnosisReport): string[] {
  const rows = (report.steps ?? []).map(
    (s) => `| ${mdCell(s.name)} | ${mdCell(s.status)} | ${s.status === 'skipped' ? '' : `${s.durationMs} ms`} | ${mdCell(s.note ?? '')} |`,
  );
  return ['## Steps', '', '| Step | Status | Time | Note |', '| --- | --- | --- | --- |', ...rows];
}

function findingsBlock(findings: readonly Finding[]): string[] {
  const out = ['## Findings', ''];
  if (findings.length === 0) out.push('None.');
  const steps = [...new Set(findings.map((f) => f.step))];
  for (const step of steps) {
    out.push(`### ${mdText(step)}`, '');
    for (const f of findings.filter((item) => item.step === step)) {
      out.push(`#### ${f.severity.toUpperCase()} ${code(f.code)}: ${mdText(f.title)}`, '', `**Cause:** ${mdText(f.cause)}`, '');
      if (f.fix) out.push('**Fix:**', '', fenced(f.fix, 'text'), '');
      out.push(...evidenceBlock(f.evidence));
    }
  }
  return out;
}

/** Evidence as tables (lists of records get a table of their own), never a JSON dump. */
function evidenceBlock(evidence: Finding['evidence'] | undefined): string[] {
  const rows = evidence ? evidenceRows(evidence) : [];
  if (rows.length === 0) return [];
  const simple = rows.filter((row) => row.value.kind !== 'table');
  const out = ['<details><summary>Evidence</summary>', ''];
  if (simple.length)
    out.push('| Evidence | Value |', '| --- | --- |', ...simple.map((row) => `| ${mdCell(row.label)} | ${evidenceCell(row.value)} |`), '');
  for (const row of rows) {
    if (row.value.kind !== 'table') continue;
    const { columns, rows: records, more } = row.value;
    out.push(
      `**${mdText(row.label)}**`,
      '',
      `| ${columns.map((c) => mdCell(c.label)).join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
    );
    out.push(...records.map((cells) => `| ${cells.map((cell) => (cell ? codeCell(cell) : '')).join(' | ')} |`), '');
    if (more > 0) out.push(`and ${more} more`, '');
  }
  out.push('</details>', '');
  return out;
}

function evidenceCell(value: EvidenceValue): string {
  if (value.kind === 'text') return codeCell(value.text);
  if (value.kind === 'list') return [...value.items.map(codeCell), ...(value.more > 0 ? [`and ${value.more} more`] : [])].join(', ');
  return '';
}

function tlsBlock(report: DiagnosisReport): string[] {
  const tls = report.tls;
  if (!tls || typeof tls !== 'object') return [];
  const out = ['', '## Certificate chain and trust', ''];
  out.push(
    `- Protocol: ${mdText(tls.protocol ?? '?')}${tls.cipher ? `, ${mdText(tls.cipher)}` : ''}; trusted by this run: ${tls.trusted ? 'yes' : 'no'}${tls.authorizationError ? ` (${code(tls.authorizationError)})` : ''}`,
  );
  const chain = tls.chain ?? tls.sent ?? [];
  if (chain.length) {
    out.push('', '| # | Certificate | Issued by | Valid until | Key | SHA-256 |', '| --- | --- | --- | --- | --- | --- |');
    chain.forEach((cert, i) => {
      const role = 'role' in cert ? ` (${cert.role})` : '';
      out.push(
        `| ${i} | ${mdCell(cert.name || cert.subject)}${role} | ${mdCell(cert.issuerName || cert.issuer)} | ${mdCell(cert.notAfter)} (${cert.daysLeft} days) | ${mdCell(`${cert.keyType}${cert.keyBits ? ` ${cert.keyBits}` : ''}`)} | ${codeCell(cert.fingerprint256)} |`,
      );
    });
  }
  if (tls.clients?.length) {
    out.push('', '| Client | Trusts the server? | Why | Fix |', '| --- | --- | --- | --- |');
    for (const c of tls.clients)
      out.push(
        `| ${mdCell(c.label)} | ${c.trusts ? 'yes' : '**no**'}${confirmationCell(c)} | ${mdCell(c.reason)} | ${c.fix ? codeCell(c.fix) : ''} |`,
      );
  }
  return out;
}

/** " (confirmed: curl …, exit 60)" when --confirm-clients ran that client; nothing for a prediction. */
function confirmationCell(client: ClientTrustReport): string {
  const c = client.confirmed;
  if (!c) return '';
  const verdict = c.agrees === true ? 'confirmed' : c.agrees === false ? '**prediction wrong**' : 'inconclusive';
  return ` (${verdict}: ${mdCell(`${c.program}, ${c.detail}`)})`;
}

function redirectsBlock(report: DiagnosisReport): string[] {
  const hops = report.redirects ?? [];
  if (!hops.some((hop) => hop.location)) return [];
  const out = ['', '## Redirects', '', '| # | Request | Status | Goes to | Changed |', '| --- | --- | --- | --- | --- |'];
  hops.forEach((hop, i) => {
    const status = hop.status || `no answer (${hop.errorCode ?? 'UNKNOWN'}${hop.error ? `: ${hop.error}` : ''})`;
    out.push(
      `| ${i + 1} | ${codeCell(`${hop.method} ${hop.url}`)} | ${mdCell(String(status))} | ${(hop.nextUrl ?? hop.location) ? codeCell(hop.nextUrl ?? hop.location ?? '') : ''} | ${mdCell((hop.changed ?? []).join(', '))} |`,
    );
  });
  return out;
}

/** "Where to change it": the proxy config lines the findings point at (`--proxy-config`). */
function configLocationsBlock(report: DiagnosisReport): string[] {
  const locations = report.configLocations ?? [];
  if (locations.length === 0) return [];
  const out = ['', '## Where to change it', '', '| Where | Directive | Finding | Change |', '| --- | --- | --- | --- |'];
  for (const l of locations)
    out.push(`| ${codeCell(`${l.file}:${l.line}`)} | ${codeCell(l.directive)} | ${codeCell(l.code)} | ${mdCell(l.change)} |`);
  return out;
}

function mcpBlock(report: DiagnosisReport): string[] {
  const mcp = report.mcp;
  if (!mcp || typeof mcp !== 'object') return [];
  const out = ['', '## MCP', ''];
  out.push(
    `- Endpoint: ${code(mcp.endpoint ?? report.target)}; answered: ${mcp.reached ? 'yes' : 'no'}${mcp.era ? `; transport ${mdText(mcp.era)}` : ''}${mcp.protocolVersion ? `; protocol ${mdText(mcp.protocolVersion)}` : ''}`,
  );
  if (mcp.correctedUrl) out.push(`- Corrected URL: ${code(mcp.correctedUrl)}${mcp.correctedWorks ? ' (works)' : ''}`);
  if (mcp.tools?.length || mcp.toolCount !== undefined)
    out.push(`- Tools (${mcp.toolCount ?? mcp.tools?.length ?? 0}): ${(mcp.tools ?? []).map((t) => code(t)).join(', ')}`);
  return out;
}

function tokenBlock(report: DiagnosisReport): string[] {
  const token = report.auth?.token;
  if (!token) return [];
  const out = ['', '## Access token', ''];
  out.push(`- Kind: ${mdText(token.kind)}, ${token.length} characters, fingerprint ${code(token.fingerprint)}`);
  out.push(
    token.verified
      ? `- Signature: verified with key ${code(token.verified.kid ?? '(no kid)')}, ${code(token.verified.alg)}${token.verified.jwksUrl ? ` from ${code(token.verified.jwksUrl)}` : ''}`
      : '- Signature: **not verified**',
  );
  if (token.issuerMatch !== undefined) out.push(`- Issuer matches: ${token.issuerMatch ? 'yes' : '**no**'}`);
  if (token.audienceMatch !== undefined) out.push(`- Audience matches: ${token.audienceMatch ? 'yes' : '**no**'}`);
  if (token.scopesRequired?.length || token.scopesGranted?.length) {
    const missing = (token.scopesRequired ?? []).filter((s) => !(token.scopesGranted ?? []).includes(s));
    out.push(
      `- Scopes granted: ${(token.scopesGranted ?? []).map((s) => code(s)).join(' ') || 'none'}; required: ${(token.scopesRequired ?? []).map((s) => code(s)).join(' ') || 'none'}${missing.length ? `; **missing** ${missing.map((s) => code(s)).join(' ')}` : ''}`,
    );
  }
  if (token.claims) {
    out.push('', '| Claim | Value |', '| --- | --- |');
    for (const [name, value] of Object.entries(token.claims)) out.push(`| ${codeCell(name)} | ${mdCell(claimText(name, value))} |`);
  }
  return out;
}

function claimText(name: string, value: unknown): string {
  if ((name === 'exp' || name === 'nbf' || name === 'iat') && typeof value === 'number' && Number.isFinite(value)) {
    return `${new Date(value * 1000).toISOString()} (${value})`;
  }
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
