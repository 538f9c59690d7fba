import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { startLab, type Lab } from '../../test/lab/index';

/** The lab's healthy scenario plus what every figure needs: a real token and the client CA list. */
export interface BenchLab {
  readonly lab: Lab;
  readonly url: string;
  readonly caFile: string;
  readonly token: string;
  /** Node's bundled roots + the lab CA: the trust diagnose() uses with --ca. */
  readonly caList: readonly string[];
  stop(): Promise<void>;
}

export async function startBenchLab(): Promise<BenchLab> {
  const lab = await startLab({ scenario: 'healthy' });
  try {
    const token = await lab.mintToken({ expiresInSec: 3600 });
    return {
      lab,
      url: lab.url,
      caFile: lab.caFile,
      token,
      caList: [...tls.rootCertificates, readFileSync(lab.caFile, 'utf8')],
      stop: () => lab.stop(),
    };
  } catch (err) {
    await lab.stop();
    throw err;
  }
}
