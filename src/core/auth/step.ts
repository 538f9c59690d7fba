import { type DiagnosisState } from '../diagnose/state';
import { type Step } from '../pipeline/types';

/** Placeholder until the auth checks land: the auth module owns this file. */
export const authStep: Step<DiagnosisState> = {
  name: 'auth',
  label: 'OAuth and token checks',
  skipReason: () => 'not implemented yet',
  async run() {},
};
