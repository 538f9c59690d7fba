/** One retry of the refused handshake: what was offered and how it ended (tls/refusal.ts `RefusalAttempt`). */
type RefusalAttemptEvidence = { readonly offered: string; readonly outcome: string };

/** Evidence of each handshake-refusal finding (catalog/tlsRefusal.ts). */
export type TlsRefusalEvidence = {
  TLS_HANDSHAKE_REFUSED: {
    readonly host: string;
    readonly port: number;
    readonly errorCode: string;
    readonly alert?: string;
    /** What the retries found (tls/refusal.ts `RefusalCause`; a client-certificate demand has its own code). */
    readonly cause: 'key-cannot-sign' | 'tls13-refused' | 'old-protocol' | 'no-common-cipher' | 'legacy-signature' | 'unknown';
    readonly protocol?: string;
    readonly cipher?: string;
    /** The certificate a relaxed retry got, when one did. */
    readonly keyType?: string;
    readonly keyBits?: number;
    readonly certificateName?: string;
    readonly attempts: readonly RefusalAttemptEvidence[];
  };
};
