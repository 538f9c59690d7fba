import { type RedirectHopEvidence, type RedirectStopEvidence } from './common';

/** Evidence of each redirect finding (catalog/redirect.ts): a hop, or where the walk stopped. */
export type RedirectEvidence = {
  REDIRECT_SCHEME_DOWNGRADE: RedirectHopEvidence;
  REDIRECT_PORT_DROPPED: RedirectHopEvidence;
  REDIRECT_TRAILING_SLASH: RedirectHopEvidence;
  REDIRECT_METHOD_CHANGED: RedirectHopEvidence;
  REDIRECT_CROSS_ORIGIN: RedirectHopEvidence;
  REDIRECT_PATH_CHANGED: RedirectHopEvidence;
  REDIRECT_LOOP: RedirectStopEvidence;
  REDIRECT_TOO_MANY: RedirectStopEvidence;
};
