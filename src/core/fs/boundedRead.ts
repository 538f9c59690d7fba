import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
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

/**
 * Reads a small regular file synchronously, or returns undefined for anything else (a FIFO, a
 * device, a directory, a file over `maxBytes`, an unreadable path). Opening with O_NONBLOCK and
 * checking the opened descriptor means a FIFO can neither block the open nor be swapped in after a
 * check. For scans of many small files (a certificate directory), where one asynchronous read per
 * file cost tens of milliseconds of thread-pool round trips.
 */
export function readRegularTextSync(path: string, maxBytes = MAX_INPUT_FILE_BYTES): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const buffer = Buffer.alloc(info.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString('utf8', 0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function check(path: string, info: { isFile(): boolean; size: number }, maxBytes: number): void {
  if (!info.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
  if (info.size > maxBytes) throw Object.assign(new Error(`${path} is larger than ${maxBytes} bytes`), { code: 'EFBIG' });
}
