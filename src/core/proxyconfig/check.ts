import { basename } from 'node:path';
import { type Finding, makeFinding } from '../findings/finding';
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
 * file or an unsupported format is itself a finding.
 */
export function checkProxyConfigs(paths: readonly string[], url: URL, live: readonly Finding[], reader: ConfigReader = fsConfigReader): ProxyConfigResult {
  const findings: Finding[] = [];
  const locations: ConfigLocation[] = [];
  const files: string[] = [];
  let served = false;
  // Main files first, so a fragment they already include (conf.d/*.conf) is not read twice.
  for (const path of [...paths].sort((a, b) => Number(basename(b) === 'nginx.conf') - Number(basename(a) === 'nginx.conf'))) {
    if (files.includes(path)) continue;
    if (/^caddyfile/i.test(basename(path))) {
      findings.push(makeFinding('PROXY_CONFIG_UNREADABLE', { file: path, line: 1, column: 1, kind: 'unsupported', detail: 'Caddyfiles are not analysed yet (only nginx configs are)' }));
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
  if (!served) return { findings, locations, files };
  return { findings: findings.filter((f) => f.code !== 'NGINX_NO_SERVER'), locations: locations.filter((l) => l.code !== 'NGINX_NO_SERVER'), files };
}
