import { catalog, findingCodes } from './catalog/index';

/**
 * docs/findings.md: one heading per code (its anchor is the code in lower case), with the title,
 * default severity and step. Cause and fix depend on each run's evidence: the report shows them.
 */
export function renderFindingsDoc(): string {
  const lines = [
    '# Finding codes',
    '',
    "Every result of a diagnosis is one of these codes (stable: JSON reports, the timeline and editor problems key on them). The cause and the fix are written from what each run saw: see them in the report panel, `mcp-doctor diagnose`, or the problem's message.",
    '',
  ];
  for (const code of findingCodes) {
    const entry = catalog[code];
    lines.push(`## ${code}`, '', `**${entry.title}** — ${entry.severity}, step \`${entry.step}\`.`, '');
  }
  return lines.join('\n');
}
