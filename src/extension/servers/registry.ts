import { type ConfigFileText, discoverServers, type DiscoveryResult } from '../../core/discovery/discover';
export { configFiles } from '../../core/discovery/configFiles';
import { MAX_CONFIG_BYTES } from '../../core/discovery/mcpJson';
import { type ConfigFile, type DiscoveredServer } from '../../core/discovery/types';
import { inputKey, type KnownSecrets, type SecretStore } from '../host/secrets';
import { headerSecrets } from './target';

export interface RegistryDeps {
  /** Raw `mcpDoctor.servers`. */
  readonly settingsServers: () => unknown;
  readonly discoveryEnabled: () => boolean;
  readonly files: () => readonly ConfigFile[];
  /** File text, or undefined when missing or unreadable. */
  readonly readFile: (path: string) => Promise<string | undefined>;
  readonly secrets: SecretStore;
  readonly knownSecrets: KnownSecrets;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly userHome?: string;
  readonly pathSeparator?: string;
}

/** Results are reused for this long unless a watched file or setting changes first. */
const CACHE_MS = 30_000;

/** All servers the user has, from settings and MCP client files; cached and invalidated by watchers. */
export class ServerRegistry {
  private cached: { at: number; result: Promise<DiscoveryResult> } | undefined;

  constructor(
    private readonly deps: RegistryDeps,
    private readonly now: () => number = Date.now,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  discover(): Promise<DiscoveryResult> {
    if (!this.cached || this.now() - this.cached.at > CACHE_MS) {
      const result = this.load();
      this.cached = { at: this.now(), result };
      result.catch(() => this.invalidate());
    }
    return this.cached.result;
  }

  async find(serverId: string): Promise<DiscoveredServer | undefined> {
    return (await this.discover()).servers.find((s) => s.id === serverId);
  }

  private async load(): Promise<DiscoveryResult> {
    const files = this.deps.discoveryEnabled() ? this.deps.files() : [];
    const texts: ConfigFileText[] = await Promise.all(files.map(async (file) => ({ file, text: await this.readBounded(file.path) })));
    const inputs = new Map<string, Record<string, string | undefined>>();
    for (const { file, text } of texts) {
      if (text !== undefined) inputs.set(file.path, await this.storedInputs(file.path, inputIds(text)));
    }
    const result = discoverServers(this.deps.settingsServers(), texts, {
      env: this.deps.env,
      userHome: this.deps.userHome,
      pathSeparator: this.deps.pathSeparator,
      inputsFor: (path) => inputs.get(path) ?? {},
    });
    // Only credential headers: redacting every value would also hide "application/json".
    for (const server of result.servers) this.deps.knownSecrets.add(...headerSecrets(server));
    return result;
  }

  private async readBounded(path: string): Promise<string | undefined> {
    try {
      const text = await this.deps.readFile(path);
      return text !== undefined && text.length > MAX_CONFIG_BYTES ? text.slice(0, MAX_CONFIG_BYTES + 1) : text;
    } catch {
      return undefined;
    }
  }

  private async storedInputs(path: string, ids: readonly string[]): Promise<Record<string, string | undefined>> {
    const entries = await Promise.all(ids.map(async (id) => [id, await this.deps.secrets.get(inputKey(path, id))] as const));
    for (const [, value] of entries) this.deps.knownSecrets.add(value);
    return Object.fromEntries(entries);
  }
}

/** `${input:ID}` ids referenced in a file (linear scan, bounded count). */
export function inputIds(text: string): string[] {
  const ids = new Set<string>();
  let i = text.indexOf('${input:');
  while (i !== -1 && ids.size < 100) {
    const end = text.indexOf('}', i);
    if (end === -1) break;
    const id = text.slice(i + 8, end);
    if (id && id.length <= 200) ids.add(id);
    i = text.indexOf('${input:', end);
  }
  return [...ids];
}
