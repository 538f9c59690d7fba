/**
 * One server that refuses the notification itself (answers it 400) while answering everything else
 * looks, in one sample, like a session spread over replicas. The affinity series settles it: the
 * server's own status bug is reported, and the deployment is not blamed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { type TestServer } from '../../servers/base';
import { startHandmadeServer } from '../../servers/handmade';

describe('a single server that answers notifications with 400', () => {
  let server: TestServer;
  before(async () => {
    server = await startHandmadeServer({ notificationStatus: 400 });
  });
  after(async () => {
    await server.close();
  });

  it('full run: the notification finding stands and sessions are found sticky', async () => {
    const report = await diagnose({ url: server.url('/mcp').href, env: {} });
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('MCP_NOTIFICATION_STATUS_WRONG'), codes.join(', '));
    assert.ok(codes.includes('SESSION_AFFINITY_OK'), codes.join(', '));
    assert.equal(codes.includes('SESSION_NOT_STICKY'), false);
    assert.equal(codes.includes('SESSION_ANSWERS_INCONSISTENT'), false);
    assert.equal(report.findings.find((f) => f.code === 'SESSION_AFFINITY_OK')?.evidence.notificationsRefused, 4);
  });

  it('background run: one sample only, so no confident fix: the doubt is reported instead', async () => {
    const report = await diagnose({ url: server.url('/mcp').href, env: {}, background: true });
    const codes = report.findings.map((f) => f.code);
    assert.equal(codes.includes('MCP_NOTIFICATION_STATUS_WRONG'), false, codes.join(', '));
    assert.deepEqual(report.findings.find((f) => f.code === 'SESSION_ANSWERS_INCONSISTENT')?.evidence.suppressed, [
      'MCP_NOTIFICATION_STATUS_WRONG',
    ]);
    assert.equal(report.steps.find((s) => s.name === 'deploy')?.status, 'skipped');
  });
});
