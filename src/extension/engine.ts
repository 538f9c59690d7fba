import type { DiagnoseOptions } from '../core/diagnose/diagnose';
import type { DiagnosisReport } from '../core/diagnose/report';
import type { FetchOptions } from '../core/auth/fetchDocument';
import type { HttpClient } from '../core/http/client';
import type { DecodedToken, JwksFetchResult, TokenVerification, VerifyOptions } from '../core/jwt/types';

/** The engine entry points the extension uses, loaded on first use (never during activation). */
export interface Engine {
  diagnose(options: DiagnoseOptions): Promise<DiagnosisReport>;
  decodeToken(text: string): DecodedToken;
  verifyToken(text: string, options: VerifyOptions): Promise<TokenVerification>;
  fetchJwks(url: URL, options: FetchOptions): Promise<JwksFetchResult>;
  createHttpClient(): HttpClient & { close(): Promise<void> };
}

export type EngineLoader = () => Promise<Engine>;

/** Token decoding alone (no network code): what hovers and decorations need on every scroll. */
export type DecoderLoader = () => Promise<(text: string) => DecodedToken>;

let decoding: Promise<(text: string) => DecodedToken> | undefined;

export const loadDecoder: DecoderLoader = () => {
  decoding ??= import('../core/jwt/decode')
    .then((m) => m.decodeToken)
    .catch((err: unknown) => {
      decoding = undefined;
      throw err;
    });
  return decoding;
};

let loading: Promise<Engine> | undefined;

/**
 * Dynamic imports: esbuild still bundles these modules, but their code (undici, jose, node:tls)
 * only initialises when a command first needs it, keeping activation cheap and free of I/O.
 */
export const loadEngine: EngineLoader = () => {
  loading ??= (async () => {
    const [diagnoseModule, decodeModule, verifyModule, jwksModule, httpModule] = await Promise.all([
      import('../core/diagnose/diagnose'),
      import('../core/jwt/decode'),
      import('../core/jwt/verify'),
      import('../core/jwt/jwks'),
      import('../core/http/client'),
    ]);
    return {
      diagnose: diagnoseModule.diagnose,
      decodeToken: decodeModule.decodeToken,
      verifyToken: verifyModule.verifyToken,
      fetchJwks: jwksModule.fetchJwks,
      createHttpClient: httpModule.createHttpClient,
    };
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
};
