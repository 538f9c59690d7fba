/** What each lab scenario breaks. Except where a scenario says otherwise, nginx runs the FIXED config, so exactly one thing is broken. */
import { type NginxMode } from './nginx';

export type ScenarioName =
  | 'default'
  | 'healthy'
  | 'self-signed'
  | 'expired-leaf'
  | 'wrong-host'
  | 'missing-intermediate'
  | 'plain-http-on-tls-port'
  | 'crash-on-startup'
  | 'jwks-unreachable'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'expired-token'
  | 'unknown-kid'
  | 'rate-limited';

/** The certificate nginx serves on lab.url. */
export type ServedCert = 'fullchain' | 'self-signed' | 'expired-leaf' | 'wrong-host' | 'leaf-only';

export interface ScenarioSpec {
  /** One line for humans (CLI, test names). */
  readonly summary: string;
  /** `none`: no nginx; lab.url's port accepts TCP and resets (crash-on-startup). */
  readonly nginx: NginxMode | 'none';
  readonly servedCert: ServedCert;
  /** Whether a correctly configured client is expected to pass the lab CA (false only for `default`). */
  readonly clientTrustsCa: boolean;
  /** How the MCP server's own configuration is wrong, if at all. */
  readonly serverConfig: 'correct' | 'issuer-trailing-slash' | 'audience-internal-url' | 'jwks-closed-port';
  /** The AS published a new key set; tokens are still signed with the previous key. */
  readonly rotatedKeys: boolean;
  /** Default lifetime of minted tokens in seconds (negative = already expired). */
  readonly tokenLifetimeSec?: number;
  readonly rateLimited: boolean;
}

const base: ScenarioSpec = {
  summary: '',
  nginx: 'fixed',
  servedCert: 'fullchain',
  clientTrustsCa: true,
  serverConfig: 'correct',
  rotatedKeys: false,
  rateLimited: false,
};

/** The scenario table. */
export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioSpec>> = {
  default: {
    ...base,
    nginx: 'incident',
    clientTrustsCa: false,
    summary:
      'The original incident: private CA the client does not trust, and POST /mcp answered 307 -> http://localhost/mcp/ (scheme and port lost).',
  },
  healthy: { ...base, summary: 'Everything correct: trusted chain, /mcp served without redirect, valid tokens accepted.' },
  'self-signed': { ...base, servedCert: 'self-signed', summary: 'nginx serves a self-signed leaf (not issued by the lab CA).' },
  'expired-leaf': { ...base, servedCert: 'expired-leaf', summary: 'nginx serves a leaf that expired yesterday (chain otherwise correct).' },
  'wrong-host': {
    ...base,
    servedCert: 'wrong-host',
    summary: 'nginx serves a leaf for mcp.internal.example only (no localhost / 127.0.0.1 SAN).',
  },
  'missing-intermediate': { ...base, servedCert: 'leaf-only', summary: 'nginx sends the leaf without the intermediate CA.' },
  'plain-http-on-tls-port': { ...base, nginx: 'plain-http', summary: 'The https:// URL points at a port that speaks plain HTTP.' },
  'crash-on-startup': {
    ...base,
    nginx: 'none',
    summary: 'The server refused to start (MCP_JWT_ISSUER unset); its port accepts TCP and resets the connection.',
  },
  'jwks-unreachable': {
    ...base,
    serverConfig: 'jwks-closed-port',
    summary: 'The AS advertises, and the server uses, a JWKS URL on a closed port.',
  },
  'wrong-audience': {
    ...base,
    serverConfig: 'audience-internal-url',
    summary: 'The server expects aud = its internal service URL (http://mcp-server:8000/mcp); tokens carry the public MCP URL.',
  },
  'wrong-issuer': {
    ...base,
    serverConfig: 'issuer-trailing-slash',
    summary: 'The server expects iss with a trailing slash; tokens carry the issuer without it.',
  },
  'expired-token': {
    ...base,
    tokenLifetimeSec: -300,
    summary: 'Minted tokens expired five minutes ago (issued as if the AS clock were behind).',
  },
  'unknown-kid': {
    ...base,
    rotatedKeys: true,
    summary: 'The AS rotated keys: its JWKS no longer contains the kid that signed the tokens.',
  },
  'rate-limited': { ...base, rateLimited: true, summary: 'The server answers 429 with Retry-After and RateLimit-* after a few requests.' },
};

/** All scenario names, in table order. */
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** Type guard for CLI input. */
export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(SCENARIOS, value);
}
