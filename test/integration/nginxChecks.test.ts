// The static checks on configs nginx itself accepts (`nginx -t` on every one): inheritance of
// directives (a location's own proxy_set_header drops every inherited one), nginx's defaults
// (HTTP/1.0 upstream, buffering on, 60 s read timeout), fragments included from conf.d, and the
// Quick Fix edits, whose result nginx -t accepts too.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzeNginx } from '../../src/core/proxyconfig/nginxAnalyze';
import { readNginxConfig } from '../../src/core/proxyconfig/nginxParse';
import { nginxQuickFix } from '../../src/extension/problems/nginxQuickFix';
import { mainContext, nginxTest, tempPaths } from '../support/nginxRun';
import { requires } from '../support/requires';

const root = mkdtempSync(join(tmpdir(), 'mcpd-nginx-checks-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Writes a config (http block body given) into its own folder, proves nginx accepts it, returns its path. */
async function validConfig(httpBody: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(root, String(n++));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `${mainContext(dir)}http {\n  ${tempPaths(dir)}\n${httpBody}\n}\n`);
  const checked = await nginxTest(dir, conf);
  assert.ok(checked.ok, checked.output);
  return conf;
}

/** Each issue as `kind@<the line it points at, trimmed>`. */
function kinds(conf: string, url: string): string[] {
  const lines = readFileSync(conf, 'utf8').split('\n');
  return analyzeNginx(readNginxConfig(conf), new URL(url)).issues.map((i) => `${i.kind}@${lines[i.at.line - 1]!.trim()}`);
}

describe('static nginx checks on configs nginx accepts', { skip: requires('nginx') }, () => {
  test('defaults: a bare proxied location is HTTP/1.0, buffered, 60 s, Host $proxy_host', async () => {
    const conf = await validConfig(
      '  server {\n    listen 127.0.0.1:8080;\n    location /mcp/ {\n      proxy_pass http://127.0.0.1:9;\n    }\n  }',
    );
    assert.deepEqual(kinds(conf, 'http://localhost:8080/mcp/').sort(), [
      'buffering@location /mcp/ {',
      'host-without-port@location /mcp/ {',
      'http10@location /mcp/ {',
      'short-read-timeout@location /mcp/ {',
    ]);
    assert.deepEqual(kinds(conf, 'http://localhost:8080/mcp'), ['slash-redirect@location /mcp/ {']);
  });

  test('server-level settings are inherited; one proxy_set_header in the location drops the inherited ones', async () => {
    const conf = await validConfig(`  server {
    listen 127.0.0.1:8443;
    proxy_http_version 1.1;
    proxy_buffering off;
    proxy_read_timeout 1h;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-Proto $scheme;
    location = /mcp {
      proxy_pass http://127.0.0.1:9/mcp/;
    }
    location /mcp/ {
      proxy_set_header Connection "";
      proxy_pass http://127.0.0.1:9;
    }
  }`);
    assert.deepEqual(kinds(conf, 'http://localhost:8443/mcp'), []);
    // The slash location set only Connection: Host and X-Forwarded-Proto are gone there (https would need it).
    assert.deepEqual(kinds(conf, 'http://localhost:8443/mcp/'), ['host-without-port@location /mcp/ {']);
  });

  test('a conf.d fragment is read through include; the 5m timeout passes, 30s does not', async () => {
    const conf = await validConfig('  include conf.d/*.conf;', {
      'conf.d/mcp.conf':
        'server {\n  listen 127.0.0.1:8081;\n  server_name mcp.test;\n  location /mcp {\n    proxy_pass http://127.0.0.1:9;\n    proxy_http_version 1.1;\n    proxy_buffering off;\n    proxy_read_timeout 5m;\n    proxy_set_header Host $host:$server_port;\n  }\n}\n',
      'conf.d/other.conf':
        'server {\n  listen 127.0.0.1:8081;\n  server_name other.test;\n  location / {\n    proxy_pass http://127.0.0.1:9;\n    proxy_read_timeout 30s;\n  }\n}\n',
    });
    const analysis = analyzeNginx(readNginxConfig(conf), new URL('http://mcp.test:8081/mcp'));
    assert.match(analysis.location!.location.file, /conf\.d\/mcp\.conf$/);
    assert.deepEqual(analysis.issues, []);
    const other = analyzeNginx(readNginxConfig(conf), new URL('http://other.test:8081/mcp'));
    assert.ok(
      other.issues.some(
        (i) =>
          i.kind === 'short-read-timeout' &&
          i.facts.seconds === 30 &&
          i.directive === 'proxy_read_timeout 30s' &&
          /other\.conf$/.test(i.at.file),
      ),
      JSON.stringify(other.issues),
    );
  });

  test('Quick Fix edits on a defaults-only location: nginx -t accepts the result and the checks pass', async () => {
    const conf = await validConfig(
      '  server {\n    listen 127.0.0.1:8082;\n    location /mcp/ { proxy_pass http://127.0.0.1:9; proxy_set_header Host $host; }\n  }',
    );
    let text = readFileSync(conf, 'utf8');
    const analysis = analyzeNginx(readNginxConfig(conf), new URL('https://localhost:8082/mcp/'));
    const lineStart = (line: number) =>
      text
        .split('\n')
        .slice(0, line - 1)
        .reduce((sum, l) => sum + l.length + 1, 0);
    const edits = analysis.issues.map((i) =>
      nginxQuickFix(
        {
          http10: 'NGINX_PROXY_HTTP10',
          buffering: 'NGINX_PROXY_BUFFERING',
          'short-read-timeout': 'NGINX_READ_TIMEOUT_SHORT',
          'host-without-port': 'NGINX_HOST_WITHOUT_PORT',
          'no-forwarded-proto': 'NGINX_NO_FORWARDED_PROTO',
        }[i.kind as string] ?? '',
        i.directive,
        text,
        lineStart(i.at.line) + i.at.column - 1,
      ),
    );
    assert.equal(edits.filter(Boolean).length, analysis.issues.length, JSON.stringify(analysis.issues.map((i) => i.kind)));
    for (const e of edits.sort((a, b) => b!.start - a!.start)) text = text.slice(0, e!.start) + e!.text + text.slice(e!.end);
    writeFileSync(conf, text);
    const checked = await nginxTest(join(conf, '..'), conf);
    assert.ok(checked.ok, `${checked.output}\n${text}`);
    assert.deepEqual(kinds(conf, 'https://localhost:8082/mcp/'), []);
  });
});
