import { basename } from 'node:path';
import { type Finding } from '../findings/finding';
import { checkCaddyfile } from './caddyCheck';
import { readCaddyfile } from './caddyfile';
import { configLocations, staticFindings } from './locate';
import { analyzeNginx } from './nginxAnalyze';
import { type ConfigReader, fsConfigReader, readNginxConfig } from './nginxParse';
import { type ConfigLocation } from './types';

/** What the proxy's config says about one diagnosed URL. */
export interface ProxyConfigResult {
  /** Static findings (warnings at most) and the config's unreadable parts. */
  readonly findings: readonly Finding[];
  /** The lines to change, live findings first. */
  readonly locations: readonly ConfigLocation[];
  /** Every file read, includes too. */
  readonly files: readonly string[];
}

/**
 * Reads each nginx config (with its includes), finds the server and location that answer `url`,
 * and ties the live run's findings and the static checks to lines. Never throws: an unreadable
 * file is itself a finding. A file that serves another URL says so only when no file serves this
 * one and the files were named (`quietWhenUnserved` for a workspace's configs, found not named).
 */
export function checkProxyConfigs(
  paths: readonly string[],
  url: URL,
  live: readonly Finding[],
  options: { readonly quietWhenUnserved?: boolean; readonly reader?: ConfigReader } = {},
): ProxyConfigResult {
  const reader = options.reader ?? fsConfigReader;
  const findings: Finding[] = [];
  const locations: ConfigLocation[] = [];
  const files: string[] = [];
  let served = false;
  // Main files first, so a fragment they already include (conf.d/*.conf) is not read twice.
  for (const path of [...paths].sort((a, b) => Number(basename(b) === 'nginx.conf') - Number(basename(a) === 'nginx.conf'))) {
    if (files.includes(path)) continue;
    if (/^caddyfile/i.test(basename(path))) {
      const caddy = checkCaddyfile(readCaddyfile(path, reader), url, live);
      served ||= caddy.served;
      findings.push(...caddy.findings);
      locations.push(...caddy.locations);
      files.push(path);
      continue;
    }
    const config = readNginxConfig(path, reader);
    const analysis = analyzeNginx(config, url, reader);
    const found = staticFindings(analysis);
    served ||= analysis.server !== undefined;
    findings.push(...found);
    locations.push(...configLocations(analysis, live, found));
    files.push(...config.files);
  }
  // Several files (a workspace's configs): one that does not serve this URL says so only when none does.
  const unserved = (code: string) => code === 'NGINX_NO_SERVER' || code === 'CADDY_NO_SITE';
  if (!served && !options.quietWhenUnserved) return { findings, locations, files };
  return { findings: findings.filter((f) => !unserved(f.code)), locations: locations.filter((l) => !unserved(l.code)), files };
}
