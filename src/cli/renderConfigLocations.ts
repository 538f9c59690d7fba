import { relative } from 'node:path';
import { type DiagnosisReport } from '../core/diagnose/report';
import { type ConfigLocation } from '../core/proxyconfig/types';
import { type Style } from './style';
import { terminalSafe as t } from './text';

/**
 * "Where to change it": each proxy config line a finding points at, as `file:line` (relative to the
 * working directory when inside it, so terminals and editors can open it), with what to write there.
 */
export function configLocationLines(report: DiagnosisReport, style: Style, cwd = process.cwd()): string[] {
  if (!report.proxyConfigFiles) return [];
  const locations = report.configLocations ?? [];
  const read = `${report.proxyConfigFiles.length} file(s) read`;
  if (locations.length === 0)
    return ['', style.bold('Where to change it'), `  ${style.dim(`nothing to change in the proxy config (${read})`)}`];
  const lines = ['', `${style.bold('Where to change it')} ${style.dim(`(${read})`)}`];
  for (const { location: l, codes } of sameChange(locations)) {
    lines.push(`  ${style.bold(`${t(display(l.file, cwd))}:${l.line}`)} ${t(l.directive)} ${style.dim(`[${codes.join(', ')}]`)}`);
    lines.push(`      ${t(l.change)}`);
  }
  return lines;
}

/** One entry per line and change, naming every finding it answers (three redirect codes, one fix). */
function sameChange(locations: readonly ConfigLocation[]): { location: ConfigLocation; codes: string[] }[] {
  const groups = new Map<string, { location: ConfigLocation; codes: string[] }>();
  for (const l of locations) {
    const key = `${l.file}|${l.line}|${l.column}|${l.change}`;
    const group = groups.get(key);
    if (group) group.codes.push(l.code);
    else groups.set(key, { location: l, codes: [l.code] });
  }
  return [...groups.values()];
}

function display(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}
