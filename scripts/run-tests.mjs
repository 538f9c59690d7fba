// Runs every test file under test/ (or the folders/files given) with Node's test runner and tsx.
// Node 20's --test does not discover *.test.ts files on its own, hence this small finder.
// After the runner's own output (its `# pass N` / `# fail N` lines stay intact), prints what was
// skipped for want of a real component and how to install it; with CI=true any skip fails the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishRun, reporterArgs } from './test-skips.mjs';

const SKIP = new Set(['node_modules', 'e2e', 'soak', 'fixtures']);

function find(path) {
  if (statSync(path).isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => find(join(path, name)))
    .sort();
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
const reporters = reporterArgs(skipsFile, process.stdout.isTTY);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], {
  stdio: 'inherit',
});
const status = finishRun(result.status ?? 1, skipsFile);
rmSync(work, { recursive: true, force: true });
process.exit(status);
