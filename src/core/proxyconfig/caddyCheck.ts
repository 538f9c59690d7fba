import { type Finding, makeFinding } from '../findings/finding';
import { applicable, type CaddyDirective, type Caddyfile, findCaddySite, matcherOf } from './caddyfile';
import { type ConfigLocation } from './types';

const METHOD_CHANGING = new Set(['301', '302', 'permanent', 'temporary']);
const REDIRECT_CODES = new Set([
  'REDIRECT_SCHEME_DOWNGRADE',
  'REDIRECT_PORT_DROPPED',
  'REDIRECT_TRAILING_SLASH',
  'REDIRECT_METHOD_CHANGED',
  'REDIRECT_PATH_CHANGED',
]);

const text = (d: CaddyDirective) => [d.name, ...d.args].join(' ');
const position = (d: CaddyDirective) => ({ file: d.file, line: d.line, column: d.column, directive: text(d) });

/** The site for the URL, the static findings on it, and the lines the live findings point at. */
export function checkCaddyfile(
  caddyfile: Caddyfile,
  url: URL,
  live: readonly Finding[],
): { served: boolean; findings: Finding[]; locations: ConfigLocation[] } {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const problems = caddyfile.problems.map((p) =>
    makeFinding('PROXY_CONFIG_UNREADABLE', { file: p.file, line: p.line, column: p.column, kind: p.kind, detail: p.detail }),
  );
  const site = findCaddySite(caddyfile, host, port);
  if (!site)
    return { served: false, findings: [...problems, makeFinding('CADDY_NO_SITE', { file: caddyfile.file, host, port })], locations: [] };
  const path = url.pathname;
  const redirs = applicable(site, 'redir', path);
  const proxies = applicable(site, 'reverse_proxy', path);
  const found: Finding[] = [...problems];
  for (const r of redirs) {
    const status = redirStatus(r);
    if (METHOD_CHANGING.has(status))
      found.push(
        makeFinding('CADDY_REDIR_CHANGES_METHOD', {
          ...position(r),
          path,
          status: status === 'temporary' ? '302 (the default)' : status,
          matcher: matcherOf(r) ?? '',
          to: r.args[matcherOf(r) ? 1 : 0] ?? '',
        }),
      );
  }
  for (const p of proxies) {
    const hostHeader = p.block?.find(
      (d) => d.name === 'header_up' && /^host$/i.test(d.args[0] ?? '') && (d.args[1] ?? '').includes('{upstream_host'),
    );
    if (hostHeader) found.push(makeFinding('CADDY_HOST_UPSTREAM', { ...position(hostHeader), value: hostHeader.args[1] ?? '' }));
  }
  const locations: ConfigLocation[] = found.flatMap((f) =>
    typeof f.evidence.line === 'number' && f.code !== 'PROXY_CONFIG_UNREADABLE'
      ? [
          {
            file: String(f.evidence.file),
            line: f.evidence.line,
            column: Number(f.evidence.column),
            code: f.code,
            directive: String(f.evidence.directive),
            change: f.fix,
          },
        ]
      : [],
  );
  for (const f of live.filter((l) => REDIRECT_CODES.has(l.code))) {
    const from = String(f.evidence.fromPath ?? path);
    const here = applicable(site, 'redir', from);
    const lines = here.length
      ? here.map((r) => ({
          ...position(r),
          code: f.code,
          change:
            'this redir answers the MCP path: configure the client with its target URL, or redirect with 308 (keeps POST) to the scheme, host and port clients use',
        }))
      : applicable(site, 'reverse_proxy', from).map((p) => ({
          ...position(p),
          code: f.code,
          change:
            'the application behind this reverse_proxy makes the redirect: Caddy forwards Host and X-Forwarded-Proto by default, so let the app trust them (uvicorn --proxy-headers --forwarded-allow-ips=<Caddy address>) and drop any `header_up Host`',
        }));
    locations.unshift(...lines);
  }
  return { served: true, findings: found, locations };
}

/** `redir [matcher] <to> [code]`: the code, or `temporary` (302), Caddy's default. */
function redirStatus(d: CaddyDirective): string {
  const rest = d.args.slice(matcherOf(d) ? 2 : 1);
  return rest[0] ?? 'temporary';
}
