// Issue 18, the proxy's config: a live run against the lab's real nginx, with the config nginx runs
// (`--proxy-config <lab>/nginx.conf`), ties each finding to the line that causes it, and the CLI
// prints those file:line pointers. Every config here is first accepted by `nginx -t`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../src/cli/main';
import { type CliIo } from '../../src/cli/io';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { renderMarkdownReport } from '../../src/core/report/markdown';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type ConfigLocation } from '../../src/core/proxyconfig/types';
import { type Lab, startLab } from '../lab/index';
import { type ScenarioName } from '../lab/scenarios';
import { reservePort } from '../lab/net';
import { codes, findingOf } from '../support/findings';
import { nginxTest, runNginx } from '../support/nginxRun';
import { requires } from '../support/requires';
import { EMPTY_TRUST_ENV } from '../support/trustEnv';

/** The 1-based line of the first directive line of `file` starting with `text` (comments skipped). */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.trimStart().startsWith(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

async function withLab(scenario: ScenarioName, run: (lab: Lab, conf: string) => Promise<void>): Promise<void> {
  const lab = await startLab({ scenario, front: 'nginx' });
  try {
    const conf = join(lab.dir, 'nginx.conf');
    const checked = await nginxTest(lab.dir, conf);
    assert.ok(checked.ok, checked.output);
    await run(lab, conf);
  } finally {
    await lab.stop();
  }
}

function run(url: string, conf: string, caFile: string): Promise<DiagnosisReport> {
  return diagnose({ url, caFiles: [caFile], proxyConfigFiles: [conf], env: EMPTY_TRUST_ENV, auth: { authProbes: false }, timeoutMs: 8000 });
}

function at(report: DiagnosisReport, code: string): ConfigLocation {
  const found = report.configLocations?.find((l) => l.code === code);
  assert.ok(found, `${code} at a line: ${JSON.stringify(report.configLocations?.map((l) => `${l.code}@${l.line}`))}`);
  return found;
}

function fakeIo(cwd: string): CliIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: (t) => void out.push(t),
    stderr: () => undefined,
    env: { ...EMPTY_TRUST_ENV, MCP_DOCTOR_CACHE_DIR: cwd },
    color: false,
    interactive: false,
    cwd,
    readStdin: async () => '',
  };
}

