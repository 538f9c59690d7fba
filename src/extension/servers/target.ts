import { type DiscoveryResult } from '../../core/discovery/discover';
import { type DiscoveredServer, type InputDefinition } from '../../core/discovery/types';
import { bearerFromHeaders, withoutAuthorization } from '../../core/discovery/bearer';
import { isSensitiveName } from '../../core/redact/headers';
import { inputKey, type KnownSecrets, type SecretStore, tokenKey } from '../host/secrets';
import { type Ui } from '../host/ui';

export { bearerFromHeaders } from '../../core/discovery/bearer';

/** Everything needed to diagnose one server. Holds secrets: never log or persist it as is. */
export interface PreparedTarget {
  readonly server: DiscoveredServer;
  readonly token?: string;
  /** Where the token came from, in words (for the log; never the value). */
  readonly tokenOrigin: string;
  /** Things the user should know (missing env vars, inputs not yet given). */
  readonly notes: readonly string[];
  /** Headers the client is configured to send besides Authorization; secrets are redacted in output. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TargetDeps {
  readonly secrets: SecretStore;
  readonly knownSecrets: KnownSecrets;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Present when the user may be asked (commands); absent for background checks. */
  readonly ui?: Ui;
  /** Re-reads the configuration (after an input was stored). */
  readonly rediscover: () => Promise<DiscoveryResult>;
}

/**
 * Resolves a server's token and `${input:ID}` values. Interactive runs ask for missing inputs once
 * (stored in SecretStorage, like VS Code does); background runs never ask. Resolves to undefined
 * when the user dismissed a prompt.
 */
export async function prepareTarget(server: DiscoveredServer, deps: TargetDeps): Promise<PreparedTarget | undefined> {
  let current = server;
  if (current.missingInputs.length > 0 && deps.ui && current.source.path) {
    const asked = await askInputs(current, deps.ui, deps);
    if (!asked) return undefined;
    current = (await deps.rediscover()).servers.find((s) => s.id === server.id) ?? current;
  }
  const { token, origin } = await resolveToken(current, deps);
  deps.knownSecrets.add(token);
  const notes = [...current.problems];
  if (current.missingInputs.length > 0)
    notes.push(`no value yet for \${input:${current.missingInputs.join('}, ${input:')}}: run a command to be asked`);
  return { server: current, token, tokenOrigin: origin, notes, headers: withoutAuthorization(current.headers) };
}

async function askInputs(server: DiscoveredServer, ui: Ui, deps: TargetDeps): Promise<boolean> {
  const path = server.source.path ?? '';
  const definitions: readonly InputDefinition[] = (await deps.rediscover()).inputs.get(path) ?? [];
  for (const id of server.missingInputs) {
    const def = definitions.find((d) => d.id === id);
    const value = await ui.input({
      title: `MCP Doctor: value for \${input:${id}} (${server.name})`,
      prompt: def?.description ?? `Value of input "${id}" from ${path}. Stored in VS Code's secret storage.`,
      password: def?.password ?? true,
    });
    if (value === undefined) return false;
    deps.knownSecrets.add(value);
    await deps.secrets.store(inputKey(path, id), value);
  }
  return true;
}

async function resolveToken(server: DiscoveredServer, deps: TargetDeps): Promise<{ token?: string; origin: string }> {
  const source = server.tokenSource;
  if (source.kind === 'none') return { origin: 'no token (tokenSource "none")' };
  if (source.kind === 'env') {
    const token = deps.env[source.name];
    return token ? { token, origin: `environment variable ${source.name}` } : { origin: `environment variable ${source.name} is not set` };
  }
  const stored = await deps.secrets.get(tokenKey(server.id));
  if (stored) return { token: stored, origin: 'secret storage ("Set Token for Server…")' };
  const header = bearerFromHeaders(server.headers);
  if (header) return { token: header, origin: `the Authorization header in ${server.source.path ?? 'settings'}` };
  return { origin: 'no token configured' };
}

/** Secret values of a server's headers, for redaction. */
export function headerSecrets(server: DiscoveredServer): string[] {
  return Object.entries(server.headers).flatMap(([name, value]) => (isSensitiveName(name) ? [value, value.replace(/^\s*\S+\s+/, '')] : []));
}
