// docs/findings.md is what editor problems link to: it must hold every code, as generated now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renderFindingsDoc } from '../../../src/core/findings/doc';
import { findingCodes } from '../../../src/core/findings/catalog/index';

test('docs/findings.md is current (npx tsx scripts/findings-doc.ts) and has a heading for every code', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'findings.md'), 'utf8');
  assert.equal(doc, renderFindingsDoc(), 'regenerate with: npx tsx scripts/findings-doc.ts');
  for (const code of findingCodes) assert.ok(doc.includes(`\n## ${code}\n`), code);
});
