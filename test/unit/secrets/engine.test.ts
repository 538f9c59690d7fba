/**
 * Secrets never leak from the engine or the CLI, even when the server echoes them back in every
 * place it can (error messages, WWW-Authenticate, Server header, Location query, HTML titles).
 * What survives redaction is what helps debugging: length, a short fingerprint, JWT claims.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../src/cli/main';
import { type CliIo } from '../../../src/cli/io';
import { renderReport } from '../../../src/cli/renderReport';
import { createStyle } from '../../../src/cli/style';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { renderHtmlReport } from '../../../src/core/report/html';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { fingerprint } from '../../../src/core/redact/secret';
import { type HostileServer } from '../../hostile/servers';
import { echoServer } from './echoServer';
import { CLIENT_SECRET, leaks, PROXY_PASSWORD, TOKEN, TOKEN_SIGNATURE } from './secrets';

function fakeIo(env: Record<string, string>): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    color: false,
    interactive: true,
    cwd: process.cwd(),
    readStdin: async () => TOKEN,
  };
}

describe('secrets never leak from the engine, the reports or the CLI', () => {
  let server: HostileServer;
  let dir: string;
  before(async () => {
    server = await echoServer();
    dir = await mkdtemp(join(tmpdir(), 'mcpdoctor-secrets-'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('diagnose(): the report, its Markdown, HTML and terminal renderings hold no credential', async () => {
    const report = await diagnose({
      url: server.url('/mcp').href,
      token: TOKEN,
      headers: { 'X-Client-Secret': CLIENT_SECRET },
      env: { MCP_CLIENT_SECRET: CLIENT_SECRET },
      timeoutMs: 2000,
      auth: { authProbes: true },
    });
    assert.ok(server.requests.length > 2, 'the server was asked');
    const outputs = {
      json: JSON.stringify(report),
      markdown: renderMarkdownReport(report),
      html: renderHtmlReport(report, { script: 'void 0;', css: '' }),
      terminal: renderReport(report, createStyle(false)),
    };
    for (const [name, text] of Object.entries(outputs)) assert.deepEqual(leaks(text), [], name);
    // What was echoed is still recognisable: length, fingerprint and claims, never the value.
    assert.match(
      outputs.json,
      new RegExp(`\\[redacted JWT ${TOKEN.length} chars ${fingerprint(TOKEN)} header=\\{[^\\]]*claims=\\{[^\\]]*alice`),
    );
    assert.match(outputs.json, new RegExp(`\\[redacted ${CLIENT_SECRET.length} chars ${fingerprint(CLIENT_SECRET)}\\]`));
  });

  it('a proxy password (environment or explicit) stays out of the report, even when the proxy echoes its credentials', async () => {
    const proxy = `http://alice:${PROXY_PASSWORD}@127.0.0.1:${server.port}`;
    for (const options of [{ env: { HTTPS_PROXY: proxy } }, { env: {}, proxy: { url: proxy } }]) {
      const report = await diagnose({ url: 'https://mcp.example.test/mcp', token: TOKEN, timeoutMs: 2000, ...options });
      assert.ok(report.proxy, 'the proxy was used');
      assert.deepEqual(leaks(JSON.stringify(report) + renderReport(report, createStyle(false)) + renderMarkdownReport(report)), []);
    }
  });

  it('the CLI in-process (human, --json, jwt) prints no credential, from the environment or stdin', async () => {
    const env = { PATH: process.env.PATH ?? '', MCP_TOKEN: TOKEN, MCP_CLIENT_SECRET: CLIENT_SECRET, MCP_DOCTOR_CACHE_DIR: dir };
    const runs = [
      ['diagnose', server.url('/mcp').href, '--token-env', 'MCP_TOKEN', '--timeout', '2000'],
      ['diagnose', server.url('/mcp').href, '--token-env', 'MCP_TOKEN', '--timeout', '2000', '--json'],
      ['jwt', '-', '--secret-env', 'MCP_CLIENT_SECRET'],
      ['jwt', TOKEN, '--json'],
      ['diagnose', `${server.url('/mcp').href}?access_token=${TOKEN}`, '--token-env', 'MCP_TOKEN', '--timeout', '2000', '--no-auth-probes'],
    ];
    for (const argv of runs) {
      const io = fakeIo(env);
      const code = await runCli(argv, io, AbortSignal.timeout(30_000));
      assert.ok(code !== 2, `${argv.join(' ')}: ${io.err.join('')}`);
      const printed = [...io.out, ...io.err].join('');
      assert.ok(printed.length > 50, `${argv[0]} printed something`);
      assert.deepEqual(leaks(printed), [], argv.join(' '));
    }
    assert.ok(!TOKEN_SIGNATURE.includes('.'));
  });
});
