import { type Finding } from '../../findings/finding';
import { type Step } from '../../pipeline/types';
import { loadClientCert } from '../../mtls/clientCert';
import { loadCaFile } from '../../tls/caFiles';
import { type LoadedCa } from '../../tls/types';
import { type DiagnosisState } from '../state';

/** Loads the CA files the user configured: a missing or empty file is the `ca_cert_path` incident. */
export const configStep: Step<DiagnosisState> = {
  name: 'config',
  label: 'Checking configuration',
  async run(ctx) {
    for (const path of ctx.state.input.caFiles) {
      const loaded = await loadCa(path);
      if ('code' in loaded) ctx.add(loaded);
      else ctx.state.cas.push(loaded);
    }
    const clientCert = ctx.state.input.clientCert && (await loadClientCert(ctx.state.input.clientCert));
    if (clientCert && 'code' in clientCert) ctx.add(clientCert);
    else if (clientCert) ctx.state.clientCert = clientCert;
  },
};

async function loadCa(path: string): Promise<LoadedCa | Finding> {
  const loaded = await loadCaFile(path);
  return loaded.problem ?? { path, pems: [...loaded.pems] };
}
