import type { DiagnosisReport, McpReport } from '../../src/shared/protocol';
import { type Child, h } from '../dom';
import { duration, humanKey } from '../format';
import { badge, dataTable, keyValueTable, section, toneMark } from './common';

const ERA: Readonly<Record<string, string>> = {
  'legacy-sse': 'Legacy HTTP+SSE (2024-11-05)',
  streamable: 'Streamable HTTP with sessions (2025-03-26 to 2025-11-25)',
  stateless: 'Stateless Streamable HTTP (2026-07-28 and later)',
};

/** The MCP protocol facts: era, version, session, tools, and every exchange the probe made. */
export function mcpSection(report: DiagnosisReport): HTMLElement | null {
  const mcp = report.mcp;
  if (!mcp) return null;
  const tools = mcp.tools ?? [];
  const count = mcp.toolCount ?? tools.length;
  return section(
    'mcp',
    'MCP protocol',
    keyValueTable(mcpFacts(mcp)),
    h(
      'div',
      { attrs: { 'data-testid': 'mcp-tools' } },
      h('h3', {}, `Tools (${count})`),
      tools.length
        ? h(
            'p',
            { class: 'badges' },
            tools.map((tool) => badge(tool)),
          )
        : h('p', {}, 'No tools listed.'),
    ),
    exchangesTable(mcp.exchanges ?? []),
  );
}

function mcpFacts(mcp: McpReport): [string, Child][] {
  const rows: [string, Child][] = [];
  const add = (label: string, value: Child | undefined): void => {
    if (value !== undefined && value !== '') rows.push([label, value]);
  };
  add('MCP server answered', mcp.reached ? toneMark('ok', 'yes') : toneMark('error', 'no'));
  add('Endpoint probed', code(mcp.endpoint));
  if (mcp.configuredUrl !== mcp.endpoint) add('Configured URL', code(mcp.configuredUrl));
  if (mcp.correctedUrl) add('Corrected URL', h('span', {}, code(mcp.correctedUrl), ' ', correctedMark(mcp.correctedWorks)));
  if (mcp.era) add('Transport', ERA[mcp.era] ?? mcp.era);
  add('Protocol version', code(mcp.protocolVersion));
  if (mcp.serverInfo) add('Server', [mcp.serverInfo.name, mcp.serverInfo.version].filter(Boolean).join(' '));
  if (mcp.legacyEndpoint) add('Legacy POST endpoint', code(mcp.legacyEndpoint));
  if (mcp.session)
    add(
      'Session',
      Object.entries(mcp.session)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${humanKey(key)}: ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}`)
        .join(' · '),
    );
  if (mcp.compare) add('Compared with', h('span', {}, code(mcp.compare.url), ' ', mcp.compare.summary));
  return rows;
}

function correctedMark(works: boolean | undefined): HTMLElement {
  if (works === undefined) return toneMark('skipped', 'not tried');
  return works ? toneMark('ok', 'answers MCP') : toneMark('error', 'also fails (see the findings)');
}

function exchangesTable(rows: McpReport['exchanges']): HTMLElement | null {
  if (rows.length === 0) return null;
  return h(
    'details',
    { class: 'exchanges' },
    h('summary', {}, `HTTP exchanges (${rows.length})`),
    dataTable(
      ['What', 'Request', 'Status', 'Content type', 'Time'],
      rows.map((row) => [row.label, code(`${row.method} ${row.url}`), statusText(row), row.contentType ?? '', duration(row.durationMs)]),
    ),
  );
}

/** "200", or "no answer (ECONNRESET)". */
export function statusText(row: { readonly status?: number; readonly errorCode?: string; readonly endedBy?: string }): string {
  if (!row.status) return row.errorCode ? `no answer (${row.errorCode})` : 'no answer';
  return row.endedBy ? `${row.status} (body ${row.endedBy})` : String(row.status);
}

function code(value: string | undefined): HTMLElement | undefined {
  return value ? h('code', {}, value) : undefined;
}
