// nginx's own choice of server and location, differential: a real nginx answers which server and
// location took each request (an X-Loc header set per location), and the config reader with
// findServer/findLocation must name the same one, for exact, ^~, longest-prefix, regex (in order,
// ~* caseless), nested locations, the trailing-slash 301 and server_name precedence.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { children, findLocation, findServer, locationSpec, slashRedirectingLocation } from '../../src/core/proxyconfig/nginxMatch';
import { readNginxConfig } from '../../src/core/proxyconfig/nginxParse';
import { type NginxDirective } from '../../src/core/proxyconfig/types';
import { reservePort } from '../lab/net';
import { mainContext, nginxTest, runNginx, tempPaths } from '../support/nginxRun';
import { requires } from '../support/requires';

/** Every location answers with its server and its own text; proxied ones go to a closed port (502, header kept with `always`). */
function mark(server: string, loc: string): string {
  return `add_header X-Loc "${server} ${label(loc)}" always;`;
}

/** A location's arguments as a header value ("$" would be read as a variable). */
function label(args: string): string {
  return args.replace(/\$/g, 'END').replace(/\\/g, '');
}

function config(dir: string, port: number, closed: number): string {
  const l = (server: string, args: string, body = 'return 200 "ok";', nested = '') =>
    `location ${args} { ${mark(server, args)} ${body} ${nested} }`;
  const pass = `proxy_pass http://127.0.0.1:${closed};`;
  return `${mainContext(dir)}http {
  access_log off;
  ${tempPaths(dir)}
  server {
    listen 127.0.0.1:${port};
    server_name example.com;
    ${l('S1', '= /mcp')}
    ${l('S1', '/mcp/', pass)}
    ${l('S1', '/api/', pass)}
    ${l('S1', '^~ /static/')}
    ${l('S1', '~* \\.(png|jpg)$')}
    ${l('S1', '/docs/', 'return 200 "ok";', `${l('S1', '~ \\.md$')} ${l('S1', '/docs/inner/')}`)}
    ${l('S1', '~ ^/docs/special')}
    ${l('S1', '/')}
    ${l('S1', '~ /mcp/x$')}
    ${l('S1', '/static/deep/')}
  }
  server { listen 127.0.0.1:${port} default_server; server_name _; ${l('S2', '/')} }
  server { listen 127.0.0.1:${port}; server_name *.example.com; ${l('S3', '/')} }
  server { listen 127.0.0.1:${port}; server_name www.example.*; ${l('S4', '/')} }
  server { listen 127.0.0.1:${port}; server_name ~^api\\d+\\.example\\.org$; ${l('S5', '/')} }
  server { listen 127.0.0.1:${port}; server_name .example.net; ${l('S6', '/')} }
}
`;
}

interface Answer {
  status: number;
  loc: string;
  location: string;
}

function get(port: number, host: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { Host: host }, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, loc: String(res.headers['x-loc'] ?? ''), location: String(res.headers.location ?? '') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const serverName = (server: NginxDirective) =>
  String(
    server
      .block!.find((d) => d.name === 'location')!
      .block!.find((d) => d.name === 'add_header')!
      .args[1]!.split(' ')[0],
  );

describe('server and location choice, against a real nginx', { skip: requires('nginx'), concurrency: false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-nginx-match-'));
  const conf = join(dir, 'nginx.conf');
  let port = 0;
  let nginx: { stop(): Promise<void> } | undefined;
  before(async () => {
    port = await reservePort();
    writeFileSync(conf, config(dir, port, await reservePort()));
    const checked = await nginxTest(dir, conf);
    assert.ok(checked.ok, checked.output);
    nginx = await runNginx(dir, conf);
  });
  after(async () => {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const paths = [
    '/mcp',
    '/mcp/',
    '/mcp/x',
    '/mcp/y',
    '/api',
    '/api/v1',
    '/static/a.png',
    '/static/deep/b',
    '/img/a.PNG',
    '/docs/a.md',
    '/docs/inner/b.md',
    '/docs/inner/c',
    '/docs/special',
    '/docs/x',
    '/other',
    '/',
  ];
  test('every path: the location nginx used is the one findLocation names, and nginx redirects exactly where predicted', async () => {
    const parsed = readNginxConfig(conf);
    assert.deepEqual(parsed.problems, []);
    const s1 = findServer(parsed, 'example.com', port)!.server;
    const locations = children(s1, 'location');
    const seen: string[] = [];
    for (const path of paths) {
      const answer = await get(port, 'example.com', path);
      const redirecting = slashRedirectingLocation(locations, path);
      if (redirecting) {
        assert.equal(answer.status, 301, `${path}: nginx should redirect (${JSON.stringify(answer)})`);
        assert.match(answer.location, new RegExp(`${path}/$`));
        seen.push(`${path} → 301`);
        continue;
      }
      assert.notEqual(answer.status, 301, `${path}: nginx redirected, findLocation did not predict it`);
      const match = findLocation(locations, path);
      assert.ok(match, `${path}: no location found`);
      assert.equal(
        answer.loc,
        `S1 ${label(match.location.args.join(' '))}`,
        `${path} (${match.how}; nested in ${match.parents.map((p) => locationSpec(p).pattern).join(' > ') || 'server'})`,
      );
      seen.push(`${path} → ${match.how}`);
    }
    // The run covered every kind of match, so agreement above means something.
    for (const how of ['exact', 'prefix', 'prefix ^~', 'regex', '301'])
      assert.ok(
        seen.some((s) => s.endsWith(how)),
        `${how} not exercised: ${seen.join(', ')}`,
      );
  });

  test('server_name: exact, leading and trailing wildcards, regex, .domain, then default_server', async () => {
    const parsed = readNginxConfig(conf);
    const hosts = [
      'example.com',
      'foo.example.com',
      'www.example.com',
      'www.example.org',
      'api12.example.org',
      'example.net',
      'a.example.net',
      'other.test',
    ];
    const chosen: string[] = [];
    for (const host of hosts) {
      const answer = await get(port, host, '/other');
      const server = findServer(parsed, host, port);
      assert.ok(server, host);
      assert.equal(answer.loc.split(' ')[0], serverName(server.server), `${host} (${server.how})`);
      chosen.push(serverName(server.server));
    }
    assert.deepEqual(chosen, ['S1', 'S3', 'S3', 'S4', 'S5', 'S6', 'S6', 'S2']);
    assert.equal(findServer(parsed, 'example.com', port + 1), undefined);
  });
});
