import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CliIo, UsageError } from '../../../src/cli/io';
import { clientCertOption, proxyOption } from '../../../src/cli/networkOptions';

const io = (env: Record<string, string> = {}): CliIo => ({
  stdout: () => undefined,
  stderr: () => undefined,
  env,
  color: false,
  interactive: false,
  cwd: '/work',
  readStdin: async () => '',
});

test('--proxy and --no-proxy', () => {
  assert.deepEqual(proxyOption({ proxy: 'proxy:3128' }), { url: 'proxy:3128', source: '--proxy' });
  assert.deepEqual(proxyOption({ 'no-proxy': true }), { disabled: true });
  assert.equal(proxyOption({}), undefined);
  assert.throws(() => proxyOption({ proxy: 'http://p:1', 'no-proxy': true }), UsageError);
  assert.throws(() => proxyOption({ proxy: 'socks5://p:1080' }), /not an http:\/\/ proxy URL/);
});

test('--cert/--key and --pfx, with passphrases from named environment variables only', () => {
  assert.deepEqual(clientCertOption({ cert: 'c.pem', key: '/abs/k.pem', 'key-passphrase-env': 'KP' }, io({ KP: 'secret' })), {
    certFile: '/work/c.pem',
    keyFile: '/abs/k.pem',
    passphrase: 'secret',
  });
  assert.deepEqual(clientCertOption({ pfx: 'id.p12' }, io()), { pfxFile: '/work/id.p12', passphrase: undefined });
  assert.equal(clientCertOption({}, io()), undefined);
  assert.throws(() => clientCertOption({ cert: 'c.pem' }, io()), /--cert and --key go together/);
  assert.throws(() => clientCertOption({ pfx: 'a.p12', cert: 'c.pem', key: 'k.pem' }, io()), /--pfx cannot be combined/);
  assert.throws(() => clientCertOption({ pfx: 'a.p12', 'pfx-passphrase-env': 'MISSING' }, io()), /MISSING is not set/);
});
