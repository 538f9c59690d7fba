import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmClients, type Programs } from '../../../src/core/clients/confirm';
import { type ProcessSpawner, type SpawnResult } from '../../../src/core/clients/spawner';
import { type ClientTrustReport } from '../../../src/core/tls/types';

const PROGRAMS: Programs = { node: '/opt/node', nodeIsElectron: false, curl: '/usr/bin/curl', pythons: ['/usr/bin/python3'] };

function row(client: ClientTrustReport['client'], trusts: boolean): ClientTrustReport {
  return { client, label: client, trusts, trustFrom: 'store', reason: trusts ? 'ok' : 'untrusted root' };
}

/** A spawner answering per program, recording every call (command, args, env). */
function fakeSpawner(answers: Record<string, SpawnResult>) {
  const calls: { command: string; args: readonly string[]; env: Readonly<Record<string, string | undefined>> }[] = [];
  const spawn: ProcessSpawner = async (command, args, options) => {
    calls.push({ command, args, env: options.env });
    const key = command.endsWith('python3') ? `${command}:${args[2]}` : command;
    return answers[key] ?? { exitCode: null, stdout: '', failure: 'ENOENT' };
  };
  return { spawn, calls };
}

test('curl exit codes are read as curl defines them: 60 and 77 reject, 7 is inconclusive, 0 with any status trusts', async () => {
  for (const [exitCode, outcome] of [
    [60, 'untrusted'],
    [77, 'untrusted'],
    [7, 'inconclusive'],
    [0, 'trusted'],
  ] as const) {
    const { spawn } = fakeSpawner({ '/usr/bin/curl': { exitCode, stdout: exitCode === 0 ? '401' : '' } });
    const result = await confirmClients({ url: 'https://h.test/mcp', env: {}, rows: [row('curl', false)], spawn, programs: PROGRAMS });
    assert.equal(result.rows[0]!.confirmed?.outcome, outcome, `exit ${exitCode}`);
  }
});

test('a contradiction is TLS_PREDICTION_WRONG with both outcomes; a real rejection makes it an error', async () => {
  const { spawn } = fakeSpawner({
    '/usr/bin/curl': { exitCode: 60, stdout: '' },
    '/usr/bin/python3:httpx': { exitCode: 0, stdout: '{"outcome":"trusted","status":200,"version":"0.23.3"}' },
  });
  const result = await confirmClients({
    url: 'https://h.test/mcp',
    env: {},
    rows: [row('curl', true), row('python-httpx', false)],
    spawn,
    programs: PROGRAMS,
  });
  const wrong = result.findings.filter((f) => f.code === 'TLS_PREDICTION_WRONG');
  assert.equal(wrong.length, 2);
  const curl = wrong.find((f) => f.evidence.client === 'curl')!;
  assert.equal(curl.severity, 'error');
  assert.equal(curl.evidence.predicted, 'trusts the server');
  assert.equal(curl.evidence.actual, 'rejected the certificate');
  assert.match(String(curl.evidence.detail), /exit 60/);
  assert.equal(wrong.find((f) => f.evidence.client === 'python-httpx')!.severity, 'warning');
  assert.equal(result.rows[1]!.confirmed?.agrees, false);
  const named = await confirmClients({
    url: 'https://h.test/mcp',
    env: {},
    rows: [row('curl', true)],
    spawn,
    programs: PROGRAMS,
    leadRows: ['python-httpx'],
  });
  assert.equal(
    named.findings.find((f) => f.code === 'TLS_PREDICTION_WRONG')?.severity,
    'warning',
    'another client than the one named only warns',
  );
});

