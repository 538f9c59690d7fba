/**
 * The built CLI (dist/cli.js), spawned asynchronously against the real lab with a real token and a
 * client secret in its environment: no output channel (stdout, stderr, --html file) shows either.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLab } from '../../lab/index';
import { CLIENT_SECRET, leaks } from './secrets';
import { requires } from '../../support/requires';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function skipReason(): string | false {
  return requires('nginx', 'cli-build');
}

/** Asynchronous on purpose: the lab runs in this process and must keep answering. */
function cli(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 60_000 }, (_err, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

describe('built CLI against the lab: no credential in any output', { skip: skipReason() }, () => {
  it('diagnose (human, --json, --html) and jwt, token and client secret from the environment', async () => {
    const lab = await startLab({ scenario: 'wrong-audience' });
    const dir = await mkdtemp(join(tmpdir(), 'mcpdoctor-cli-secrets-'));
    try {
      const token = await lab.mintToken();
      const signature = token.split('.')[2] as string;
      const env = { PATH: process.env.PATH ?? '', MCP_DOCTOR_CACHE_DIR: dir, LAB_TOKEN: token, MCP_CLIENT_SECRET: CLIENT_SECRET };
      const html = join(dir, 'report.html');
      const outputs = await Promise.all([
        cli(['diagnose', lab.url, '--ca', lab.caFile, '--token-env', 'LAB_TOKEN'], env),
        cli(['diagnose', lab.url, '--ca', lab.caFile, '--token-env', 'LAB_TOKEN', '--json', '--html', html], env),
        cli(['jwt', token, '--jwks', lab.jwksUri, '--ca', lab.caFile], env),
      ]);
      outputs.push(await readFile(html, 'utf8'));
      assert.match(outputs[0] ?? '', /audience/i, 'the diagnosis ran and found the wrong audience');
      for (const text of outputs) {
        assert.deepEqual(leaks(text), []);
        assert.ok(!text.includes(token) && !text.includes(signature), 'the lab token or its signature was printed');
      }
    } finally {
      await lab.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
