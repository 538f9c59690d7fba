import { type DecoderLoader, type EngineLoader } from '../engine';
import { tokenMarkdown, type VerificationView } from './hoverContent';
import { verifyFromCache } from './inspect';
import { type JwksCache } from './jwksCache';
import { type TextSource, tokenUnderCursor } from './tokenText';

export interface HoverDeps {
  readonly decoder: DecoderLoader;
  readonly engine: EngineLoader;
  readonly jwks: JwksCache;
  readonly now: () => number;
}

export interface TokenHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The hover for the token under `offset`, if any: decoded claims always; verification only when a
 * configured server's keys are already cached (the engine loads only then). Never fetches.
 */
export async function tokenHoverAt(source: TextSource, offset: number, deps: HoverDeps): Promise<TokenHover | undefined> {
  const found = tokenUnderCursor(source, offset);
  if (!found) return undefined;
  const decode = await deps.decoder();
  const decoded = decode(found.text);
  const now = deps.now();
  let verification: VerificationView = { status: 'no-keys' };
  if (decoded.kind === 'jws' && deps.jwks.candidatesFor(decoded.header, decoded.claims).length > 0) {
    verification = await verifyFromCache(await deps.engine(), deps.jwks, found.text, decoded, now);
  }
  return { markdown: tokenMarkdown(decoded, verification, now), start: found.span.start, end: found.span.end };
}
