import { confirmReport } from '../core/diagnose/confirm';
import { diagnose } from '../core/diagnose/diagnose';
import { createHttpClient } from '../core/http/client';
import { decodeToken } from '../core/jwt/decode';
import { fetchJwks } from '../core/jwt/jwks';
import { verifyToken } from '../core/jwt/verify';
import { runAuthorizationFlow } from '../core/oauth/flow';
import { refreshStoredGrant } from '../core/oauth/refreshStored';
import { flowMarkdown } from '../core/report/flowMarkdown';
import { type Engine } from './engine';

/**
 * The engine as the extension sees it. The production build ships this module as its own file,
 * dist/engine.js, which engine.ts requires on first use: activation never parses undici or jose.
 */
export const engine: Engine = {
  diagnose,
  decodeToken,
  verifyToken,
  fetchJwks,
  createHttpClient,
  runAuthorizationFlow,
  flowMarkdown,
  confirmReport,
  refreshStoredGrant,
};
