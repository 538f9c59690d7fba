import * as tls from 'node:tls';
import { createHttpClient } from '../core/http/client';
import { type Finding, sortFindings } from '../core/findings/finding';
import { humanDuration, relativeTime } from '../core/jwt/duration';
import { type KeySource, type TokenVerification } from '../core/jwt/types';
import { verifyToken } from '../core/jwt/verify';
import { systemClock } from '../core/pipeline/types';
import { loadNodeExtraCas } from '../core/tls/caFiles';
import { parseCommandArgs, positiveInt } from './args';
import { type CliIo, UsageError } from './io';
import { resolvePath, terminalSafe } from './text';
import { firstSentence } from '../core/findings/text';
import { createStyle, type Style } from './style';

export const JWT_USAGE = `Usage: mcp-doctor jwt <token | -> [options]

Decodes an access token and, given a key, verifies it: signature (algorithms pinned by the key,
never keys named by the token), expiry with clock skew, issuer, audience and scopes.
Use "-" to read the token from standard input (keeps it out of your shell history).

Options:
  --jwks URL         Verify against this JSON Web Key Set (fetched without following redirects)
  --key FILE         Verify against a PEM public key or certificate, a JWK, or a JWKS file
  --secret-env VAR   Verify an HS256/384/512 token with the secret in environment variable VAR
  --issuer ISS       Expected "iss" (exact match)
  --audience AUD     Expected "aud", normally the MCP server URL
  --scope S          Required scope; repeatable
  --ca FILE          Trust this CA (PEM) when fetching --jwks; repeatable
  --timeout MS       Timeout for fetching the JWKS (default 10000)
  --json             Print the result as JSON
  -h, --help         Show this help

Exit codes: 0 token fine (or decoded without a key and nothing wrong), 1 problems found,
2 usage error.`;

const OPTIONS = {
  jwks: { type: 'string' },
  key: { type: 'string' },
  'secret-env': { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  scope: { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** `mcp-doctor jwt`: decode and verify one token. Returns the exit code. */
export async function jwtCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'jwt');
  if (values.help) return (io.stdout(`${JWT_USAGE}\n`), 0);
  const token = await readToken(positionals, io);
  const keySource = keySourceOf(values, io);
  const timeoutMs = positiveInt(values.timeout, '--timeout', 10_000);
  const http = values.jwks ? createHttpClient() : undefined;
  try {
    const result = await verifyToken(token, {
      keySource,
      issuer: values.issuer,
      audience: values.audience,
      requiredScopes: values.scope,
      clock: systemClock,
      signal: signal ?? new AbortController().signal,
      timeoutMs,
      http,
      tls: values.jwks ? await jwksTrust(values.ca ?? [], io) : undefined,
    });
    const verdict = verdictOf(result, keySource !== undefined);
    io.stdout(
      values.json
        ? `${JSON.stringify({ verdict: verdict.kind, ...result }, null, 2)}\n`
        : renderJwt(result, verdict, createStyle(io.color)),
    );
    return verdict.exitCode;
  } finally {
    await http?.close();
  }
}

async function readToken(positionals: string[], io: CliIo): Promise<string> {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'jwt: missing <token> (or "-" to read it from stdin)'
        : `jwt: expected one token, got ${positionals.length} arguments`,
    );
  const raw = positionals[0] === '-' ? await io.readStdin() : (positionals[0] as string);
  if (raw.trim() === '') throw new UsageError('jwt: the token is empty');
  return raw;
}

