// When the panel and the status bar offer "Sign in": the diagnosis says the server wants a token
// (none given, refused, expired, too few scopes) and announced where to get one (OAuth metadata).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuthReport } from '../../../src/core/auth/types';
import { makeFinding } from '../../../src/core/findings/finding';
import { needsSignIn, signInReason } from '../../../src/core/status/signIn';
import { type ServerHealth, statusView } from '../../../src/core/status/statusView';
import { reportWith } from './reports';

const oauth = {
  unauthenticatedStatus: 401,
  urlsTried: [],
  protectedResource: {
    url: 'https://lab.test/.well-known/oauth-protected-resource/mcp',
    resource: 'https://lab.test/mcp',
    authorizationServers: ['https://as.test'],
  },
} as unknown as AuthReport;
const withToken = { ...oauth, token: { kind: 'jwt', length: 700, fingerprint: 'sha256:ab' } } as unknown as AuthReport;
const noToken = makeFinding('AUTH_NO_TOKEN', { url: 'https://lab.test/mcp' });
const expired = makeFinding('JWT_EXPIRED', {
  now: '2025-01-01T12:00:00.000Z',
  exp: '2025-01-01T11:00:00.000Z',
  ago: '1 hour',
  agoMs: 3_600_000,
});

describe('needsSignIn / signInReason', () => {
  it('no token given to a server that announces OAuth: sign in', () => {
    const report = reportWith([noToken], { auth: oauth });
    assert.equal(needsSignIn(report), true);
    assert.equal(signInReason(report), 'the server asks for a token: sign in');
  });

  it('an expired stored token: says when it expired', () => {
    const report = reportWith([expired], { auth: withToken });
    assert.equal(signInReason(report), 'the token expired at 2025-01-01T11:00:00.000Z: sign in again');
  });

  it('no offer when the token works, the server is open, there is no OAuth metadata, or the run was cancelled', () => {
    assert.equal(needsSignIn(reportWith([], { auth: withToken })), false, 'a 401 without a token, but a token was given and accepted');
    assert.equal(
      needsSignIn(reportWith([makeFinding('AUTH_NOT_REQUIRED', { url: 'https://lab.test/mcp', status: 200 })], { auth: oauth })),
      false,
    );
    assert.equal(needsSignIn(reportWith([noToken], { auth: { urlsTried: [] } as unknown as AuthReport })), false, 'nowhere to sign in');
    assert.equal(needsSignIn(reportWith([noToken], { auth: oauth, cancelled: true })), false);
  });
});

describe('statusView with a server that needs sign-in', () => {
  const server = (over: Partial<ServerHealth>): ServerHealth => ({
    serverId: 'a',
    name: 'lab',
    url: 'https://lab.test/mcp',
    level: 'failing',
    checking: false,
    ...over,
  });
  it('the item opens the status menu and the tooltip says why', () => {
    const view = statusView(
      [
        server({ signIn: 'the token expired at 2025-01-01T11:00:00.000Z: sign in again' }),
        server({ serverId: 'b', name: 'other', level: 'healthy' }),
      ],
      Date.parse('2025-01-01T12:00:00Z'),
    );
    assert.equal(view.command, 'mcpDoctor.statusMenu');
    assert.match(view.tooltip, /^MCP Doctor — click to sign in or diagnose/);
    assert.match(view.tooltip, /lab — failing\n.*\nSign in: the token expired at 2025-01-01T11:00:00\.000Z: sign in again/);
    assert.equal(statusView([server({})], 0).command, 'mcpDoctor.diagnose', 'otherwise a click diagnoses');
  });
});
