// A Caddyfile in front of the lab's MCP server (real caddy, plain HTTP on loopback, admin off): the
// reader finds the site for the URL, `caddy adapt --validate` accepts every Caddyfile here, a live
// run ties Caddy's own `redir` (302: POST becomes GET) to its line, and the static checks name the
// redir status and a `header_up Host {upstream_hostport}`.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { findCaddySite, readCaddyfile } from '../../src/core/proxyconfig/caddyfile';
import { startLab, type Lab } from '../lab/index';
import { reservePort } from '../lab/net';
import { codes, findingOf } from '../support/findings';
import { waitForPort } from '../support/net';
import { requires } from '../support/requires';
import { EMPTY_TRUST_ENV } from '../support/trustEnv';

describe('Caddyfile in front of the lab MCP server (real caddy)', { skip: requires('caddy', 'nginx'), concurrency: false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-caddyfile-'));
  const file = join(dir, 'Caddyfile');
  const home = { HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
  let lab: Lab;
  let caddy: ChildProcess | undefined;
  let port = 0;
  let other = 0;

  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    [port, other] = [await reservePort(), await reservePort()];
    const backend = new URL(lab.backendUrl).host;
    writeFileSync(
      file,
      [
        '# The MCP server behind Caddy (plain HTTP on loopback for the test)',
        '{',
        '\tadmin off',
        '\tauto_https off',
        '}',
        '',
        `http://localhost:${port} {`,
        '\tbind 127.0.0.1',
        '\tredir /mcp /mcp/',
        `\treverse_proxy /mcp/* ${backend}`,
        '}',
        '',
        `http://localhost:${other} {`,
        '\tbind 127.0.0.1',
        `\treverse_proxy ${backend} {`,
        '\t\theader_up Host {upstream_hostport}',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    const adapted = spawnSync('caddy', ['adapt', '--validate', '--config', file, '--adapter', 'caddyfile'], {
      encoding: 'utf8',
      env: { PATH: EMPTY_TRUST_ENV.PATH, ...home },
      timeout: 20_000,
    });
    assert.equal(adapted.status, 0, adapted.stderr);
    caddy = spawn('caddy', ['run', '--config', file, '--adapter', 'caddyfile'], {
      stdio: 'ignore',
      env: { PATH: EMPTY_TRUST_ENV.PATH, ...home },
    });
    assert.ok(await waitForPort(port, () => caddy?.exitCode === null, 200), 'caddy listens');
  });
  after(async () => {
    caddy?.kill();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const lineOf = (text: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.trim() === text) + 1;

  test('the reader finds each site by host and port', () => {
    const parsed = readCaddyfile(file);
    assert.deepEqual(parsed.problems, []);
    assert.equal(findCaddySite(parsed, 'localhost', port)?.line, lineOf(`http://localhost:${port} {`));
    assert.equal(findCaddySite(parsed, 'localhost', other)?.line, lineOf(`http://localhost:${other} {`));
    assert.equal(findCaddySite(parsed, 'localhost', 1), undefined);
  });

  test("POST /mcp: Caddy's redir answers 302; the live redirect and the static check point at the redir line", async () => {
    const report = await diagnose({
      url: `http://localhost:${port}/mcp`,
      proxyConfigFiles: [file],
      env: EMPTY_TRUST_ENV,
      auth: { authProbes: false },
      timeoutMs: 8000,
    });
    assert.ok(codes(report).includes('REDIRECT_METHOD_CHANGED'), codes(report).join(', '));
    const redirLine = lineOf('redir /mcp /mcp/');
    const live = report.configLocations?.find((l) => l.code === 'REDIRECT_METHOD_CHANGED');
    assert.equal(live?.line, redirLine, JSON.stringify(report.configLocations));
    assert.equal(live?.directive, 'redir /mcp /mcp/');
    assert.match(findingOf(report, 'CADDY_REDIR_CHANGES_METHOD').cause, /302 \(the default\)/);
    assert.ok(report.configLocations?.some((l) => l.code === 'CADDY_REDIR_CHANGES_METHOD' && l.line === redirLine));
  });

  test('header_up Host {upstream_hostport} is named on its line; an unserved port says so only when no site serves it', async () => {
    const report = await diagnose({
      url: `http://localhost:${other}/mcp/`,
      proxyConfigFiles: [file],
      env: EMPTY_TRUST_ENV,
      auth: { authProbes: false },
      timeoutMs: 8000,
    });
    const found = report.configLocations?.find((l) => l.code === 'CADDY_HOST_UPSTREAM');
    assert.equal(found?.line, lineOf('header_up Host {upstream_hostport}'));
    const none = await diagnose({
      url: `http://localhost:${await reservePort()}/mcp/`,
      proxyConfigFiles: [file],
      env: EMPTY_TRUST_ENV,
      auth: { authProbes: false },
      timeoutMs: 4000,
    });
    assert.ok(codes(none).includes('CADDY_NO_SITE'));
    // Found in a workspace rather than named: a config for other servers says nothing about this one.
    const quiet = await diagnose({
      url: `http://localhost:${await reservePort()}/mcp/`,
      proxyConfigFiles: [file],
      proxyConfigFound: true,
      env: EMPTY_TRUST_ENV,
      auth: { authProbes: false },
      timeoutMs: 4000,
    });
    assert.ok(!codes(quiet).includes('CADDY_NO_SITE'), codes(quiet).join(', '));
    assert.deepEqual(quiet.configLocations, []);
  });
});
