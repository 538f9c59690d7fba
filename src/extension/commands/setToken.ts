import { fingerprint } from '../../core/redact/secret';
import { tokenKey } from '../host/secrets';
import { type Services } from '../services';
import { chooseServer, type DiagnoseArg } from './diagnose';
import { forgetSignIn } from './signInGrant';

/**
 * "Set Token for Server…": stores a bearer token in VS Code's SecretStorage (never in settings or
 * files). An empty value removes the stored token.
 */
export async function setTokenCommand(s: Services, arg?: unknown): Promise<'stored' | 'removed' | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Set Token for Server…');
  if (!server) return undefined;
  const value = await s.ui.input({
    title: `MCP Doctor: token for ${server.name}`,
    prompt:
      'Bearer token (JWT or opaque), without "Bearer ". Stored only in VS Code\'s secret storage. Leave empty to remove the stored token.',
    password: true,
    validate: (v) => (/\s/.test(v.trim()) ? 'A token has no spaces; paste only the token itself.' : undefined),
  });
  if (value === undefined) return undefined;
  const token = value.trim().replace(/^bearer\s+/i, '');
  // A token set by hand replaces a sign-in: its refresh token must not bring the old token back.
  await forgetSignIn(s, server.id);
  if (token === '') {
    await s.secrets.delete(tokenKey(server.id));
    void s.ui.info(`MCP Doctor: stored token for ${server.name} removed.`);
    return 'removed';
  }
  s.knownSecrets.add(token);
  await s.secrets.store(tokenKey(server.id), token);
  s.log.info(`token stored for "${server.name}" (${token.length} chars, ${fingerprint(token)})`);
  const ignored = server.tokenSource.kind === 'env' || server.tokenSource.kind === 'none';
  const note = ignored
    ? ` Note: this server's tokenSource is "${server.tokenSource.kind}", so the stored token is not used until you change it to "secret".`
    : '';
  void s.ui.info(`MCP Doctor: token stored for ${server.name} in secret storage.${note}`);
  return 'stored';
}
