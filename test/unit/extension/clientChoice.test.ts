import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DiscoveredServer } from '../../../src/core/discovery/types';
import { confirmClientsCommand } from '../../../src/extension/commands/confirmClients';
import { diagnoseCommand } from '../../../src/extension/commands/diagnose';
import { leadClientFor } from '../../../src/extension/commands/run';
import { serveTls, type Running } from '../../tls/harness';
import { type IssuedCert, TestPki } from '../../tls/pki';
import { harness } from './fakes';

const source = (kind: DiscoveredServer['source']['kind']) => ({ source: { kind } }) as DiscoveredServer;

describe('whose view leads in the editor (mcpDoctor.client)', () => {
  it('auto: the client the configuration file belongs to; an explicit setting wins', () => {
    assert.equal(leadClientFor(source('vscode-workspace'), 'auto'), 'vscode');
    assert.equal(leadClientFor(source('cursor-workspace'), 'auto'), 'cursor');
    assert.equal(leadClientFor(source('mcp-json'), 'auto'), 'claude-code');
    assert.equal(leadClientFor(source('url'), 'auto'), 'vscode');
    assert.equal(leadClientFor(source('mcp-json'), 'python-httpx'), 'python-httpx');
    const withCa = { source: { kind: 'settings' }, caFiles: ['/ca.pem'] } as unknown as DiscoveredServer;
    assert.equal(leadClientFor(withCa, 'auto'), 'node', 'caFiles describe a Node client configured with them');
    assert.equal(leadClientFor({ ...withCa, caFiles: [] }, 'auto'), 'vscode');
  });

  describe('against a private-CA server trusted only through NODE_EXTRA_CA_CERTS', () => {
    let pki: TestPki;
    let root: IssuedCert;
    let server: Running;
    before(async () => {
      pki = new TestPki();
      root = pki.issue({ name: 'root', cn: 'Editor Private Root CA', ca: true });
      const leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: root, san: 'DNS:localhost,IP:127.0.0.1' });
      server = await serveTls(leaf.pem, leaf.keyPem);
    });
    after(async () => {
      await server.close();
      pki.dispose();
    });

    const mcpJson = () => ({
      '/ws/.mcp.json': `{ "mcpServers": { "lab": { "type": "http", "url": "https://localhost:${server.port}/mcp" } } }`,
    });
    const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NODE_EXTRA_CA_CERTS: root.certPath });

    it(".mcp.json is Claude Code (Node): it trusts the server, and VS Code's distrust only warns", async () => {
      const h = harness({ files: mcpJson(), env: env(), settings: { timeoutMs: 3000 } });
      const report = await diagnoseCommand(h.s, 'mcp-json:/ws/.mcp.json#lab');
      assert.equal(report?.verdict.client, 'Claude Code');
      const codes = report!.findings.map((f) => `${f.code}:${f.severity}`);
      assert.ok(codes.includes('TLS_OK:ok'), codes.join(' '));
      assert.ok(codes.includes('TLS_TRUST_DIFFERS:warning'), codes.join(' '));
      assert.equal(report!.findings.find((f) => f.code === 'TLS_OK')?.title, 'TLS certificate is valid and trusted by Claude Code');
    });

    it('mcpDoctor.client = vscode: the same server is an error for VS Code, and the title says so', async () => {
      const h = harness({ files: mcpJson(), env: env(), settings: { timeoutMs: 3000, client: 'vscode' } });
      const report = await diagnoseCommand(h.s, 'mcp-json:/ws/.mcp.json#lab');
      const untrusted = report!.findings.find((f) => f.code === 'TLS_UNTRUSTED_ROOT');
      assert.equal(untrusted?.severity, 'error');
      assert.equal(untrusted?.title, 'Certificate chain ends at a CA that VS Code does not trust');
    });

    it("Confirm with Installed Clients marks the rows with what the real clients did, with the host's environment", async () => {
      const h = harness({ files: mcpJson(), env: env(), settings: { timeoutMs: 3000 } });
      await diagnoseCommand(h.s, 'mcp-json:/ws/.mcp.json#lab');
      const confirmed = await confirmClientsCommand(h.s);
      const rows = Object.fromEntries((confirmed?.tls?.clients ?? []).map((r) => [r.client, r]));
      assert.equal(rows['node-extra-ca']?.confirmed?.outcome, 'trusted');
      assert.equal(rows['node-extra-ca']?.confirmed?.agrees, true);
      assert.equal(rows.vscode?.confirmed, undefined, 'VS Code is predicted only');
      assert.equal(h.presenter.shown.length, 2, 'the confirmed report replaces the panel');
      assert.match(h.sink.lines.join('\n'), /confirmed trust of "lab" with the installed clients/);
    });
  });

  it('Confirm with Installed Clients before any diagnosis explains what to do first', async () => {
    const h = harness();
    assert.equal(await confirmClientsCommand(h.s), undefined);
    assert.match(h.ui.messages.map((m) => m.text).join('\n'), /diagnose a server first/);
  });
});
