import { type Finding, makeFinding } from '../findings/finding';
import { type NginxAnalysis, type StaticIssue } from './nginxAnalyze';
import { directiveText, effective, proxyHeader } from './nginxEffective';
import { passesUpstream } from './nginxMatch';
import { type ConfigLocation, type NginxDirective } from './types';

/** What the config alone shows, as findings (warnings at most: a live run decides what breaks). */
export function staticFindings(analysis: NginxAnalysis): Finding[] {
  const problems = analysis.config.problems.map((p) =>
    makeFinding('PROXY_CONFIG_UNREADABLE', { file: p.file, line: p.line, column: p.column, kind: p.kind, detail: p.detail }),
  );
  return [...problems, ...analysis.issues.map((issue) => issueFinding(issue, analysis.config.file))];
}

/** One literal code per kind, so each finding's evidence is exactly its code's. */
function issueFinding(issue: StaticIssue, mainFile: string): Finding {
  const where = { file: issue.at.file, line: issue.at.line, column: issue.at.column, directive: issue.directive };
  const text = (key: string) => String(issue.facts[key] ?? '');
  const num = (key: string) => Number(issue.facts[key] ?? 0);
  switch (issue.kind) {
    case 'slash-redirect':
      return makeFinding('NGINX_SLASH_REDIRECT', { ...where, path: text('path'), slashPath: text('slashPath') });
    case 'http10':
      return makeFinding('NGINX_PROXY_HTTP10', { ...where, value: text('value') });
    case 'buffering':
      return makeFinding('NGINX_PROXY_BUFFERING', { ...where, value: text('value') });
    case 'short-read-timeout':
      return makeFinding('NGINX_READ_TIMEOUT_SHORT', { ...where, value: text('value'), seconds: num('seconds') });
    case 'host-without-port':
      return makeFinding('NGINX_HOST_WITHOUT_PORT', {
        ...where,
        value: text('value'),
        port: num('port'),
        set: text('set') === 'yes' ? 'yes' : 'no',
      });
    case 'no-forwarded-proto':
      return makeFinding('NGINX_NO_FORWARDED_PROTO', where);
    case 'leaf-only-certificate':
      return makeFinding('NGINX_LEAF_ONLY_CERT', {
        ...where,
        certFile: text('certFile'),
        subject: text('subject'),
        issuer: text('issuer'),
      });
    case 'no-server':
      return makeFinding('NGINX_NO_SERVER', { ...where, file: mainFile, host: text('host'), port: num('port') });
    case 'no-location':
      return makeFinding('NGINX_NO_LOCATION', { ...where, path: text('path') });
  }
}

/** Every static finding's own line. */
function staticLocations(findings: readonly Finding[]): ConfigLocation[] {
  return findings.flatMap((f) => {
    const e = f.evidence;
    if (typeof e.file !== 'string' || typeof e.line !== 'number') return [];
    return [
      {
        file: e.file,
        line: e.line,
        column: typeof e.column === 'number' ? e.column : 1,
        code: f.code,
        directive: typeof e.directive === 'string' ? e.directive : '',
        change: f.fix,
      },
    ];
  });
}

const APP_REDIRECT_CODES = new Set([
  'REDIRECT_SCHEME_DOWNGRADE',
  'REDIRECT_PORT_DROPPED',
  'REDIRECT_TRAILING_SLASH',
  'REDIRECT_METHOD_CHANGED',
  'REDIRECT_PATH_CHANGED',
]);

/**
 * The lines that cause (or can fix) what a live run found: redirects to the location that answers
 * the path, an incomplete chain to `ssl_certificate`, buffering and idle cuts to the location's
 * proxy settings. Live findings come first, then the static ones, each line once per code.
 */
export function configLocations(analysis: NginxAnalysis, live: readonly Finding[], found: readonly Finding[]): ConfigLocation[] {
  const out = [...live.flatMap((f) => liveLocations(analysis, f)), ...staticLocations(found)];
  const seen = new Set<string>();
  return out.filter((l) => {
    const key = `${l.code}|${l.file}|${l.line}|${l.column}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function liveLocations(analysis: NginxAnalysis, finding: Finding): ConfigLocation[] {
  const { location, chain, slashRedirect, server } = analysis;
  // The deployment checks' codes (STREAM_*) may not be in this catalog yet: compare as text.
  const code: string = finding.code;
  const at = (d: NginxDirective, change: string): ConfigLocation => ({
    file: d.file,
    line: d.line,
    column: d.column,
    code: finding.code,
    directive: directiveText(d),
    change,
  });
  if (APP_REDIRECT_CODES.has(finding.code)) {
    if (slashRedirect) {
      const path = String(finding.evidence.fromPath ?? '');
      return [
        at(
          slashRedirect,
          `nginx itself redirects ${path} here: add \`location = ${path} { proxy_pass <this upstream>${path}/; }\` beside it, or \`absolute_redirect off;\` to keep the client's scheme, host and port`,
        ),
      ];
    }
    if (location && passesUpstream(location.location)) {
      const lines = [
        at(
          location.location,
          'the application behind this location makes the redirect: forward `proxy_set_header Host $http_host;` and `proxy_set_header X-Forwarded-Proto $scheme;`, or proxy the exact path to the URL the app wants (`proxy_pass http://<upstream>/mcp/;`) so no redirect is needed',
        ),
      ];
      const host = proxyHeader(chain, 'Host');
      if (host && !/\$http_host\b/.test(host.args[1] ?? ''))
        lines.push(at(host, `\`${host.args[1] ?? ''}\` drops the client's port: use \`proxy_set_header Host $http_host;\``));
      return lines;
    }
    const portOff = effective(chain, 'port_in_redirect');
    if (finding.code === 'REDIRECT_PORT_DROPPED' && portOff?.args[0] === 'off')
      return [at(portOff, 'remove `port_in_redirect off;` (or set `absolute_redirect off;`) so nginx keeps the port in its redirects')];
    return server
      ? [
          at(
            server.server,
            "nginx answers this URL from this server block; set `absolute_redirect off;` so its redirects keep the client's scheme, host and port",
          ),
        ]
      : [];
  }
  if (finding.code === 'TLS_INCOMPLETE_CHAIN') {
    const cert = effective(chain.slice(0, 2), 'ssl_certificate');
    return cert
      ? [at(cert, 'point this at the full chain file (leaf first, then the intermediate CAs), then `nginx -t && nginx -s reload`')]
      : [];
  }
  if (code === 'STREAM_BUFFERED' && location) {
    const buffering = effective(chain, 'proxy_buffering');
    return [at(buffering ?? location.location, 'add `proxy_buffering off;` to this location')];
  }
  if (code === 'STREAM_CUT_IDLE' && location) {
    const timeout = effective(chain, 'proxy_read_timeout');
    return [at(timeout ?? location.location, 'set `proxy_read_timeout 3600s;` for this location (default 60s)')];
  }
  return [];
}
