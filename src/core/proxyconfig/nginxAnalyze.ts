import { X509Certificate } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import { directiveText, effective, proxyHeader, seconds } from './nginxEffective';
import {
  children,
  findLocation,
  findServer,
  type LocationMatch,
  passesUpstream,
  type ServerMatch,
  slashRedirectingLocation,
} from './nginxMatch';
import { type ConfigReader, fsConfigReader } from './nginxParse';
import { type NginxConfig, type NginxDirective, type SourcePosition } from './types';

/** What reading the config alone shows about one MCP URL; each names its line. */
export type StaticIssueKind =
  | 'slash-redirect'
  | 'http10'
  | 'buffering'
  | 'short-read-timeout'
  | 'host-without-port'
  | 'no-forwarded-proto'
  | 'leaf-only-certificate'
  | 'no-server'
  | 'no-location';

export interface StaticIssue {
  readonly kind: StaticIssueKind;
  readonly at: SourcePosition;
  readonly directive: string;
  /** Facts for the finding's text (paths, values, the location). */
  readonly facts: Readonly<Record<string, string | number>>;
}

/** The server and location nginx would use for the URL, the inheritance chain, and what is wrong there. */
export interface NginxAnalysis {
  readonly config: NginxConfig;
  readonly server?: ServerMatch;
  readonly location?: LocationMatch;
  /** http, server, enclosing locations, the location: for inherited directives. */
  readonly chain: readonly NginxDirective[];
  /** The `location /mcp/` that makes nginx itself redirect `/mcp` (no exact `/mcp`). */
  readonly slashRedirect?: NginxDirective;
  readonly issues: readonly StaticIssue[];
}

/** nginx's defaults the checks compare against. */
const DEFAULT_READ_TIMEOUT_S = 60;
/** Below this an idle MCP stream (SSE between events) is cut; MCP servers ping rarely, if at all. */
const STREAM_TIMEOUT_FLOOR_S = 300;

export function analyzeNginx(config: NginxConfig, url: URL, reader: ConfigReader = fsConfigReader): NginxAnalysis {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const server = findServer(config, host, port);
  const at = (d: NginxDirective): SourcePosition => ({ file: d.file, line: d.line, column: d.column });
  if (!server) {
    const first = config.directives[0];
    const where = first ? at(first) : { file: config.file, line: 1, column: 1 };
    return {
      config,
      chain: [],
      issues: [{ kind: 'no-server', at: where, directive: first ? directiveText(first) : '', facts: { host, port } }],
    };
  }
  const http = config.directives.find((d) => d.name === 'http' && d.block?.includes(server.server));
  const path = url.pathname;
  const locations = children(server.server, 'location');
  const slashRedirect = slashRedirectingLocation(locations, path);
  const location = findLocation(locations, path);
  const chain = [http, server.server, ...(location?.parents ?? []), location?.location].filter((d): d is NginxDirective => !!d);
  const issues: StaticIssue[] = [];
  if (slashRedirect)
    issues.push({
      kind: 'slash-redirect',
      at: at(slashRedirect),
      directive: directiveText(slashRedirect),
      facts: { path, slashPath: `${path}/` },
    });
  else if (!location) issues.push({ kind: 'no-location', at: at(server.server), directive: directiveText(server.server), facts: { path } });
  if (location && passesUpstream(location.location) && !slashRedirect) issues.push(...upstreamIssues(chain, location.location, url, port));
  if (url.protocol === 'https:') issues.push(...certificateIssues([http, server.server], config.file, reader));
  return { config, server, location, chain, slashRedirect, issues };

  function upstreamIssues(levels: readonly NginxDirective[], loc: NginxDirective, target: URL, targetPort: number): StaticIssue[] {
    const found: StaticIssue[] = [];
    const onOrAt = (d: NginxDirective | undefined) =>
      d ? { at: at(d), directive: directiveText(d) } : { at: at(loc), directive: directiveText(loc) };
    const version = effective(levels, 'proxy_http_version');
    if (!version || version.args[0] === '1.0')
      found.push({ kind: 'http10', ...onOrAt(version), facts: { value: version?.args[0] ?? '1.0 (default)' } });
    const buffering = effective(levels, 'proxy_buffering');
    if (buffering?.args[0] !== 'off')
      found.push({ kind: 'buffering', ...onOrAt(buffering), facts: { value: buffering?.args[0] ?? 'on (default)' } });
    const timeout = effective(levels, 'proxy_read_timeout');
    const timeoutS = timeout ? seconds(timeout.args.join(' ')) : DEFAULT_READ_TIMEOUT_S;
    if (timeoutS !== undefined && timeoutS < STREAM_TIMEOUT_FLOOR_S)
      found.push({
        kind: 'short-read-timeout',
        ...onOrAt(timeout),
        facts: { seconds: timeoutS, value: timeout?.args.join(' ') ?? '60s (default)' },
      });
    const hostHeader = proxyHeader(levels, 'Host');
    const hostValue = hostHeader?.args[1] ?? '$proxy_host (default)';
    const defaultPort = targetPort === (target.protocol === 'https:' ? 443 : 80);
    if (!defaultPort && !/\$http_host\b|\$host:\$server_port|\$host:\$proxy_port/.test(hostValue))
      found.push({
        kind: 'host-without-port',
        ...onOrAt(hostHeader),
        facts: { value: hostValue, port: targetPort, set: hostHeader ? 'yes' : 'no' },
      });
    if (target.protocol === 'https:' && !proxyHeader(levels, 'X-Forwarded-Proto') && !proxyHeader(levels, 'Forwarded'))
      found.push({ kind: 'no-forwarded-proto', ...onOrAt(undefined), facts: {} });
    return found;
  }
}

/** An `ssl_certificate` file that holds one certificate not signed by itself: the leaf without its intermediates. */
function certificateIssues(levels: readonly (NginxDirective | undefined)[], mainFile: string, reader: ConfigReader): StaticIssue[] {
  const directive = effective(levels, 'ssl_certificate');
  const file = directive?.args[0];
  if (!directive || !file || file.includes('$') || file.startsWith('data:')) return [];
  const path = isAbsolute(file) ? file : join(dirname(mainFile), file);
  let pem: string;
  try {
    pem = reader.readText(path);
  } catch {
    return [];
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) return [];
  try {
    const cert = new X509Certificate(blocks[0]!);
    if (cert.issuer === cert.subject) return [];
    return [
      {
        kind: 'leaf-only-certificate',
        at: { file: directive.file, line: directive.line, column: directive.column },
        directive: directiveText(directive),
        facts: { certFile: path, subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', ') },
      },
    ];
  } catch {
    return [];
  }
}
