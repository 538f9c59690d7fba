import { type DiscoveredServer } from '../../core/discovery/types';
import { tokenAt } from '../../core/scan/tokenScan';
import { type PickItem } from '../host/ui';
import { tokenMarkdown, type VerificationView } from '../jwt/hoverContent';
import { extractToken, verifyWithJwks } from '../jwt/inspect';
import { prepareTarget } from '../servers/target';
import { type Services } from '../services';
import { runDiagnosis } from './run';

/** "Inspect JWT from Clipboard": decode, optionally verify against a chosen server's keys, show. */
export async function inspectClipboardCommand(s: Services): Promise<VerificationView | undefined> {
  s.session.markUserActed();
  const clip = await s.ui.readClipboard();
  if (clip.trim() === '') {
    void s.ui.info('MCP Doctor: the clipboard is empty. Copy a JWT (or a whole "Authorization: Bearer …" line) and run "Inspect JWT from Clipboard" again.');
    return undefined;
  }
  const token = extractToken(clip);
  if (!token) {
    void s.ui.info('MCP Doctor: no token found on the clipboard. Copy a JWT (three dot-separated base64url parts starting with "eyJ") or a Bearer token and try again.');
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
    void s.ui.info('MCP Doctor: no token at the cursor. Put the cursor on a JWT (e.g. in a .env, JSON, log or HTTP file) and run "Verify JWT at Cursor" again.');
    return undefined;
  }
  return inspectToken(s, around.text.slice(span.start, span.end));
}

type VerifyChoice = { readonly server: DiscoveredServer } | { readonly decodeOnly: true };

async function inspectToken(s: Services, token: string): Promise<VerificationView | undefined> {
  s.knownSecrets.add(token);
  const engine = await s.engine();
  const decoded = engine.decodeToken(token);
  let view: VerificationView = { status: 'skipped' };
  if (decoded.kind === 'jws') {
    const choice = await chooseVerifier(s, decoded.claims);
    if (!choice) return undefined;
    if ('server' in choice) view = await verifyAgainstServer(s, token, choice.server);
  }
  const now = s.now();
  const presenter = s.presenter();
  const result = 'result' in view ? view.result : undefined;
  if (presenter.showToken && result) await presenter.showToken(result, { serverName: 'serverName' in view ? view.serverName : undefined });
  else await s.ui.openDocument(`# Token inspection\n\n${tokenMarkdown(decoded, view, now)}\n`, 'markdown');
  s.log.info(`inspected a ${decoded.kind} token (${decoded.length} chars, sha256 ${decoded.fingerprint}): ${view.status}`);
  return view;
}

async function chooseVerifier(s: Services, claims: Readonly<Record<string, unknown>> | undefined): Promise<VerifyChoice | undefined> {
  const servers = (await s.registry.discover()).servers;
  if (servers.length === 0) return { decodeOnly: true };
  const iss = typeof claims?.iss === 'string' ? claims.iss : undefined;
  const items: PickItem<VerifyChoice>[] = [
    ...servers.map((server) => {
      const cached = s.jwks.get(server.id);
      const matches = iss !== undefined && cached?.issuer === iss;
      return { label: server.name, description: server.url, detail: cached ? `keys cached from ${cached.jwksUrl}${matches ? ' · issuer matches' : ''}` : 'keys are discovered by diagnosing the server first', value: { server } };
    }),
    { label: 'Decode only', description: 'Show the claims without checking the signature', value: { decodeOnly: true as const } },
  ];
  return s.ui.pick(items, { title: 'MCP Doctor: verify the token against which server\'s keys?', placeHolder: 'The keys come from the server\'s own metadata, never from the token' });
}

/** Uses the cached JWKS, or diagnoses the server first to discover its `jwks_uri`. */
async function verifyAgainstServer(s: Services, token: string, server: DiscoveredServer): Promise<VerificationView> {
  const engine = await s.engine();
  let entry = s.jwks.get(server.id);
  if (!entry) {
    const target = await prepareTarget(server, { ...s, ui: s.ui, rediscover: () => s.registry.discover() });
    if (target) {
      await s.ui.withProgress(`MCP Doctor: discovering the keys of ${server.name}`, (progress, signal) =>
        runDiagnosis(s, target, { signal, light: false, awaitJwks: true, onProgress: (e) => e.type === 'step-start' && void progress(`${e.label}…`) }),
      );
    }
    entry = s.jwks.get(server.id);
  }
  if (!entry) {
    void s.ui.warn(`MCP Doctor: ${server.name} did not advertise a JWKS (no authorization server metadata with jwks_uri); the token was decoded but not verified. See the log for the discovery steps.`);
    return { status: 'no-keys' };
  }
  return verifyWithJwks(engine, token, entry, s.now());
}
