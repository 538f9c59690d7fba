// `npm test` names what it skipped: the structured skip reasons (test/support/requires.ts), the
// summary scripts/run-tests.mjs prints after the runner's own closing lines, and CI=true failing on
// skips, checked by running the real runner on a fixture; plus the package lists kept in step.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isCi, missingComponents, nonAptHints, REQUIRES_TAG as SUMMARY_TAG, skipSummary } from '../../../scripts/test-skips.mjs';
import { aptPackage, COMPONENT_NAMES, missingReason, REQUIRES_TAG, SUITE_APT_PACKAGES } from '../../support/requires';

const ROOT = join(__dirname, '..', '..', '..');

function runTests(env: Record<string, string>): Promise<{ code: number; lines: string[] }> {
  const childEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/run-tests.mjs', 'test/support/fixtures/skips.test.ts'],
      { cwd: ROOT, env: childEnv, timeout: 60_000 },
      (err, stdout) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, lines: stdout.trimEnd().split('\n') });
      },
    );
  });
}

describe('skip reasons name components', () => {
  test('the reason a test gives is the one the summary reads', () => {
    assert.equal(SUMMARY_TAG.source, REQUIRES_TAG.source);
    const reason = missingReason(['nginx', 'python3-httpx']);
    assert.match(reason, /apt-get install -y nginx python3-httpx/);
    assert.deepEqual(
      [...missingComponents([{ reason }, { reason: missingReason(['nginx']) }, { reason: 'free text' }])],
      [
        ['nginx', 2],
        ['python3-httpx', 1],
      ],
    );
  });

  test('summary: components, the full apt line, untagged reasons, and what CI does', () => {
    const entries = [
      { kind: 'skipped', file: join(ROOT, 'test/a.test.ts'), name: 'x', reason: missingReason(['chromium']) },
      { kind: 'skipped', file: join(ROOT, 'test/b.test.ts'), name: 'y', reason: 'local OpenSSL refuses TLS 1.0' },
    ];
    const lines = skipSummary(entries, { aptPackages: SUITE_APT_PACKAGES, cwd: ROOT, ci: false });
    assert.ok(lines.includes('  missing chromium: 1 skipped'), lines.join('\n'));
    assert.ok(lines.includes('  test/b.test.ts: y: local OpenSSL refuses TLS 1.0'), lines.join('\n'));
    assert.ok(lines.includes(`install what the suite needs (Debian/Ubuntu): sudo apt-get install -y ${SUITE_APT_PACKAGES.join(' ')}`));
    assert.match(skipSummary(entries, { aptPackages: [], ci: true }).at(-1) ?? '', /CI=true: a skipped test fails the run/);
    assert.deepEqual(skipSummary([], { aptPackages: [] }), []);
    assert.deepEqual(
      ['true', '1', 'yes', '', '0', 'false', undefined].map((CI) => isCi({ CI })),
      [true, true, true, false, false, false, false],
    );
  });

  test('a component apt does not provide: its own way to get it, and no apt line when apt would fix nothing', () => {
    const npmOnly = [
      { kind: 'skipped', file: join(ROOT, 'test/c.test.ts'), name: 'z', reason: missingReason(['server-everything']) },
      { kind: 'skipped', file: join(ROOT, 'test/d.test.ts'), name: 'w', reason: missingReason(['openssl-tls1']) },
      { kind: 'partial', file: join(ROOT, 'test/e.test.ts'), name: '', reason: missingReason(['cli-build']) },
    ];
    assert.deepEqual([...nonAptHints(npmOnly).keys()], ['server-everything', 'openssl-tls1', 'cli-build']);
    const lines = skipSummary(npmOnly, { aptPackages: SUITE_APT_PACKAGES, cwd: ROOT });
    assert.ok(
      lines.includes('  missing server-everything: 1 skipped (npm install (the @modelcontextprotocol/server-everything dev dependency))'),
      lines.join('\n'),
    );
    assert.ok(lines.includes('  missing cli-build: 1 skipped (npm run build (the tests run the built dist/cli.js))'), lines.join('\n'));
    assert.match(lines.find((l) => l.startsWith('  missing openssl-tls1: 1 skipped (')) ?? '', /cannot serve TLS 1\.0/);
    assert.ok(!lines.some((l) => l.includes('apt-get')), lines.join('\n'));
    // Mixed with an apt component: the apt line comes back; the apt component's line carries no hint of its own.
    const mixed = skipSummary([...npmOnly, { kind: 'skipped', name: 'v', reason: missingReason(['curl']) }], {
      aptPackages: SUITE_APT_PACKAGES,
    });
    assert.ok(mixed.includes('  missing curl: 1 skipped'), mixed.join('\n'));
    assert.ok(mixed.some((l) => l.startsWith('install what the suite needs (Debian/Ubuntu): sudo apt-get install -y ')));
  });

  test('every apt package a component needs is in the suite list, and .ci/run installs each', () => {
    const ciRun = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    for (const name of COMPONENT_NAMES) {
      const pkg = aptPackage(name);
      if (pkg) assert.ok(SUITE_APT_PACKAGES.includes(pkg), `${pkg} missing from test/support/apt-packages.json`);
    }
    for (const pkg of SUITE_APT_PACKAGES)
      assert.match(ciRun, new RegExp(`\\b${pkg.replace(/[.+]/g, '\\$&')}\\b`), `.ci/run does not install ${pkg}`);
    assert.match(ciRun, /^export CI=true$/m);
  });
});

describe('scripts/run-tests.mjs on a run with a skip', { concurrency: true }, () => {
  test("exit 0, the runner's closing counts intact, then the skip summary as the last lines", async () => {
    const { code, lines } = await runTests({ CI: '' });
    assert.equal(code, 0, lines.join('\n'));
    const pass = lines.indexOf('# pass 1');
    const summary = lines.findIndex((l) => l.startsWith('# skipped: 1 test(s)'));
    assert.ok(pass >= 0 && lines.includes('# fail 0') && lines.includes('# skipped 1'), lines.join('\n'));
    assert.ok(summary > pass, "the summary comes after the runner's own counts");
    assert.deepEqual(lines.slice(summary + 1), [
      '#   missing chromium: 1 skipped',
      `# install what the suite needs (Debian/Ubuntu): sudo apt-get install -y ${SUITE_APT_PACKAGES.join(' ')}`,
      '# Skips do not fail the run here; with CI=true they do.',
    ]);
  });

  test('with CI=true the same run fails', async () => {
    const { code, lines } = await runTests({ CI: 'true' });
    assert.equal(code, 1, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /CI=true: a skipped test fails the run/);
  });
});
