import { makeFinding, type Finding } from '../findings/finding';
import { type Clock } from '../pipeline/types';
import { foreignKeyToken, MALFORMED_PROBE_TOKEN, probeClaims, unsignedToken } from './forge';
import { type EndpointRequest, postRpc, type RpcExchange } from './rpc';
import { type ProbeName, type ProbeResult } from './types';
import { bearerChallenge, parseWwwAuthenticate, type BearerChallenge } from './wwwAuthenticate';

/** Hard cap on requests the probes send per run (retries included). */
export const MAX_PROBE_REQUESTS = 8;
/** Longest Retry-After we honour by waiting; longer ones end the probes. */
const MAX_RETRY_WAIT_MS = 5000;
const PROTOCOL_VERSION = '2025-06-18';

/** `url` is the URL under diagnosis, the only place probes are sent; the token goes only there. */
export interface ProbeInput extends EndpointRequest {
  readonly clock: Clock;
  /** The unauthenticated answer, when already known (no need to ask again). */
  readonly noTokenStatus?: number;
  readonly tokenClaims?: Readonly<Record<string, unknown>>;
  readonly tokenScopes?: readonly string[];
  readonly kid?: string;
  readonly issuer?: string;
  readonly audience: string;
  readonly scopes: readonly string[];
  /** Our own checks found nothing wrong with the token (signature, iss, aud, exp, scopes). */
  readonly tokenChecksPassed?: boolean;
  /** Skip initialize/tools/list with the token (the MCP step already did it). */
  readonly skipValidToken?: boolean;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ProbeOutput {
  readonly probes: ProbeResult[];
  readonly findings: Finding[];
  readonly tools?: string[];
}

/**
 * "Is auth actually enforced?": the server must refuse no token, a malformed token, an unsigned
 * token and a token signed by a stranger's key; with the user's token, initialize and tools/list
 * must work. At most MAX_PROBE_REQUESTS requests, only to `url`, honouring 429 Retry-After.
 */
export async function runAuthProbes(input: ProbeInput): Promise<ProbeOutput> {
  const session = new ProbeSession(input);
  const claims = probeClaims(
    input.tokenClaims,
    { issuer: input.issuer, audience: input.audience, scopes: input.scopes },
    input.clock.now(),
  );
  const badTokens: ReadonlyArray<readonly [ProbeName, () => Promise<string | undefined>]> = [
    ['no-token', async () => undefined],
    ['malformed-token', async () => MALFORMED_PROBE_TOKEN],
    ['alg-none-token', async () => unsignedToken(claims, input.kid)],
    ['foreign-key-token', () => foreignKeyToken(claims, input.kid)],
  ];
  for (const [name, make] of badTokens) {
    if (name === 'no-token' && input.noTokenStatus !== undefined) {
      session.record(badTokenResult(name, { status: input.noTokenStatus }));
      continue;
    }
    await session.badToken(name, await make());
  }
  if (input.token !== undefined && !input.skipValidToken) await session.validToken(input.token);
  return session.output();
}

class ProbeSession {
  private readonly probes: ProbeResult[] = [];
  private readonly findings: Finding[] = [];
  private tools?: string[];
  private sent = 0;
  private stopped?: string;

  constructor(private readonly input: ProbeInput) {}

  record(result: ProbeResult): void {
    this.probes.push(result);
    if (result.outcome === 'accepted')
      this.findings.push(makeFinding('AUTH_NOT_ENFORCED', { probe: result.name, status: result.status, url: this.input.url.href }));
  }

  async badToken(name: ProbeName, token: string | undefined): Promise<void> {
    const exchange = await this.send(name, { method: 'initialize', id: 1, params: initializeParams() }, token);
    if (exchange) this.record(badTokenResult(name, exchange));
  }

