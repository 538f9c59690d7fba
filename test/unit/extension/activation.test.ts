import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { closedPort } from '../../support/net';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const probe = fileURLToPath(new URL('./fixtures/activateProbe.cjs', import.meta.url));

describe('activation (bundled like the .vsix, against a vscode stub)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-activate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('registers every command without loading the engine; the engine loads on the first command', async () => {
    const bundle = join(dir, 'extension.js');
    await esbuild.build({
      entryPoints: [join(root, 'src/extension/extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      outfile: bundle,
      logLevel: 'silent',
      define: { __MCP_DOCTOR_VERSION__: '"test"' },
    });
    const run = spawnSync(process.execPath, [probe, bundle, String(await closedPort())], { encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(run.stdout || '{}');
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.before.tls, false);
    assert.equal(result.afterActivate.tls, false, 'activate() must not load node:tls (the engine)');
    assert.deepEqual(result.afterActivate.sockets, [], 'activate() opens no sockets');
    assert.ok(result.afterActivate.commands.includes('mcpDoctor.diagnose'));
    assert.equal(result.afterCommand.tls, true, 'the first diagnosis loads the engine');
    assert.match(result.afterCommand.log, /diagnosis of "127\.0\.0\.1:\d+"[\s\S]*verdict: error NET_CONNECTION_REFUSED/);
    assert.deepEqual(
      result.afterCommand.messages.filter((m: { kind: string }) => m.kind === 'error'),
      [],
      'no command failed',
    );
    assert.ok(
      result.afterCommand.status.some((t: string) => t.startsWith('$(error)')),
      'the status bar shows the failure',
    );
  });
});
