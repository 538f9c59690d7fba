import { Agent, fetch as undiciFetch } from 'undici';

/** A fetch with the global signature whose TLS trusts exactly `caPem` (the lab root), never following redirects unless asked. */
export type LabFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * An undici Agent that trusts only the given CA PEM(s). Passing `ca` replaces Node's roots, which is
 * what a client configured with the lab CA file does. Close it with `agent.close()`.
 */
export function trustingAgent(caPem: string | readonly string[]): Agent {
  return new Agent({ connect: { ca: typeof caPem === 'string' ? caPem : [...caPem] }, keepAliveTimeout: 1000 });
}

/** Binds undici's fetch to `agent`; the result fits APIs that want a WHATWG-style fetch (MCP SDK, jose). */
export function fetchVia(agent: Agent): LabFetch {
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
}
