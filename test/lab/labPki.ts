import { join } from 'node:path';
import { createIntermediateCa, createLeaf, createRootCa, type IssuedCert, writeChainFile } from './pki';
import { type ServedCert } from './scenarios';

/** The lab's certificates: one private CA hierarchy plus what nginx serves in the scenario. */
export interface LabPki {
  readonly root: IssuedCert;
  readonly intermediate: IssuedCert;
  /** Good leaf (localhost, 127.0.0.1, ::1) used by the authorization server in every scenario. */
  readonly leaf: IssuedCert;
  /** leaf + intermediate, PEM. */
  readonly fullChainPem: string;
  /** What nginx serves on lab.url: chain file (leaf first) and key file. */
  readonly served: { readonly leaf: IssuedCert; readonly chainFile: string; readonly keyFile: string };
}

const DAY_MS = 86_400_000;
/**
 * Served leaves last a year (browsers' 398-day maximum is the usual choice): a short-lived lab leaf
 * would put TLS_EXPIRING_SOON into every healthy run. Only the expired-leaf scenario breaks dates.
 */
const LEAF_DAYS = 365;

/** Generates the hierarchy and the scenario's served certificate under `dir`. */
export async function createLabPki(dir: string, servedCert: ServedCert): Promise<LabPki> {
  const root = await createRootCa(dir);
  const intermediate = await createIntermediateCa(dir, root);
  const [leaf, broken] = await Promise.all([createLeaf(dir, intermediate, { days: LEAF_DAYS }), brokenLeaf(dir, servedCert, intermediate)]);
  const servedLeaf = broken ?? leaf;
  const chain = servedCert === 'self-signed' || servedCert === 'leaf-only' ? [servedLeaf] : [servedLeaf, intermediate];
  const chainFile = await writeChainFile(join(dir, 'served-chain.pem'), chain);
  const fullChainPem = [leaf, intermediate].map((c) => c.certPem.trimEnd() + '\n').join('');
  return { root, intermediate, leaf, fullChainPem, served: { leaf: servedLeaf, chainFile, keyFile: servedLeaf.keyFile } };
}

function brokenLeaf(dir: string, servedCert: ServedCert, intermediate: IssuedCert): Promise<IssuedCert | undefined> {
  switch (servedCert) {
    case 'self-signed':
      return createLeaf(dir, null, { name: 'self-signed-leaf', days: LEAF_DAYS });
    case 'expired-leaf':
      return createLeaf(dir, intermediate, {
        name: 'expired-leaf',
        notBefore: new Date(Date.now() - 31 * DAY_MS),
        notAfter: new Date(Date.now() - DAY_MS),
      });
    case 'wrong-host':
      return createLeaf(dir, intermediate, {
        name: 'wrong-host-leaf',
        days: LEAF_DAYS,
        commonName: 'mcp.internal.example',
        sans: ['DNS:mcp.internal.example'],
      });
    case 'fullchain':
    case 'leaf-only':
      return Promise.resolve(undefined);
  }
}
