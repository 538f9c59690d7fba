import { type CatalogEntry } from '../types';
import { ev } from '../text';

/** Predictions of the trust matrix checked against the real clients installed here (--confirm-clients). */
export const clientEntries = {
  TLS_PREDICTION_WRONG: {
    severity: 'warning',
    step: 'tls',
    title: (e) => `The trust prediction for ${ev(e, 'client', 'a client')} was wrong`,
    cause: (e) =>
      `MCP Doctor predicted that ${ev(e, 'client')} ${ev(e, 'predicted')} (${ev(e, 'predictedReason')}), but the real client, ${ev(e, 'program')}, ${ev(e, 'actual')} (${ev(e, 'detail')}). The model was wrong here: go by the real outcome.`,
    fix: () =>
      'Trust what the real client did, not the matrix row. Please report this (the JSON report from --json, with the environment variables that were set, minus secrets) so the model can be corrected.',
  },
  TLS_PREDICTION_CONFIRMED: {
    severity: 'ok',
    step: 'tls',
    title: 'Real clients confirmed the trust predictions',
    cause: (e) =>
      `Run against the server with the same environment, these clients did what the matrix predicted: ${ev(e, 'confirmed', 'none')}.${Array.isArray(e.inconclusive) && e.inconclusive.length ? ` Inconclusive (failed before certificate verification): ${ev(e, 'inconclusive')}.` : ''}${Array.isArray(e.notRun) && e.notRun.length ? ` Not run here (predicted only): ${ev(e, 'notRun')}.` : ''}`,
    fix: () => 'Nothing to change for the confirmed rows.',
  },
} satisfies Record<string, CatalogEntry>;
