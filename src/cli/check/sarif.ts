import type * as Sarif from 'sarif';
import { type Finding } from '../../core/findings/finding';
import { VERSION } from '../../core/version';
import { relativePath } from './describe';
import { type CheckOutcome } from './outcome';
import { type SourceLocation } from './targets';

const SCHEMA_URI = 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';
const LEVEL = { error: 'error', warning: 'warning' } as const;

/**
 * SARIF 2.1.0 for code scanning: one result per error or warning finding, located at the server's
 * entry in its mcp.json (the line of its key), and also at the proxy config lines the report ties
 * to that finding's code (`report.configLocations`, from `--proxy-config`).
 * Paths inside the working directory are relative to SRCROOT, so annotations land on the files
 * as the repository has them.
 */
export function renderSarif(outcomes: readonly CheckOutcome[], cwd: string): Sarif.Log {
  const rules = new Map<string, Sarif.ReportingDescriptor>();
  const results = outcomes.flatMap((o) => (o.report?.findings ?? []).flatMap((f) => resultsFor(o, f, cwd, rules)));
  const run: Sarif.Run = {
    tool: { driver: { name: 'mcp-doctor', version: VERSION, semanticVersion: VERSION, rules: [...rules.values()] } },
    originalUriBaseIds: { SRCROOT: { uri: fileUri(cwd.endsWith('/') ? cwd : `${cwd}/`) } },
    results,
    columnKind: 'utf16CodeUnits',
  };
  return { $schema: SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function resultsFor(o: CheckOutcome, f: Finding, cwd: string, rules: Map<string, Sarif.ReportingDescriptor>): Sarif.Result[] {
  if (f.severity !== 'error' && f.severity !== 'warning') return [];
  if (!rules.has(f.code))
    rules.set(f.code, { id: f.code, name: f.code, shortDescription: { text: f.title }, properties: { step: f.step } });
  const locations = [o.location, ...configLocations(o, f)].flatMap((loc) => (loc ? [physical(loc, cwd)] : []));
  return [
    {
      ruleId: f.code,
      ruleIndex: [...rules.keys()].indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: `MCP server "${o.name}" (${o.url}): ${f.title}. ${f.cause} Fix: ${f.fix}` },
      locations,
      partialFingerprints: { mcpServer: `${o.id}/${f.code}` },
      properties: { server: o.name, url: o.url, step: f.step },
    },
  ];
}

/** The proxy config lines the report ties to this finding (where to change it). */
function configLocations(o: CheckOutcome, f: Finding): SourceLocation[] {
  return (o.report?.configLocations ?? []).filter((l) => l.code === f.code).map((l) => ({ path: l.file, line: l.line, column: l.column }));
}

function physical(loc: SourceLocation, cwd: string): Sarif.Location {
  const relative = relativePath(loc.path, cwd);
  const artifactLocation: Sarif.ArtifactLocation =
    relative === loc.path
      ? { uri: fileUri(loc.path) }
      : { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  return { physicalLocation: { artifactLocation, region: { startLine: loc.line, startColumn: loc.column } } };
}

function fileUri(path: string): string {
  const posix = path.replace(/\\/g, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${posix.split('/').map(encodeURIComponent).join('/')}`;
}