function keySourceOf(values: Values, io: CliIo): KeySource | undefined {
  const given = [values.jwks && '--jwks', values.key && '--key', values['secret-env'] && '--secret-env'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`jwt: use only one of ${given.join(', ')}`);
  if (values.jwks) {
    if (!/^https?:\/\//i.test(values.jwks)) throw new UsageError(`--jwks: "${values.jwks}" is not an http(s) URL`);
    return { jwksUrl: values.jwks };
  }
  if (values.key) return { keyFile: resolvePath(io.cwd, values.key) };
  const variable = values['secret-env'];
  if (variable === undefined) return undefined;
  const secret = io.env[variable];
  if (!secret) throw new UsageError(`--secret-env: environment variable ${variable} is not set or empty`);
  return { secret };
}

/** Node's roots plus NODE_EXTRA_CA_CERTS plus --ca files, as a client run from this shell would trust. */
export async function jwksTrust(caFiles: readonly string[], io: CliIo): Promise<tls.ConnectionOptions | undefined> {
  const loaded = await loadNodeExtraCas(
    io.env,
    caFiles.map((f) => resolvePath(io.cwd, f)),
  );
  if (loaded.length === 0) return undefined;
  for (const { problem, variable } of loaded) {
    if (!problem) continue;
    // Node ignores an unusable NODE_EXTRA_CA_CERTS (with a warning): so do we. A --ca file must work.
    if (variable) io.stderr(`mcp-doctor jwt: warning: ${problem.title}: ${problem.cause}\n`);
    else throw new UsageError(`--ca: ${problem.title}: ${problem.cause}`);
  }
  const extra = loaded.flatMap((l) => l.pems);
  return extra.length ? { ca: [...tls.rootCertificates, ...extra] } : undefined;
}

interface Verdict {
  readonly kind: 'verified' | 'invalid' | 'unverified' | 'opaque' | 'encrypted' | 'malformed';
  readonly line: string;
  readonly exitCode: number;
}

function verdictOf(result: TokenVerification, hadKey: boolean): Verdict {
  const firstError = result.findings.find((f) => f.severity === 'error');
  if (result.kind === 'malformed')
    return { kind: 'malformed', line: `Not a valid token: ${firstError?.cause ?? 'malformed'}`, exitCode: 1 };
  if (result.kind === 'opaque')
    return {
      kind: 'opaque',
      line: 'Opaque token (not a JWT): it can only be checked by introspection at the authorization server.',
      exitCode: 0,
    };
  if (result.kind === 'jwe')
    return { kind: 'encrypted', line: "Encrypted token (JWE): its claims can only be read with the recipient's private key.", exitCode: 0 };
  if (firstError && isKeyProblem(firstError.code))
    return { kind: 'unverified', line: `Signature NOT verified: ${firstError.title}. ${firstSentence(firstError.cause)}`, exitCode: 1 };
  if (firstError) return { kind: 'invalid', line: `Token INVALID: ${firstError.title}. ${firstSentence(firstError.cause)}`, exitCode: 1 };
  if (result.verified)
    return {
      kind: 'verified',
      line: `Token VERIFIED: ${result.verified.alg} signature, key ${result.verified.kid ?? '(no kid)'}${result.verified.jwksUrl ? ` from ${result.verified.jwksUrl}` : ''}.`,
      exitCode: 0,
    };
  return {
    kind: 'unverified',
    line: 'Signature NOT verified (no key): the claims below are unchecked and could have been written by anyone.',
    exitCode: hadKey ? 1 : 0,
  };
}

/** Errors about the keys, not the token: the token may be fine, we just could not check it. */
function isKeyProblem(code: string): boolean {
  return code === 'JWT_KEY_FILE_INVALID' || (code.startsWith('JWKS_') && code !== 'JWKS_KID_NOT_FOUND');
}

function renderJwt(result: TokenVerification, verdict: Verdict, style: Style): string {
  const severity = verdict.kind === 'verified' ? 'ok' : verdict.kind === 'unverified' ? 'warning' : verdict.exitCode ? 'error' : 'info';
  const lines = [style.severity(severity, style.bold(verdict.line)), ''];
  lines.push(...section('Header', result.header, style), ...section('Claims', result.claims, style, true));
  lines.push(...verification(result, style), ...findingLines(result.findings, style));
  return `${lines.join('\n')}\n`;
}

function section(title: string, values: Readonly<Record<string, unknown>> | undefined, style: Style, dates = false): string[] {
  if (!values) return [];
  const entries = Object.entries(values).slice(0, 50);
  const width = Math.min(14, Math.max(...entries.map(([k]) => k.length), 3));
  const rows = entries.map(
    ([key, value]) => `  ${style.dim(terminalSafe(key).padEnd(width))}  ${terminalSafe(display(key, value, dates))}`,
  );
  return [style.bold(title), ...rows, ''];
}

function display(key: string, value: unknown, dates: boolean): string {
  if (dates && ['exp', 'iat', 'nbf', 'auth_time'].includes(key) && typeof value === 'number' && Number.isFinite(value)) {
    const ms = value * 1000;
    const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
    const rel = key === 'exp' && ms < Date.now() ? `expired ${humanDuration(Date.now() - ms)} ago` : relativeTime(ms, Date.now());
    return `${iso} (${rel})`;
  }
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function verification(result: TokenVerification, style: Style): string[] {
  if (result.kind !== 'jws') return [];
  const v = result.verified;
  const match = (m: boolean | undefined, what: string) =>
    m === undefined ? style.dim(`not checked (pass --${what})`) : m ? 'matches' : style.severity('error', 'MISMATCH');
  const missing = result.scopesRequired.filter((s) => !result.scopesGranted.includes(s));
  return [
    style.bold('Verification'),
    `  signature  ${v ? `verified: ${v.alg}, key ${v.kid ?? '(no kid)'}${v.jwksUrl ? `, ${v.jwksUrl}` : ''}` : style.severity('warning', 'NOT verified')}`,
    `  issuer     ${match(result.issuerMatch, 'issuer')}`,
    `  audience   ${match(result.audienceMatch, 'audience')}`,
    `  scopes     granted: ${terminalSafe(result.scopesGranted.join(' ') || '(none)')}${result.scopesRequired.length ? `; required: ${terminalSafe(result.scopesRequired.join(' '))}${missing.length ? style.severity('error', ` (missing ${terminalSafe(missing.join(' '))})`) : ''}` : ''}`,
    '',
  ];
}

function findingLines(findings: readonly Finding[], style: Style): string[] {
  const shown = sortFindings(findings).filter((f) => f.severity !== 'ok');
  if (shown.length === 0) return [];
  return [
    style.bold('Findings'),
    ...shown.flatMap((f) => [
      `  ${style.severity(f.severity, `[${f.severity}]`)} ${f.code}: ${f.title}`,
      `      ${terminalSafe(f.cause)}`,
      `      ${style.dim('Fix:')} ${terminalSafe(f.fix)}`,
    ]),
  ];
}
