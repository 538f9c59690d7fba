import { type DiagnosisReport } from '../../core/diagnose/report';
import { type Finding } from '../../core/findings/finding';
import { redactDeep, type RedactOptions } from '../../core/redact/deep';

/** Context printed in the report header. */
export interface MarkdownContext {
  readonly serverName?: string;
  readonly source?: string;
}

/** A report with every secret redacted (known secrets and anything token-shaped). */
export function redactReport(report: DiagnosisReport, options: RedactOptions = {}): DiagnosisReport {
  return redactDeep(report, options);
}

/** The JSON export: the `--json` schema, redacted. */
export function reportJson(report: DiagnosisReport, options: RedactOptions = {}): string {
  return `${JSON.stringify(redactReport(report, options), null, 2)}\n`;
}

/** A readable Markdown report (verdict first), redacted; for sharing in tickets and chats. */
export function reportMarkdown(input: DiagnosisReport, context: MarkdownContext = {}, options: RedactOptions = {}): string {
  const report = redactReport(input, options);
  const ctx = redactDeep(context, options);
  const out: string[] = [`# MCP Doctor report${ctx.serverName ? `: ${escapeMd(ctx.serverName)}` : ''}`, ''];
  out.push(`- Target: \`${code(report.target)}\``);
  if (ctx.source) out.push(`- Configured in: \`${code(ctx.source)}\``);
  out.push(`- Run: ${report.startedAt} (${report.durationMs} ms), ${report.tool.name} ${report.tool.version}${report.cancelled ? ' — **cancelled**' : ''}`, '');
  out.push('## Verdict', '', `**${report.verdict.severity.toUpperCase()}**: ${escapeMd(report.verdict.summary)}`);
  if (report.verdict.fix) out.push('', `**Fix:** ${escapeMd(report.verdict.fix)}`);
  out.push('', '## Steps', '', '| Step | Status | Time | Note |', '| --- | --- | --- | --- |');
  for (const s of report.steps) out.push(`| ${s.name} | ${s.status} | ${s.durationMs} ms | ${cell(s.note ?? '')} |`);
  out.push('', '## Findings', '');
  if (report.findings.length === 0) out.push('None.');
  for (const f of report.findings) out.push(...findingBlock(f));
  out.push(...sections(report));
  return `${out.join('\n')}\n`;
}

function findingBlock(f: Finding): string[] {
  const lines = [`### ${f.severity.toUpperCase()} ${f.code} — ${escapeMd(f.title)}`, '', `*Step:* ${f.step}`, '', `*Cause:* ${escapeMd(f.cause)}`, '', `*Fix:* ${escapeMd(f.fix)}`, ''];
  if (Object.keys(f.evidence).length > 0) lines.push('<details><summary>Evidence</summary>', '', fence(JSON.stringify(f.evidence, null, 2)), '', '</details>', '');
  return lines;
}

function sections(report: DiagnosisReport): string[] {
  const out: string[] = [];
  const tls = report.tls;
  if (tls) {
    out.push('', '## TLS', '', `- Protocol: ${tls.protocol ?? '?'}; trusted by the configured client trust: ${tls.trusted ? 'yes' : 'no'}`);
    for (const [i, c] of (tls.chain ?? tls.sent ?? []).entries()) {
      out.push(`- [${i}] ${escapeMd(c.name || c.subject)} — issued by ${escapeMd(c.issuerName || c.issuer)}, valid until ${c.notAfter}, SHA-256 ${c.fingerprint256}`);
    }
    for (const client of tls.clients ?? []) out.push(`- ${escapeMd(client.label)}: ${client.trusts ? 'trusts' : `does not trust — ${escapeMd(client.reason)}`}`);
  }
  if (report.redirects?.length) {
    out.push('', '## Requests and redirects', '');
    for (const hop of report.redirects) out.push(`- ${hop.method} \`${code(hop.url)}\` → ${hop.status || hop.errorCode || 'no response'}${hop.nextUrl ? ` → \`${code(hop.nextUrl)}\`` : ''}${hop.changed?.length ? ` (changed: ${hop.changed.join(', ')})` : ''}`);
  }
  if (report.mcp) {
    const m = report.mcp;
    out.push('', '## MCP', '', `- Endpoint: \`${code(m.endpoint)}\`; reached: ${m.reached ? 'yes' : 'no'}${m.era ? `; transport: ${m.era}` : ''}${m.protocolVersion ? `; protocol ${m.protocolVersion}` : ''}`);
    if (m.toolCount !== undefined) out.push(`- Tools: ${m.toolCount}${m.tools?.length ? ` (${m.tools.slice(0, 20).map(escapeMd).join(', ')})` : ''}`);
  }
  if (report.auth) out.push('', '## Authorization', '', fence(JSON.stringify(report.auth, null, 2)));
  return out;
}

/** Markdown-inert text: no HTML, links or emphasis from server-provided strings. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

function cell(text: string): string {
  return escapeMd(text).replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return text.replace(/`/g, "'");
}

function fence(text: string): string {
  return `\`\`\`json\n${text.replace(/```/g, '`\u200b``')}\n\`\`\``;
}
