import { type DiscoveredServer } from '../../core/discovery/types';
import { type VerifyOptions } from '../../core/jwt/types';
import { tokenAt } from '../../core/scan/tokenScan';
import { type PickItem } from '../host/ui';
import { tokenMarkdown, type VerificationView } from '../jwt/hoverContent';
import { extractToken, verifyWithJwks } from '../jwt/inspect';
import { clientTlsOptions } from '../jwt/trust';
import { prepareTarget } from '../servers/target';
import { type Services } from '../services';
import { runDiagnosis } from './run';

/** "Inspect JWT from Clipboard": decode, optionally verify against a chosen server's keys, show. */
export async function inspectClipboardCommand(s: Services): Promise<VerificationView | undefined> {
  s.session.markUserActed();
  const clip = await s.ui.readClipboard();
  if (clip.trim() === '') {
    void s.ui.info(
      'MCP Doctor: the clipboard is empty. Copy a JWT (or a whole "Authorization: Bearer …" line) and run "Inspect JWT from Clipboard" again.',
    );
    return undefined;
  }
  const token = extractToken(clip);
  if (!token) {
    void s.ui.info(
      'MCP Doctor: no token found on the clipboard. Copy a JWT (three dot-separated base64url parts starting with "eyJ") or a Bearer token and try again.',
    );
    return undefined;
  }
  return inspectToken(s, token);
}

/** "Verify JWT at Cursor": the token under the cursor of the active editor. */
export async function verifyAtCursorCommand(s: Services): Promise<VerificationView | undefined> {
  s.session.markUserActed();
  const around = s.cursorText();
  const span = around ? tokenAt(around.text, around.offset) : undefined;
  if (!around || !span) {
    void s.ui.info(
      'MCP Doctor: no token at the cursor. Put the cursor on a JWT (e.g. in a .env, JSON, log or HTTP file) and run "Verify JWT at Cursor" again.',
    );
    return undefined;
  }
  return inspectToken(s, around.text.slice(span.start, span.end));
}

type VerifyChoice = { readonly server: DiscoveredServer } | { readonly decodeOnly: true };

const VERIFY_TIMEOUT_MS = 10_000;

async function inspectToken(s: Services, token: string): Promise<VerificationView | undefined> {
  s.knownSecrets.add(token);
  const engine = await s.engine();
  const decoded = engine.decodeToken(token);
  let view: VerificationView;
  let serverName: string | undefined;
  if (decoded.kind === 'jws') {
    const choice = await chooseVerifier(s, decoded.claims);
    if (!choice) return undefined;
    serverName = 'server' in choice ? choice.server.name : undefined;
    view = 'server' in choice ? await verifyAgainstServer(s, token, choice.server) : await decodeOnly(s, token);
  } else {
    view = await decodeOnly(s, token);
  }
  const presenter = s.presenter();
  if (presenter.showToken && view.result) await presenter.showToken(view.result, { serverName });
  else await s.ui.openDocument(`# Token inspection\n\n${tokenMarkdown(decoded, view, s.now())}\n`, 'markdown');
  s.log.info(
    `inspected a ${decoded.kind} token (${decoded.length} chars, sha256 ${decoded.fingerprint})${serverName ? ` against ${serverName}` : ''}: ${view.status}`,
  );
  return view;
}

/** Claim checks without a key: the result says "not verified" rather than pretending. */
async function decodeOnly(s: Services, token: string, expect: Partial<VerifyOptions> = {}): Promise<VerificationView> {
  const engine = await s.engine();
  const now = s.now();
  const result = await engine.verifyToken(token, {
    ...expect,
    clock: { now: () => now },
    signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    timeoutMs: VERIFY_TIMEOUT_MS,
  });
  return { status: 'skipped', result };
}

async function chooseVerifier(s: Services, claims: Readonly<Record<string, unknown>> | undefined): Promise<VerifyChoice | undefined> {
  const servers = (await s.registry.discover()).servers;
  if (servers.length === 0) return { decodeOnly: true };
  const iss = typeof claims?.iss === 'string' ? claims.iss : undefined;
  const items: PickItem<VerifyChoice>[] = [
    ...servers.map((server) => {
      const cached = s.jwks.get(server.id);
      const matches = iss !== undefined && cached?.issuer === iss;
      return {
        label: server.name,
        description: server.url,
        detail: cached
          ? `keys cached from ${cached.jwksUrl}${matches ? ' · issuer matches' : ''}`
          : 'keys are discovered by diagnosing the server first',
        value: { server },
      };
    }),
    { label: 'Decode only', description: 'Show the claims without checking the signature', value: { decodeOnly: true as const } },
  ];
  return s.ui.pick(items, {
    title: "MCP Doctor: verify the token against which server's keys?",
    placeHolder: "The keys come from the server's own metadata, never from the token",
  });
}

/**
 * Verifies with the server's cached JWKS; without one, diagnoses the server to discover its
 * `jwks_uri` first. When the keys cannot be read, the result names why (e.g. an untrusted certificate).
 */
async function verifyAgainstServer(s: Services, token: string, server: DiscoveredServer): Promise<VerificationView> {
  if (!s.jwks.get(server.id) && !s.session.forServer(server.id)) await discoverKeys(s, server);
  const entry = s.jwks.get(server.id);
  if (entry) return verifyWithJwks(await s.engine(), token, entry, s.now());
  const last = s.session.forServer(server.id)?.report;
  const expect = {
    issuer: server.expectedIssuer ?? last?.auth?.authorizationServer?.issuer,
    audience: server.expectedAudience ?? last?.auth?.expected?.audience,
    requiredScopes: server.requiredScopes,
  };
  const jwksUri = last?.auth?.authorizationServer?.jwksUri;
  if (!jwksUri) {
    void s.ui.warn(
      `MCP Doctor: ${server.name} did not advertise a JWKS (no authorization server metadata with jwks_uri); the token was decoded but not verified.`,
    );
    const view = await decodeOnly(s, token, expect);
    return { status: 'no-keys', result: view.result };
  }
  const tls = await clientTlsOptions(server.caFiles, s.env, (problem) => void s.ui.warn(`MCP Doctor: ${problem.title}: ${problem.cause}`));
  const { result } = await decodeOnly(s, token, { ...expect, keySource: { jwksUrl: jwksUri }, tls });
  if (!result) return { status: 'no-keys' };
  if (result.verified) return { status: 'verified', serverName: server.name, result };
  return result.jwks?.keyCount ? { status: 'failed', serverName: server.name, result } : { status: 'no-keys', result };
}

async function discoverKeys(s: Services, server: DiscoveredServer): Promise<void> {
  const target = await prepareTarget(server, { ...s, ui: s.ui, rediscover: () => s.registry.discover() });
  if (!target) return;
  await s.ui.withProgress(`MCP Doctor: discovering the keys of ${server.name}`, (progress, signal) =>
    runDiagnosis(s, target, {
      signal,
      light: false,
      awaitJwks: true,
      onProgress: (e) => e.type === 'step-start' && void progress(`${e.label}…`),
    }),
  );
}
