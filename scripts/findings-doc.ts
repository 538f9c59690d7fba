// Writes docs/findings.md: every finding code with its title, severity and step, one heading each,
// so an editor's Problems link (`mcpDoctor` diagnostics' code target) lands on the code's entry.
// Run: npx tsx scripts/findings-doc.ts   (test/unit/core/findingsDoc.test.ts checks it is current)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFindingsDoc } from '../src/core/findings/doc';

writeFileSync(join(__dirname, '..', 'docs', 'findings.md'), renderFindingsDoc());
