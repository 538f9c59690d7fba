import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/** No PEM bundle, key or config file we read comes near this. */
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a text file named by the user or the environment (CA files, NODE_EXTRA_CA_CERTS,
 * SSL_CERT_FILE) only when it is a regular file of at most `maxBytes`: a FIFO would block the read
 * forever (the synchronous variant: the whole process), a device would never end. Otherwise throws
 * an error whose code says why (ENOTREG, EFBIG), like the fs errors callers already classify.
 */
export async function readBoundedText(path: string, maxBytes = MAX_INPUT_FILE_BYTES): Promise<string> {
  check(path, await stat(path), maxBytes);
  return readFile(path, 'utf8');
}

/** {@link readBoundedText} for binary files (a PKCS#12 bundle). */
export async function readBoundedBytes(path: string, maxBytes = MAX_INPUT_FILE_BYTES): Promise<Buffer> {
  check(path, await stat(path), maxBytes);
  return readFile(path);
}

/** {@link readBoundedText} for synchronous callers. */
export function readBoundedTextSync(path: string, maxBytes = MAX_INPUT_FILE_BYTES): string {
  check(path, statSync(path), maxBytes);
  return readFileSync(path, 'utf8');
}

function check(path: string, info: { isFile(): boolean; size: number }, maxBytes: number): void {
  if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
  if (info.size > maxBytes) throw Object.assign(new Error(`${path} is larger than ${maxBytes} bytes`), { code: 'EFBIG' });
}
