import { type DiagnosisState } from '../diagnose/state';
import { type Step } from '../pipeline/types';

/** Placeholder until the TLS probe lands: the TLS module owns this file. */
export const tlsStep: Step<DiagnosisState> = {
  name: 'tls',
  label: 'TLS handshake',
  skipReason: (s) => (s.input.url.protocol === 'https:' ? undefined : 'plain http URL'),
  async run() {},
};
