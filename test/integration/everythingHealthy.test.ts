// A third-party server nobody here wrote (the npm "everything" MCP server, Streamable HTTP): it answers an
// unknown session with 400 instead of 404 on every healthy run. That nit is noted, never the headline.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { closedPort, waitForPort } from '../support/net';
import { missingReason } from '../support/requires';

const BIN = join(__dirname, '..', '..', 'node_modules', '.bin', 'mcp-server-everything');

describe(
  'healthy third-party server with the 400-for-unknown-session nit',
  { skip: existsSync(BIN) ? false : missingReason(['server-everything']) },
  () => {
    let child: ChildProcess;
    let port: number;
    before(async () => {
      port = await closedPort();
      child = spawn(BIN, ['streamableHttp'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port) }, stdio: 'ignore' });
      assert.ok(await waitForPort(port, () => child.exitCode === null, 200), 'the everything server did not start listening');
    });
    after(() => {
      child?.kill('SIGKILL');
    });

    test('the verdict is healthy; MCP_SESSION_STATUS_WRONG is info', async () => {
      const report = await diagnose({ url: `http://127.0.0.1:${port}/mcp`, env: {}, timeoutMs: 8000 });
      const nit = report.findings.find((f) => f.code === 'MCP_SESSION_STATUS_WRONG');
      assert.equal(nit?.severity, 'info', report.findings.map((f) => `${f.code}:${f.severity}`).join(' '));
      assert.equal(report.verdict.severity, 'ok', report.verdict.summary);
      assert.ok(report.findings.some((f) => f.code === 'MCP_OK'));
    });
  },
);
