/**
 * Files named by the user or the environment can be anything: a FIFO (a read that never ends; a
 * synchronous read would freeze the process), a device, a directory. The diagnosis still ends on
 * time, names the bad file, and leaves no read pending.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeSelfSignedCert } from '../servers/tlsCert';
import { sendJson, startServer, type TestServer } from '../servers/base';
import { diagnoseHostile, STEP_MS } from './harness';

describe('hostile files as CA inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpdoctor-hostile-files-'));
  const fifo = join(dir, 'ca.pem');
  const folder = join(dir, 'certs');
  let server: TestServer;

  before(async () => {
    execFileSync('mkfifo', [fifo]);
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'in-a-directory.pem')]);
    server = await startServer((_req, res) => sendJson(res, 404, {}), { tls: makeSelfSignedCert() });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--ca FIFO and /dev/zero: named as invalid at once, and the diagnosis goes on', async () => {
    const run = await diagnoseHostile({ url: server.url('/mcp').href, caFiles: [fifo, '/dev/zero', folder] });
    const invalid = run.report.findings.filter((f) => f.code === 'CONFIG_CA_FILE_INVALID');
    assert.deepEqual(
      invalid.map((f) => f.evidence.path),
      [fifo, '/dev/zero', folder],
    );
    assert.match(invalid[0]?.cause ?? '', /not a regular file/);
    assert.ok(!run.codes.includes('STEP_TIMEOUT'), run.codes.join(', '));
    assert.ok(
      run.report.steps.some((s) => s.name === 'tls' && s.status !== 'skipped'),
      'later steps ran',
    );
    assert.ok(run.ms < STEP_MS * 3);
  });

  it('NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and SSL_CERT_DIR pointing at FIFOs: the process neither freezes nor hangs at exit', async () => {
    const env = { NODE_EXTRA_CA_CERTS: fifo, SSL_CERT_FILE: fifo, REQUESTS_CA_BUNDLE: '/dev/zero', SSL_CERT_DIR: folder };
    const started = Date.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | string | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'fixtures', 'diagnoseInChild.ts'), server.url('/mcp').href, JSON.stringify(env)],
        { timeout: 30_000, killSignal: 'SIGKILL' },
        (err, out, errOut) => {
          resolve({ code: err ? (err.code ?? err.signal ?? 'killed') : 0, stdout: out, stderr: errOut });
        },
      );
    });
    assert.equal(code, 0, `the child did not finish on its own: ${stderr}`);
    const codes = JSON.parse(stdout) as string[];
    assert.ok(codes.includes('TLS_SELF_SIGNED'), codes.join(', '));
    assert.ok(!codes.includes('STEP_TIMEOUT'), codes.join(', '));
    assert.ok(Date.now() - started < 20_000);
  });
});
