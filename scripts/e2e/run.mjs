// `npm run test:e2e`: packages the .vsix, installs code-server (cached outside the repo), then runs
// the end-to-end tests in real VS Code (code-server) driven by Debian chromium. Bounded: the whole
// run is killed after E2E_TIMEOUT_MS (default 8 minutes).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishRun, reporterArgs } from '../test-skips.mjs';
import { ensureCodeServer } from './codeServer.mjs';

const started = Date.now();
const budgetMs = Number(process.env.E2E_TIMEOUT_MS ?? 8 * 60_000);
const scratch = mkdtempSync(join(tmpdir(), 'mcp-doctor-e2e-vsix-'));
const log = (message) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

function packageVsix() {
  const vsix = join(scratch, 'mcp-doctor.vsix');
  const result = spawnSync(process.execPath, ['scripts/package.mjs', vsix], { stdio: 'inherit', timeout: 180_000 });
  if (result.status !== 0) throw new Error('packaging the .vsix failed');
  return vsix;
}

// `npm run test:e2e -- serversView` runs only the test files whose names contain one of the words given.
const only = process.argv.slice(2);

function runTests(env) {
  const files = readdirSync('test/e2e')
    .filter((name) => name.endsWith('.test.ts') && (only.length === 0 || only.some((word) => name.includes(word))))
    .map((name) => join('test/e2e', name));
  const remaining = Math.max(30_000, budgetMs - (Date.now() - started));
  return new Promise((resolve) => {
    // Skips are summarised like `npm test`'s, and fail the run with CI=true (a missing Chromium or nginx).
    const skipsFile = join(scratch, 'skips.jsonl');
    const reporters = reporterArgs(skipsFile, process.stdout.isTTY);
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...files], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
      detached: true,
    });
    const timer = setTimeout(() => {
      log(`time budget exhausted (${budgetMs} ms): stopping the tests`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000).unref();
    }, remaining);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(finishRun(code ?? (signal ? 1 : 0), skipsFile));
    });
  });
}

let status = 1;
try {
  log('packaging the extension');
  const vsix = packageVsix();
  log('ensuring code-server');
  const codeServer = await ensureCodeServer((line) => log(line));
  log(`running the e2e tests (code-server: ${codeServer})`);
  status = await runTests({ MCP_DOCTOR_VSIX: vsix, MCP_DOCTOR_CODE_SERVER: codeServer });
} catch (err) {
  console.error(`e2e setup failed: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  log(`done (exit ${status})`);
}
process.exit(status);
