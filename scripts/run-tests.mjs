// Runs every test file under test/ (or the folders/files given) with Node's test runner and tsx.
// Node 20's --test does not discover *.test.ts files on its own, hence this small finder.
// After the runner's own output (its `# pass N` / `# fail N` lines stay intact), prints what was
// skipped for want of a real component and how to install it; with CI=true any skip fails the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCi, parseSkipLines, skipSummary } from './test-skips.mjs';

const SKIP = new Set(['node_modules', 'e2e', 'soak', 'fixtures']);
const APT_PACKAGES = JSON.parse(readFileSync(new URL('../test/support/apt-packages.json', import.meta.url), 'utf8'));

function find(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => find(join(path, name)))
    .sort();
}

function readSkips(file) {
  try {
    return parseSkipLines(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['test']).flatMap(find);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const work = mkdtempSync(join(tmpdir(), 'mcp-doctor-tests-'));
const skipsFile = join(work, 'skips.jsonl');
// The runner's default reporter (spec on a terminal, TAP otherwise), plus the skip collector.
const reporters = ['--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
  '--test-reporter', new URL('./test-skip-reporter.mjs', import.meta.url).href, '--test-reporter-destination', skipsFile];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], { stdio: 'inherit' });
const skips = readSkips(skipsFile);
rmSync(work, { recursive: true, force: true });
const ci = isCi(process.env);
const lines = skipSummary(skips, { aptPackages: APT_PACKAGES, ci });
if (lines.length) console.log(`\n${lines.map((l) => `# ${l}`).join('\n')}`);
const status = result.status ?? 1;
process.exit(status === 0 && ci && skips.length > 0 ? 1 : status);
