// The closing lines of `npm test`: what was skipped for want of a real component, and the one command
// that installs everything the suite uses. Pure functions (unit-tested); run-tests.mjs prints them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const APT_PACKAGES_FILE = new URL('../test/support/apt-packages.json', import.meta.url);

/** Same format as REQUIRES_TAG in test/support/requires.ts (a unit test keeps them equal). */
export const REQUIRES_TAG = /\[requires: ([a-z0-9 .-]+)\]/;

/** Parses the reporter's JSON lines; ignores anything malformed (a crashed run may cut the last one). */
export function parseSkipLines(text) {
  return text.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line);
      return entry && typeof entry.reason === 'string' ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/** Components named by `[requires: …]` tags, in first-seen order, with how many skips each caused. */
export function missingComponents(entries) {
  const counts = new Map();
  for (const entry of entries) {
    const tag = REQUIRES_TAG.exec(entry.reason);
    for (const name of tag ? tag[1].split(' ').filter(Boolean) : []) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** The closing `(how)` of a reason from missingReason: `[requires: …] not on this machine (how)`. */
const HOW = /\] not on this machine \((.*)\)$/;
const APT_HOW = /^apt-get install -y /;

/**
 * How to get each component that apt does not provide (an npm dev dependency, a build, a capability of
 * the local OpenSSL), read from a reason that names it alone; apt components are covered by the apt line.
 */
export function nonAptHints(entries) {
  const hints = new Map();
  for (const entry of entries) {
    const names = REQUIRES_TAG.exec(entry.reason)?.[1].split(' ').filter(Boolean) ?? [];
    const how = HOW.exec(entry.reason)?.[1];
    if (names.length === 1 && how && !APT_HOW.test(how) && !hints.has(names[0])) hints.set(names[0], how);
  }
  return hints;
}

/** The summary lines (empty when nothing was skipped). `ci`: skips fail the run, and the lines say so. */
export function skipSummary(entries, { aptPackages, cwd = process.cwd(), ci = false }) {
  if (entries.length === 0) return [];
  const components = missingComponents(entries);
  const hints = nonAptHints(entries);
  const untagged = entries.filter((e) => !REQUIRES_TAG.test(e.reason));
  const lines = [`skipped: ${entries.length} test(s) or suite(s) did not run (fully or in part) on this machine:`];
  for (const [name, count] of components)
    lines.push(`  missing ${name}: ${count} skipped${hints.has(name) ? ` (${hints.get(name)})` : ''}`);
  for (const e of untagged)
    lines.push(`  ${e.file ? `${relative(cwd, e.file)}: ` : ''}${e.name ? `${e.name}: ` : ''}${e.reason || 'skipped'}`);
  // The apt line only when apt brings something missing: an `npm install` alone is not fixed by apt-get.
  if ([...components.keys()].some((name) => !hints.has(name)))
    lines.push(`install what the suite needs (Debian/Ubuntu): sudo apt-get install -y ${aptPackages.join(' ')}`);
  lines.push(
    ci
      ? 'CI=true: a skipped test fails the run (CI must run every test against the real components).'
      : 'Skips do not fail the run here; with CI=true they do.',
  );
  return lines;
}

/** CI is on for any value of CI but empty, "0" and "false" (what CI services set: "true" or "1"). */
export function isCi(env) {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/** node --test arguments: the runner's default reporter (spec on a terminal, TAP otherwise) plus the skip collector. */
export function reporterArgs(skipsFile, tty) {
  return [
    '--test-reporter',
    tty ? 'spec' : 'tap',
    '--test-reporter-destination',
    'stdout',
    '--test-reporter',
    new URL('./test-skip-reporter.mjs', import.meta.url).href,
    '--test-reporter-destination',
    skipsFile,
  ];
}

/** After a run: prints the skip summary (as TAP comments, after the runner's counts) and returns the exit status to use. */
export function finishRun(status, skipsFile, env = process.env) {
  let skips = [];
  try {
    skips = parseSkipLines(readFileSync(skipsFile, 'utf8'));
  } catch {
    // no skip file: the runner died before writing it; its status says so
  }
  const ci = isCi(env);
  const lines = skipSummary(skips, { aptPackages: JSON.parse(readFileSync(APT_PACKAGES_FILE, 'utf8')), ci });
  if (lines.length) console.log(`\n${lines.map((l) => `# ${l}`).join('\n')}`);
  return status === 0 && ci && skips.length > 0 ? 1 : status;
}