test('the token variable and, for the default Node row, NODE_EXTRA_CA_CERTS never reach the clients', async () => {
  const { spawn, calls } = fakeSpawner({
    '/opt/node': { exitCode: 3, stdout: '{"outcome":"untrusted","code":"UNABLE_TO_GET_ISSUER_CERT_LOCALLY"}' },
  });
  const env = { MCP_TOKEN: 'secret-token', NODE_EXTRA_CA_CERTS: '/ca.pem', PATH: '/usr/bin' };
  const result = await confirmClients({
    url: 'https://h.test/mcp',
    env,
    rows: [row('node', false), row('node-extra-ca', true), row('curl', false)],
    spawn,
    programs: PROGRAMS,
    hideVariables: ['MCP_TOKEN'],
  });
  assert.ok(calls.every((c) => c.env.MCP_TOKEN === undefined && !c.args.some((a) => a.includes('secret-token'))));
  const nodeCalls = calls.filter((c) => c.command === '/opt/node');
  assert.deepEqual(
    nodeCalls.map((c) => c.env.NODE_EXTRA_CA_CERTS),
    [undefined, '/ca.pem'],
  );
  assert.ok(
    calls.every((c) => c.args.includes('https://h.test/mcp')),
    'only the URL under diagnosis',
  );
  assert.equal(result.rows[0]!.confirmed?.agrees, true);
  assert.equal(result.rows[1]!.confirmed?.agrees, false);
  assert.equal(result.rows[2]!.confirmed, undefined, 'curl not installed: the row stays predicted');
});

test("no user info or query string (an API key) reaches a client's command line", async () => {
  const { spawn, calls } = fakeSpawner({ '/usr/bin/curl': { exitCode: 0, stdout: '200' } });
  await confirmClients({
    url: 'https://user:pw@h.test:8443/mcp?api_key=sk-123',
    env: {},
    rows: [row('curl', true)],
    spawn,
    programs: PROGRAMS,
  });
  assert.ok(calls[0]!.args.includes('https://h.test:8443/mcp'));
  assert.ok(!calls[0]!.args.some((a) => /sk-123|pw@/.test(a)));
});

test('Python: the first interpreter with the library answers; none having it leaves the row predicted', async () => {
  const programs = { ...PROGRAMS, pythons: ['/pyenv/python3', '/usr/bin/python3'] };
  const { spawn, calls } = fakeSpawner({
    '/pyenv/python3:httpx': { exitCode: 4, stdout: '{"outcome":"not-installed"}' },
    '/usr/bin/python3:httpx': {
      exitCode: 3,
      stdout: '{"outcome":"untrusted","errorClass":"SSLCertVerificationError","verifyCode":20,"version":"0.23.3"}',
    },
    '/pyenv/python3:requests': { exitCode: 4, stdout: '' },
    '/usr/bin/python3:requests': { exitCode: 4, stdout: '' },
  });
  const result = await confirmClients({
    url: 'https://h.test/mcp',
    env: {},
    rows: [row('python-httpx', false), row('python-requests', false)],
    spawn,
    programs,
  });
  assert.equal(result.rows[0]!.confirmed?.program, '/usr/bin/python3 with httpx 0.23.3');
  assert.match(result.rows[0]!.confirmed!.detail, /SSLCertVerificationError \(OpenSSL verify code 20\)/);
  assert.equal(result.rows[1]!.confirmed, undefined);
  assert.equal(calls.length, 4);
});

test('the whole confirmation is bounded: a hanging client is cut at the total deadline', async () => {
  const spawn: ProcessSpawner = (_c, _a, options) =>
    new Promise((resolve) => {
      options.signal?.addEventListener('abort', () => resolve({ exitCode: null, stdout: '', failure: 'aborted' }));
    });
  const began = performance.now();
  const result = await confirmClients({
    url: 'https://h.test/mcp',
    env: {},
    rows: [row('curl', false)],
    spawn,
    programs: PROGRAMS,
    totalTimeoutMs: 100,
  });
  assert.ok(performance.now() - began < 2000);
  assert.equal(result.rows[0]!.confirmed?.outcome, 'inconclusive');
  assert.equal(result.rows[0]!.confirmed?.agrees, undefined);
});
