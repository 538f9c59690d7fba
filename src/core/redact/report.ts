import { redactDeep } from './deep';
import { isSensitiveName } from './headers';

/**
 * The credentials of one run: the token, and the values of credential-named headers (also
 * without their scheme, "Bearer abc" -> "abc"). Other header values are not secrets.
 */
export function runSecrets(token: string | undefined, headers: Readonly<Record<string, string>> | undefined): string[] {
  const fromHeaders = Object.entries(headers ?? {}).flatMap(([name, value]) =>
    isSensitiveName(name) ? [value, value.replace(/^\s*\S+\s+/, '')] : [],
  );
  return token ? [token, ...fromHeaders] : fromHeaders;
}

/**
 * A copy of a result with the run's credentials removed wherever a server echoed them back (error
 * messages, WWW-Authenticate descriptions, Location queries, Server headers). Only the known
 * secrets are replaced: token-shaped text the server sent (its own JWTs) is left for the caller.
 */
export function redactRunSecrets<T>(value: T, secrets: readonly string[]): T {
  return secrets.length === 0 ? value : redactDeep(value, { secrets, scanTokens: false });
}