describe('proxy config tied to a live run against the lab nginx', { skip: requires('nginx'), concurrency: false }, () => {
  test('the incident: the app redirect lands on `location = /mcp` and its `Host $host`; the CLI prints the same file:line', async () => {
    await withLab('default', async (lab, conf) => {
      const report = await run(lab.url, conf, lab.caFile);
      assert.ok(codes(report).includes('REDIRECT_SCHEME_DOWNGRADE'), codes(report).join(', '));
      const exactLine = lineOf(conf, 'location = /mcp');
      const redirect = at(report, 'REDIRECT_SCHEME_DOWNGRADE');
      assert.equal(redirect.file, conf);
      assert.equal(redirect.line, exactLine);
      assert.match(redirect.directive, /^location = \/mcp$/);
      assert.match(redirect.change, /Host \$http_host/);
      // The Host line itself (same line in the lab's config, its own column) for the live redirect.
      const hostLine = report.configLocations?.find(
        (l) => l.code === 'REDIRECT_SCHEME_DOWNGRADE' && l.directive === 'proxy_set_header Host $host',
      );
      assert.ok(hostLine && hostLine.column > redirect.column, JSON.stringify(report.configLocations));
      // Statically too: Host without the port and no X-Forwarded-Proto, on the same location.
      assert.match(findingOf(report, 'NGINX_HOST_WITHOUT_PORT').cause, /Host: \$host/);
      assert.equal(at(report, 'NGINX_NO_FORWARDED_PROTO').line, exactLine);
      assert.deepEqual(report.proxyConfigFiles, [conf]);
      // The Markdown report (tickets, CI logs) carries the same pointers.
      assert.ok(
        renderMarkdownReport(report).includes(`| \`${conf}:${exactLine}\` | \`location = /mcp\` | \`REDIRECT_SCHEME_DOWNGRADE\` |`),
      );

      const io = fakeIo(lab.dir);
      const code = await runCli(
        ['diagnose', lab.url, '--ca', lab.caFile, '--no-auth-probes', '--proxy-config', conf],
        io,
        AbortSignal.timeout(30_000),
      );
      assert.equal(code, 1);
      const printed = io.out.join('');
      assert.match(printed, /Where to change it/);
      assert.match(printed, new RegExp(`nginx\\.conf:${exactLine} location = /mcp \\[REDIRECT_SCHEME_DOWNGRADE, REDIRECT_PORT_DROPPED`));
    });
  });

  test('missing intermediate: TLS_INCOMPLETE_CHAIN points at ssl_certificate, which the static check finds holding the leaf only', async () => {
    await withLab('missing-intermediate', async (lab, conf) => {
      const report = await run(lab.url, conf, lab.caFile);
      const certLine = lineOf(conf, 'ssl_certificate ');
      assert.equal(at(report, 'TLS_INCOMPLETE_CHAIN').line, certLine);
      assert.equal(at(report, 'NGINX_LEAF_ONLY_CERT').line, certLine);
      assert.match(findingOf(report, 'NGINX_LEAF_ONLY_CERT').fix, /full chain/);
    });
  });

  test('healthy: the fixed config has nothing to change, and the CLI says so', async () => {
    await withLab('healthy', async (lab, conf) => {
      const report = await run(lab.url, conf, lab.caFile);
      assert.deepEqual(report.configLocations, []);
      assert.deepEqual(
        codes(report).filter((c) => c.startsWith('NGINX_') || c.startsWith('PROXY_CONFIG')),
        [],
      );
      const io = fakeIo(lab.dir);
      await runCli(['diagnose', lab.url, '--ca', lab.caFile, '--no-auth-probes', '--proxy-config', conf], io, AbortSignal.timeout(30_000));
      assert.match(io.out.join(''), /nothing to change in the proxy config/);
    });
  });

  test('only `location /mcp/`: nginx itself 301s POST /mcp; static warning and the live redirect both point at that location', async () => {
    await withLab('healthy', async (lab) => {
      const dir = await mkdtemp(join(tmpdir(), 'mcpd-slash-'));
      try {
        const port = await reservePort();
        const backend = new URL(lab.backendUrl);
        const conf = join(dir, 'nginx.conf');
        // A plain-HTTP front with the slash location only, and buffering left at nginx's default.
        const text = readFileSync(join(lab.dir, 'nginx.conf'), 'utf8')
          .replace(/^\s*listen .*$/gm, '')
          .replace('server_name localhost;', `listen 127.0.0.1:${port};\n    server_name localhost;`)
          .replace(/^\s*ssl_\w+ .*$/gm, '')
          .replace(/^\s*proxy_buffering off;$/m, '')
          .replace(/^\s*location = \/mcp .*$/m, '')
          .replaceAll(lab.dir, dir)
          .replace(/server 127\.0\.0\.1:\d+;/, `server 127.0.0.1:${backend.port};`);
        writeFileSync(conf, text);
        const checked = await nginxTest(dir, conf);
        assert.ok(checked.ok, checked.output);
        const nginx = await runNginx(dir, conf);
        try {
          const report = await diagnose({
            url: `http://localhost:${port}/mcp`,
            proxyConfigFiles: [conf],
            env: EMPTY_TRUST_ENV,
            auth: { authProbes: false },
            timeoutMs: 8000,
          });
          const slashLine = lineOf(conf, 'location /mcp/');
          assert.ok(codes(report).includes('REDIRECT_METHOD_CHANGED'), codes(report).join(', '));
          assert.equal(at(report, 'REDIRECT_METHOD_CHANGED').line, slashLine);
          assert.match(at(report, 'REDIRECT_METHOD_CHANGED').change, /location = \/mcp/);
          assert.equal(at(report, 'NGINX_SLASH_REDIRECT').line, slashLine);
          assert.match(findingOf(report, 'NGINX_SLASH_REDIRECT').cause, /POST \/mcp/);
          // The slash URL is served by the same location: buffering is on by nginx's default.
          const slashReport = await diagnose({
            url: `http://localhost:${port}/mcp/`,
            proxyConfigFiles: [conf],
            env: EMPTY_TRUST_ENV,
            auth: { authProbes: false },
            timeoutMs: 8000,
          });
          assert.equal(at(slashReport, 'NGINX_PROXY_BUFFERING').line, slashLine);
          assert.ok(!codes(slashReport).includes('NGINX_SLASH_REDIRECT'));
        } finally {
          await nginx.stop();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
