import { type NginxDirective } from './types';

/**
 * nginx's inheritance: a directive set in a location wins over its server, which wins over http.
 * `chain` is outermost first (http, server, enclosing locations, the location).
 */
export function effective(chain: readonly (NginxDirective | undefined)[], name: string): NginxDirective | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = chain[i]?.block?.filter((d) => d.name === name).at(-1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Array directives (`proxy_set_header`, `add_header`) are inherited only by a level that has none of
 * its own: one `proxy_set_header` in a location drops every one set in its server and http blocks.
 */
export function effectiveList(chain: readonly (NginxDirective | undefined)[], name: string): NginxDirective[] {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = chain[i]?.block?.filter((d) => d.name === name) ?? [];
    if (found.length) return found;
  }
  return [];
}

/** The value a request header is set to for the upstream, or undefined when not set at this level. */
export function proxyHeader(chain: readonly (NginxDirective | undefined)[], header: string): NginxDirective | undefined {
  return effectiveList(chain, 'proxy_set_header').find((d) => d.args[0]?.toLowerCase() === header.toLowerCase());
}

/** nginx time values: `300`, `300s`, `5m`, `1h 30m`, `500ms`; undefined when unreadable. */
export function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
  let total = 0;
  const parts = value.trim().split(/\s+/);
  for (const part of parts) {
    const m = /^(\d+)(ms|s|m|h|d|w|M|y)?$/.exec(part);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2] ?? 's']!;
  }
  return total;
}

/** `location /mcp/`, `ssl_certificate /etc/x.pem`: the directive as a reader finds it in the file. */
export function directiveText(d: NginxDirective): string {
  return [d.name, ...d.args].join(' ');
}
