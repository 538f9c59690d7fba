/** Evidence of each finding that checks a trust prediction against a real client (catalog/clients.ts, --confirm-clients). */
export type ClientsEvidence = {
  TLS_PREDICTION_WRONG: {
    /** The client's label, e.g. "curl / OpenSSL". */
    readonly client: string;
    readonly predicted: string;
    /** Where the predicted trust came from, or why it was predicted to fail. */
    readonly predictedReason: string;
    readonly actual: string;
    /** The real program run, and what it said (exit code, error). */
    readonly program: string;
    readonly detail: string;
    /** Set when this client is (one of) the user's own: a wrong prediction for it can lead the verdict. */
    readonly lead?: true;
  };
  TLS_PREDICTION_CONFIRMED: {
    /** "label (program: detail)" per client. */
    readonly confirmed: readonly string[];
    readonly inconclusive: readonly string[];
    /** Labels of the clients predicted only. */
    readonly notRun: readonly string[];
  };
};