  async validToken(token: string): Promise<void> {
    const init = await this.send('initialize', { method: 'initialize', id: 1, params: initializeParams() }, token);
    if (!init) return;
    if (!this.validOutcome('initialize', init)) return;
    const sessionId = init.headers?.['mcp-session-id'];
    const version = typeof init.result?.protocolVersion === 'string' ? init.result.protocolVersion : PROTOCOL_VERSION;
    await this.send('initialize', { method: 'notifications/initialized', sessionId, protocolVersion: version }, token, false);
    const list = await this.send('tools/list', { method: 'tools/list', id: 2, sessionId, protocolVersion: version }, token);
    if (list && this.validOutcome('tools/list', list)) {
      const tools = Array.isArray(list.result?.tools) ? list.result.tools : [];
      this.tools = tools
        .map((t) => (t && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string' ? (t as { name: string }).name : '?'))
        .slice(0, 200);
    }
  }

  /** Records the valid-token outcome; returns whether to continue. */
  private validOutcome(name: ProbeName, exchange: RpcExchange): boolean {
    if (exchange.result) {
      this.probes.push({ name, status: exchange.status, outcome: 'ok' });
      return true;
    }
    const challenge = challengeOf(exchange);
    this.probes.push({
      name,
      status: exchange.status,
      outcome: 'failed',
      errorCode: exchange.errorCode,
      detail: challenge?.error ?? rpcErrorText(exchange),
    });
    if (exchange.status === 403 && challenge?.error === 'insufficient_scope') {
      const required = (challenge.scope ?? '').split(/\s+/).filter(Boolean);
      const granted = this.input.tokenScopes ?? [];
      this.findings.push(
        makeFinding('AUTH_INSUFFICIENT_SCOPE', {
          probe: name,
          required,
          granted,
          missing: required.filter((s) => !granted.includes(s)),
          description: challenge.errorDescription,
        }),
      );
    } else if (exchange.status === 401 || exchange.status === 403) {
      const evidence = {
        probe: name,
        status: exchange.status,
        error: challenge?.error,
        description: challenge?.errorDescription?.slice(0, 200),
      };
      if (!this.input.tokenChecksPassed) this.findings.push(makeFinding('AUTH_TOKEN_REJECTED', evidence));
      else
        this.findings.push(
          makeFinding('AUTH_SERVER_REJECTS_VALID_TOKEN', {
            ...evidence,
            ...this.tokenFacts(),
            reason: rejectionReason(challenge?.errorDescription),
          }),
        );
    }
    return false;
  }

  private tokenFacts(): Record<string, unknown> {
    const claims = this.input.tokenClaims ?? {};
    return {
      iss: claims.iss,
      aud: claims.aud,
      kid: this.input.kid,
      expectedIssuer: this.input.issuer,
      expectedAudience: this.input.audience,
    };
  }

  async send(
    name: ProbeName,
    rpc: { method: string; id?: number; params?: Record<string, unknown>; sessionId?: string; protocolVersion?: string },
    token: string | undefined,
    record = true,
  ): Promise<RpcExchange | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.stopped || this.sent >= MAX_PROBE_REQUESTS || this.input.signal.aborted) {
        if (record) this.probes.push({ name, outcome: 'skipped', detail: this.stopped ?? 'request budget used up' });
        return undefined;
      }
      this.sent++;
      const exchange = await postRpc({
        ...rpc,
        url: this.input.url,
        http: this.input.http,
        tls: this.input.tls,
        signal: this.input.signal,
        timeoutMs: this.input.timeoutMs,
        connectMs: this.input.connectMs,
        token,
      });
      if (exchange.status !== 429) return exchange;
      const waitMs = retryAfterMs(exchange.headers?.['retry-after'], this.input.clock.now());
      if (waitMs === undefined || waitMs > MAX_RETRY_WAIT_MS || attempt === 1) {
        this.stopped = `rate limited (429${waitMs !== undefined ? `, Retry-After ${Math.ceil(waitMs / 1000)} s` : ''})`;
        this.findings.push(makeFinding('AUTH_PROBES_INCOMPLETE', { probe: name, reason: this.stopped }));
        continue;
      }
      await (this.input.sleep ?? sleep)(waitMs, this.input.signal);
    }
    return undefined;
  }

  output(): ProbeOutput {
    const bad = this.probes.filter((p) => ['no-token', 'malformed-token', 'alg-none-token', 'foreign-key-token'].includes(p.name));
    if (bad.length === 4 && bad.every((p) => p.outcome === 'refused'))
      this.findings.push(makeFinding('AUTH_ENFORCED_OK', { probes: bad.map((p) => `${p.name}: ${p.status}`) }));
    return { probes: this.probes, findings: this.findings, tools: this.tools };
  }
}

/** 401/403 refuse; 400 refuses only with a challenge (else it may be a protocol complaint after auth passed). */
function badTokenResult(name: ProbeName, exchange: RpcExchange): ProbeResult {
  const { status } = exchange;
  if (status === undefined) return { name, outcome: 'inconclusive', errorCode: exchange.errorCode, detail: 'no response' };
  if (status === 401 || status === 403) return { name, status, outcome: 'refused', detail: challengeOf(exchange)?.error };
  if (status === 400 && exchange.headers?.['www-authenticate'])
    return { name, status, outcome: 'refused', detail: challengeOf(exchange)?.error };
  if (status >= 200 && status < 300)
    return { name, status, outcome: 'accepted', detail: exchange.result ? 'initialize succeeded' : 'answered 2xx' };
  return { name, status, outcome: 'inconclusive', detail: `status ${status}` };
}

/**
 * What the server's own error_description blames. This reads free text a server chose to send
 * (not an error of ours), only to word the fix; the finding stands without it.
 */
export function rejectionReason(description: string | undefined): 'issuer' | 'audience' | 'expiry' | 'keys' | 'signature' | undefined {
  const text = (description ?? '').toLowerCase();
  if (/["']iss["']|\bissuer\b/.test(text)) return 'issuer';
  if (/["']aud["']|\baudience\b/.test(text)) return 'audience';
  if (/["']exp["']|expired/.test(text)) return 'expiry';
  if (/jwks|signing keys|\bkid\b|no key/.test(text)) return 'keys';
  if (/signature/.test(text)) return 'signature';
  return undefined;
}

function challengeOf(exchange: RpcExchange): BearerChallenge | undefined {
  const header = exchange.headers?.['www-authenticate'];
  return header ? bearerChallenge(parseWwwAuthenticate(header)) : undefined;
}

function rpcErrorText(exchange: RpcExchange): string | undefined {
  if (exchange.rpcError) return `JSON-RPC error ${String(exchange.rpcError.code)}: ${String(exchange.rpcError.message).slice(0, 120)}`;
  return exchange.status !== undefined ? `status ${exchange.status}` : exchange.errorCode;
}

function initializeParams(): Record<string, unknown> {
  return { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: '0.1.0' } };
}

/** Retry-After as milliseconds (delta seconds or an HTTP date). */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,7}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
