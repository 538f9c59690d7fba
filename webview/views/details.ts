import type { DiagnosisReport } from '../../src/shared/protocol';
import { type Child, h } from '../dom';
import { duration, humanKey } from '../format';
import { asArray, asBoolean, asNumber, asRecord, displayValue, field, type Rec, recordField, scalarEntries, stringField } from '../model/read';
import { badge, dataTable, keyValueTable, section, toneMark } from './common';

const ERA: Readonly<Record<string, string>> = {
  'legacy-sse': 'Legacy HTTP+SSE (2024-11-05)',
  streamable: 'Streamable HTTP with sessions (2025-03-26 to 2025-11-25)',
  stateless: 'Stateless Streamable HTTP (2026-07-28 and later)',
};

/** The MCP protocol facts: era, version, session, tools, and every exchange the probe made. */
export function mcpSection(report: DiagnosisReport): HTMLElement | null {
  const mcp = asRecord(report.mcp);
  if (!mcp) return null;
  const tools = toolNames(field(mcp, 'tools'));
  const count = asNumber(field(mcp, 'toolCount')) ?? tools.length;
  return section(
    'mcp',
    'MCP protocol',
    keyValueTable(mcpFacts(mcp)),
    h('div', { attrs: { 'data-testid': 'mcp-tools' } }, h('h3', {}, `Tools (${count})`), tools.length ? h('p', { class: 'badges' }, tools.map((tool) => badge(tool))) : h('p', {}, 'No tools listed.')),
    exchangesTable(asArray(field(mcp, 'exchanges'))),
  );
}

function mcpFacts(mcp: Rec): [string, Child][] {
  const rows: [string, Child][] = [];
  const add = (label: string, value: Child | undefined): void => {
    if (value !== undefined && value !== '') rows.push([label, value]);
  };
  const reached = asBoolean(field(mcp, 'reached'));
  if (reached !== undefined) add('MCP server answered', reached ? toneMark('ok', 'yes') : toneMark('error', 'no'));
  add('Endpoint probed', code(stringField(mcp, 'endpoint')));
  if (stringField(mcp, 'configuredUrl') !== stringField(mcp, 'endpoint')) add('Configured URL', code(stringField(mcp, 'configuredUrl')));
  const corrected = stringField(mcp, 'correctedUrl');
  if (corrected) add('Corrected URL', h('span', {}, code(corrected), ' ', correctedMark(asBoolean(field(mcp, 'correctedWorks')))));
  const era = stringField(mcp, 'era');
  if (era) add('Transport', ERA[era] ?? era);
  add('Protocol version', code(stringField(mcp, 'protocolVersion')));
  const server = recordField(mcp, 'serverInfo');
  if (server) add('Server', [stringField(server, 'name'), stringField(server, 'version')].filter(Boolean).join(' '));
  const legacy = stringField(mcp, 'legacyEndpoint');
  if (legacy) add('Legacy POST endpoint', code(legacy));
  const session = recordField(mcp, 'session');
  if (session) add('Session', scalarEntries(session).map(([key, value]) => `${humanKey(key)}: ${displayValue(value)}`).join(' · '));
  const compare = recordField(mcp, 'compare');
  if (compare) add('Compared with', h('span', {}, code(stringField(compare, 'url')), ' ', stringField(compare, 'summary') ?? ''));
  return rows;
}

function correctedMark(works: boolean | undefined): HTMLElement {
  if (works === undefined) return toneMark('skipped', 'not tried');
  return works ? toneMark('ok', 'answers MCP') : toneMark('error', 'also fails (see the findings)');
}

function exchangesTable(exchanges: readonly unknown[]): HTMLElement | null {
  const rows = exchanges.map(asRecord).filter((row): row is Rec => row !== undefined);
  if (rows.length === 0) return null;
  return h(
    'details',
    { class: 'exchanges' },
    h('summary', {}, `HTTP exchanges (${rows.length})`),
    dataTable(
      ['What', 'Request', 'Status', 'Content type', 'Time'],
      rows.map((row) => [
        stringField(row, 'label') ?? '',
        code(`${stringField(row, 'method') ?? ''} ${stringField(row, 'url') ?? ''}`),
        statusText(row),
        stringField(row, 'contentType') ?? '',
        duration(asNumber(field(row, 'durationMs')) ?? NaN),
      ]),
    ),
  );
}

/** "200", or "no answer (ECONNRESET)". */
export function statusText(row: Rec): string {
  const status = asNumber(field(row, 'status'));
  const error = stringField(row, 'errorCode');
  if (!status) return error ? `no answer (${error})` : 'no answer';
  const ended = stringField(row, 'endedBy');
  return ended ? `${status} (body ${ended})` : String(status);
}

function toolNames(value: unknown): string[] {
  return asArray(value)
    .map((tool) => (typeof tool === 'string' ? tool : displayValue(field(asRecord(tool), 'name') ?? tool)))
    .filter(Boolean);
}

function code(value: string | undefined): HTMLElement | undefined {
  return value ? h('code', {}, value) : undefined;
}
