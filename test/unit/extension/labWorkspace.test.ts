import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type StatusView } from '../../../src/core/status/statusView';
import { createCaBundleCommand } from '../../../src/extension/commands/caBundle';
import { diagnoseCommand } from '../../../src/extension/commands/diagnose';
import { backgroundCheck } from '../../../src/extension/commands/run';
import { loadDecoder, loadEngine } from '../../../src/extension/engine';
import { tokenHoverAt } from '../../../src/extension/jwt/hover';
import { stringSource } from '../../../src/extension/jwt/tokenText';
import { StatusController } from '../../../src/extension/status/statusController';
import { type Lab, startLab } from '../../lab/index';
import { ArrayLog, everythingWritten, harness } from './fakes';
import { requires } from '../../support/requires';

const SERVER_ID = 'vscode-workspace:/ws/.vscode/mcp.json#lab';

/** The "must hold", at the host level: a workspace whose .vscode/mcp.json points at the lab. */
describe('workspace mcp.json pointing at the lab (healthy scenario)', { skip: requires('nginx') }, () => {
  let lab: Lab;
  let token: string;
  let stopped = false;

  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    token = await lab.mintToken();
  });

  after(async () => {
    if (!stopped) await lab.stop();
  });

  it("Create CA Bundle adds the lab root from the server's caFiles and offers the export lines", async () => {
    const h = harness({ settings: { servers: [{ name: 'lab-ca', url: lab.url, caFiles: [lab.caFile] }] } });
    h.ui.savePath = '/tmp/lab-bundle.pem';
    h.ui.messageAnswer = 'Copy Export Lines';
    assert.equal(await createCaBundleCommand(h.s, 'settings:#lab-ca'), '/tmp/lab-bundle.pem');
    const pem = h.ui.files.get('/tmp/lab-bundle.pem') ?? '';
    assert.ok(pem.includes(lab.caPem.trim()), 'the bundle holds the lab root CA');
    assert.match(h.ui.messages.at(-1)?.text ?? '', /CA bundle saved to \/tmp\/lab-bundle\.pem .*adds "MCP Doctor Lab Root CA"/);
    assert.match(h.ui.clipboard, /^export NODE_EXTRA_CA_CERTS=\/tmp\/lab-bundle\.pem$/m);
    assert.match(h.ui.clipboard, /^export SSL_CERT_FILE=\/tmp\/lab-bundle\.pem$/m);
  });

  it('palette command diagnoses and reports; the hover verifies a token against the cached JWKS; the status bar follows', async () => {
    const mcpJson = JSON.stringify({
      inputs: [{ type: 'promptString', id: 'lab-token', description: 'Lab access token', password: true }],
      servers: { lab: { type: 'http', url: lab.url, headers: { Authorization: 'Bearer ${input:lab-token}' } } },
    });
    // The CA is given the Node way (NODE_EXTRA_CA_CERTS), which VS Code's own MCP client ignores: the
    // user says their client is Node, or the verdict would rightly be VS Code's distrust (clientChoice.test.ts).
    const h = harness({
      files: { '/ws/.vscode/mcp.json': mcpJson },
      env: { NODE_EXTRA_CA_CERTS: lab.caFile },
      settings: { timeoutMs: 8000, client: 'node' },
    });
    h.ui.inputAnswers.push(token);
    h.ui.pickAnswers.push((items) => items.find((i) => i.label === 'lab')?.value);

    const report = await diagnoseCommand(h.s);
    assert.equal(report?.tls?.trusted, true, 'the lab CA from NODE_EXTRA_CA_CERTS is trusted');
    assert.equal(report?.mcp?.reached, true);
    assert.notEqual(report?.verdict.severity, 'error', report?.verdict.summary);
    assert.equal(h.presenter.shown[0].context.serverId, SERVER_ID);

    // The JWKS refresh runs after the report; bounded wait for it.
    for (let i = 0; i < 100 && !h.s.jwks.get(SERVER_ID); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.s.jwks.get(SERVER_ID)?.jwksUrl, lab.jwksUri);
    const env = `# .env\nMCP_TOKEN=${token}\n`;
    const hover = await tokenHoverAt(stringSource(env), env.indexOf(token) + 20, {
      decoder: loadDecoder,
      engine: loadEngine,
      jwks: h.s.jwks,
      now: Date.now,
    });
    assert.match(hover?.markdown ?? '', /✅ verified with key `[^`]+` from the JWKS of lab/);
    assert.match(hover?.markdown ?? '', new RegExp(`\\| iss \\| ${lab.issuer.replace(/[.:/]/g, '\\$&')} \\|`));

    const views: (StatusView | undefined)[] = [];
    const controller: StatusController = new StatusController({
      render: (v) => views.push(v),
      settings: h.s.settings,
      servers: async () => (await h.s.registry.discover()).servers,
      workspaceTrusted: () => true,
      userActed: () => true,
      windowFocused: () => true,
      check: (server, signal) => backgroundCheck({ ...h.s, health: controller }, server, signal),
      now: Date.now,
      timers: { setTimeout: () => undefined, clearTimeout: () => undefined },
      log: new ArrayLog(),
    });
    await controller.runChecks();
    assert.equal(
      views.at(-1)?.level,
      'healthy',
      `${views.at(-1)?.tooltip}\n${JSON.stringify(
        h.s.session
          .latest()
          ?.report.findings.filter((f) => f.severity !== 'ok')
          .map((f) => [f.code, f.cause]),
      )}`,
    );
    await lab.stop();
    stopped = true;
    await controller.runChecks();
    assert.equal(views.at(-1)?.level, 'failing');
    assert.match(views.at(-1)?.tooltip ?? '', /lab — failing\n.*\nLast check: just now.*\nNET_CONNECTION_REFUSED/);
    controller.dispose();

    assert.ok(!everythingWritten(h).includes(token), 'the token is never written anywhere');
    assert.ok((await h.s.timeline.runs(SERVER_ID)).length >= 3);
  });
});
