// One CA-file loader for every front: the same unusable file is the same finding in the diagnosis,
// `ca-bundle`, and the extension's own fetches, never dropped in silence.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { caBundleCommand } from '../../../src/cli/caBundle';
import { type CliIo } from '../../../src/cli/io';
import { configStep } from '../../../src/core/diagnose/steps/config';
import { type Finding } from '../../../src/core/findings/finding';
import { caFileProblem, loadCaFile, loadCaFileSync, loadNodeExtraCas } from '../../../src/core/tls/caFiles';
import { clientTlsOptions } from '../../../src/extension/jwt/trust';
import { runStep } from '../../tls/harness';

const dir = mkdtempSync(join(tmpdir(), 'mcpd-cafiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('missing, empty, garbage and directory CA files: one finding each, async and sync alike', async () => {
  const empty = join(dir, 'empty.pem');
  writeFileSync(empty, 'not a certificate\n');
  const garbage = join(dir, 'garbage.pem');
  writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  const cases: [string, string, RegExp][] = [
    [join(dir, 'missing.pem'), 'CONFIG_CA_FILE_MISSING', /ENOENT/],
    [empty, 'CONFIG_CA_FILE_INVALID', /no BEGIN CERTIFICATE/],
    [garbage, 'CONFIG_CA_FILE_INVALID', /do not parse as X\.509/],
    [dir, 'CONFIG_CA_FILE_INVALID', /not a regular file/],
  ];
  for (const [path, code, cause] of cases) {
    const [loaded, sync] = [await loadCaFile(path), loadCaFileSync(path)];
    assert.equal(loaded.problem?.code, code, path);
    assert.match(loaded.problem?.cause ?? '', cause);
    assert.deepEqual(sync.problem, loaded.problem, 'the sync reader says the same');
    assert.deepEqual(loaded.pems, []);
  }
  assert.match(caFileProblem(dir, 'SSL_CERT_DIR', 'NOT_HASHED').cause, /SSL_CERT_DIR: .*openssl rehash/);
});

test('every front reports the same finding for the same unreadable file', async () => {
  const missing = join(dir, 'gone.pem');
  const expected = (await loadCaFile(missing)).problem!;
  // The diagnosis (config step, --ca).
  const diagnosis: Finding[] = [];
  const state = { input: { url: new URL('https://localhost/'), caFiles: [missing], env: {} }, cas: [] };
  await configStep.run({ state, add: (f: Finding) => diagnosis.push(f) } as never);
  assert.deepEqual(
    diagnosis.map((f) => f.cause),
    [expected.cause],
  );
  // The CLI's ca-bundle.
  const err: string[] = [];
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => void err.push(t),
    env: {},
    color: false,
    interactive: false,
    cwd: dir,
    readStdin: async () => '',
  };
  assert.equal(await caBundleCommand(['--out', join(dir, 'out.pem'), '--ca', missing], io), 1);
  assert.ok(err.join('').includes(expected.cause), err.join(''));
  // The extension's own fetches: NODE_EXTRA_CA_CERTS named by the variable, never dropped.
  const problems: Finding[] = [];
  await clientTlsOptions([], { NODE_EXTRA_CA_CERTS: missing }, (p) => problems.push(p));
  const fromEnv = (await loadNodeExtraCas({ NODE_EXTRA_CA_CERTS: missing }, []))[0]!.problem!;
  assert.deepEqual(
    problems.map((p) => p.cause),
    [fromEnv.cause],
  );
  assert.equal(fromEnv.code, expected.code);
  assert.equal(fromEnv.evidence.variable, 'NODE_EXTRA_CA_CERTS');
});

test('the TLS step names an unusable variable file with the same loader wording', async () => {
  const step = (await import('../../../src/core/diagnose/steps/tls')).createTlsStep({ trust: { python: false, curl: false } });
  const run = await runStep(step, 'https://127.0.0.1:1/', {
    env: { NODE_EXTRA_CA_CERTS: dir, CURL_CA_BUNDLE: join(dir, 'gone.pem') },
    timeoutMs: 3000,
  });
  const byVariable = Object.fromEntries(
    run.findings.filter((f) => f.code.startsWith('CONFIG_CA_FILE')).map((f) => [f.evidence.variable, f]),
  );
  assert.equal(byVariable.NODE_EXTRA_CA_CERTS?.code, 'CONFIG_CA_FILE_INVALID');
  assert.match(byVariable.NODE_EXTRA_CA_CERTS?.cause ?? '', /a directory, where a file is expected/);
  assert.equal(byVariable.CURL_CA_BUNDLE?.cause, caFileProblem(join(dir, 'gone.pem'), 'CURL_CA_BUNDLE', 'ENOENT').cause);
});
