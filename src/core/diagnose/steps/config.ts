import { X509Certificate } from 'node:crypto';
import { makeFinding, type Finding } from '../../findings/finding';
import { readBoundedText } from '../../fs/boundedRead';
import { errorCode } from '../../net/errors';
import { type Step } from '../../pipeline/types';
import { loadClientCert } from '../../mtls/clientCert';
import { splitPem } from '../../tls/pem';
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
    const clientCert = ctx.state.input.clientCert && await loadClientCert(ctx.state.input.clientCert);
    if (clientCert && 'code' in clientCert) ctx.add(clientCert);
    else if (clientCert) ctx.state.clientCert = clientCert;
  },
};

async function loadCa(path: string): Promise<LoadedCa | Finding> {
  let text: string;
  try {
    text = await readBoundedText(path);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOTREG') return makeFinding('CONFIG_CA_FILE_INVALID', { path, reason: 'it is not a regular file (a directory, a pipe or a device)' });
    if (code === 'EFBIG') return makeFinding('CONFIG_CA_FILE_INVALID', { path, reason: 'it is larger than 32 MB, far more than any CA bundle' });
    return makeFinding('CONFIG_CA_FILE_MISSING', { path, errorCode: code ?? 'unreadable' });
  }
  const pems = splitPem(text).filter(isParsable);
  if (pems.length > 0) return { path, pems };
  const reason = text.includes('BEGIN CERTIFICATE') ? 'the PEM blocks do not parse as X.509' : 'no BEGIN CERTIFICATE block';
  return makeFinding('CONFIG_CA_FILE_INVALID', { path, reason });
}

function isParsable(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
