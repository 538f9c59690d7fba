import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { type CliIo, UsageError } from '../../../src/cli/io';
import { jwtCommand } from '../../../src/cli/jwt';

function fakeIo(env: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env,
    color: false,
    interactive: false,
    cwd: '/',
    readStdin: async () => stdin,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

let privateKey: CryptoKey;
let publicJwk: JWK;
let pem: string;
let server: Server;
let jwksUrl: string;
let dir: string;

before(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'cli-key', alg: 'ES256' };
  pem = await exportSPKI(pair.publicKey);
  server = createServer((req, res) => {
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    res.writeHead(302, { location: '/jwks' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-doctor-jwt-cli-'));
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const token = (claims: Record<string, unknown> = {}, expiresIn: string | number = '1h') =>
  new SignJWT({ scope: 'read', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'cli-key', typ: 'at+jwt' })
    .setIssuer('https://as.example')
    .setAudience('https://mcp.example/mcp')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);

describe('mcp-doctor jwt', () => {
  it('verifies against --jwks and prints verdict, header, human dates and verification', async () => {
    const { io, out } = fakeIo();
    const code = await jwtCommand(
      [await token(), '--jwks', jwksUrl, '--issuer', 'https://as.example', '--audience', 'https://mcp.example/mcp', '--scope', 'read'],
      io,
    );
    assert.equal(code, 0);
    const text = out();
    assert.match(text.split('\n')[0] ?? '', /^Token VERIFIED: ES256 signature, key cli-key from http:\/\/127\.0\.0\.1/);
    assert.match(text, /typ\s+at\+jwt/);
    assert.match(text, /exp\s+\d{4}-\d\d-\d\dT[\d:]+Z \(in 59 minutes/);
    assert.match(text, /issuer\s+matches/);
    assert.match(text, /audience\s+matches/);
  });

  it('without a key says NOT verified loudly, exit 0 when nothing else is wrong', async () => {
    const { io, out } = fakeIo();
    assert.equal(await jwtCommand([await token()], io), 0);
    assert.match(out().split('\n')[0] ?? '', /Signature NOT verified/);
  });

  it('an expired token fails with the human delay, and a wrong audience is a mismatch', async () => {
    const { io, out } = fakeIo();
    const expired = await token({}, Math.floor(Date.now() / 1000) - 3 * 3600 - 60);
    assert.equal(await jwtCommand([expired, '--key', await keyFile(), '--audience', 'https://other/mcp'], io), 1);
    assert.match(out(), /Token INVALID: Token has expired\. The token expired 3 hours/);
    assert.match(out(), /audience\s+MISMATCH/);
  });

  it('reads the token from stdin with "-" and prints JSON without the token', async () => {
    const t = await token();
    const { io, out } = fakeIo({}, `Bearer ${t}\n`);
    assert.equal(await jwtCommand(['-', '--jwks', jwksUrl, '--json'], io), 0);
    const json = JSON.parse(out()) as { verdict: string; verified: { kid: string } };
    assert.equal(json.verdict, 'verified');
    assert.equal(json.verified.kid, 'cli-key');
    assert.ok(!out().includes(t));
  });

  it('a redirecting JWKS URL is reported with its final URL, exit 1', async () => {
    const { io, out } = fakeIo();
    assert.equal(await jwtCommand([await token(), '--jwks', jwksUrl.replace('/jwks', '/old-jwks')], io), 1);
    assert.match(out(), /JWKS_REDIRECTED/);
    assert.match(out(), new RegExp(`jwks_uri = ${jwksUrl.replace(/[.]/g, '\\.')}`));
  });

  it('--secret-env verifies HS256 tokens from the environment', async () => {
    const secret = 'S7#kq!93vLx@2pWz$8mRt^5nYb&1cHd*';
    const hs = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const { io, out } = fakeIo({ MY_SECRET: secret });
    assert.equal(await jwtCommand([hs, '--secret-env', 'MY_SECRET'], io), 0);
    assert.doesNotMatch(out(), new RegExp(secret.replace(/[$^*!@#&]/g, '.')));
  });

  it('control characters in claims cannot reach the terminal', async () => {
    const { io, out } = fakeIo();
    await jwtCommand([await token({ sub: 'evil\u001b[31m\u0007' })], io);
    assert.ok(!out().includes('\u001b'));
    assert.match(out(), /evil\\u001b\[31m\\u0007/);
  });

  it('bad input is a usage error, never a stack trace', async () => {
    const cases: string[][] = [
      [],
      ['a', 'b'],
      ['t', '--jwks', 'x', '--key', 'y'],
      ['t', '--jwks', 'ftp://x'],
      ['t', '--secret-env', 'UNSET'],
      ['t', '--nope'],
      ['t', '--timeout', '0'],
    ];
    for (const argv of cases) await assert.rejects(jwtCommand(argv, fakeIo().io), UsageError, argv.join(' '));
    await assert.rejects(jwtCommand(['-'], fakeIo({}, '  ').io), UsageError);
  });

  it('garbage is reported as not a token, exit 1', async () => {
    const { io, out } = fakeIo();
    assert.equal(await jwtCommand(['a.b'], io), 1);
    assert.match(out(), /^Not a valid token/);
  });
});

async function keyFile(): Promise<string> {
  const file = path.join(dir, 'key.pem');
  await writeFile(file, pem);
  return file;
}
