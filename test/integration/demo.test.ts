// `npm start` (scripts/demo.ts) tells the incident's whole story in one run: broken first (untrusted CA,
// scheme- and port-dropping redirect), then the fix the report gives (ca-bundle, the exports, the corrected
// URL), ending healthy with the tools listed, exit 0. Run as a newcomer would (the built CLI in dist/),
// with every trust variable set explicitly to the OS bundle: this machine presets them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { requires } from '../support/requires';

const ROOT = join(__dirname, '..', '..');
const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const ENV = {
  NODE_EXTRA_CA_CERTS: OS_BUNDLE,
  SSL_CERT_FILE: OS_BUNDLE,
  SSL_CERT_DIR: '/etc/ssl/certs',
  REQUESTS_CA_BUNDLE: OS_BUNDLE,
  CURL_CA_BUNDLE: OS_BUNDLE,
};

function runDemo(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...ENV, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test(
  'npm start: broken, then the fix the report gives, ending healthy with the tools listed',
  { skip: requires('nginx', 'openssl'), timeout: 180_000 },
  async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'npm test builds dist/ first (pretest)');
    const { code, out } = await runDemo();
    assert.equal(code, 0, out.slice(-3000));
    const chapters = ['1/3 The broken setup', '2/3 The fix, part 1', '3/3 The fix, part 2'].map((c) => out.indexOf(c));
    assert.ok(
      chapters.every((at, i) => at >= 0 && (i === 0 || at > chapters[i - 1]!)),
      'three chapters, in order',
    );
    const broken = out.slice(chapters[0], chapters[1]);
    assert.match(broken, /redirected \(307\) to http:\/\/localhost\/mcp\/ \(scheme and port lost\)/);
    assert.match(broken, /TLS_UNTRUSTED_ROOT/);
    const healthy = out.slice(chapters[2]);
    assert.match(healthy, /export SSL_CERT_FILE=\S+ca-bundle\.pem/);
    assert.match(healthy, /3 tools: get_customer_info, create_support_ticket, calculate_account_value/);
    assert.doesNotMatch(healthy, /^ {2}✗ [A-Z_]+ \[/m, 'no error finding after the fix');
    assert.match(out, /Broken, then healthy/);
    assert.doesNotMatch(out, /\$ mcp-doctor /, 'only commands a newcomer can run as written');
  },
);
