import { type ClientCertConfig } from '../core/mtls/clientCert';
import { parseProxyUrl } from '../core/proxy/resolve';
import { type ProxyConfig } from '../core/proxy/types';
import { type CliIo, UsageError } from './io';
import { resolvePath } from './text';

/** parseArgs options for the proxy and client-certificate flags of `diagnose`. */
export const NETWORK_OPTIONS = {
  proxy: { type: 'string' },
  'no-proxy': { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'key-passphrase-env': { type: 'string' },
  pfx: { type: 'string' },
  'pfx-passphrase-env': { type: 'string' },
} as const;

export const NETWORK_USAGE = `  --proxy URL        Go through this HTTP proxy (default: HTTPS_PROXY/HTTP_PROXY with NO_PROXY)
  --no-proxy         Connect directly, ignoring the proxy environment variables
  --cert FILE        Client certificate (PEM) for mutual TLS, with --key
  --key FILE         Private key (PEM) of --cert
  --key-passphrase-env VAR   Read the --key passphrase from environment variable VAR
  --pfx FILE         Client certificate and key as PKCS#12 (.p12/.pfx)
  --pfx-passphrase-env VAR   Read the --pfx password from environment variable VAR`;

export interface NetworkFlags {
  readonly proxy?: string;
  readonly 'no-proxy'?: boolean;
  readonly cert?: string;
  readonly key?: string;
  readonly 'key-passphrase-env'?: string;
  readonly pfx?: string;
  readonly 'pfx-passphrase-env'?: string;
}

/** `--proxy` / `--no-proxy`; undefined = the environment decides. */
export function proxyOption(values: NetworkFlags): ProxyConfig | undefined {
  if (values.proxy !== undefined && values['no-proxy']) throw new UsageError('--proxy and --no-proxy cannot be combined');
  if (values['no-proxy']) return { disabled: true };
  if (values.proxy === undefined) return undefined;
  const parsed = parseProxyUrl(values.proxy);
  if (!parsed || parsed.protocol !== 'http:')
    throw new UsageError(`--proxy: "${values.proxy}" is not an http:// proxy URL such as http://proxy:3128`);
  return { url: values.proxy, source: '--proxy' };
}

/** `--cert`/`--key` or `--pfx`, with passphrases read from the named environment variables. */
export function clientCertOption(values: NetworkFlags, io: CliIo): ClientCertConfig | undefined {
  if (values.pfx !== undefined && (values.cert !== undefined || values.key !== undefined))
    throw new UsageError('--pfx cannot be combined with --cert/--key');
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together');
  if (values.pfx !== undefined) {
    return {
      pfxFile: resolvePath(io.cwd, values.pfx),
      passphrase: readPassphrase(values['pfx-passphrase-env'], '--pfx-passphrase-env', io),
    };
  }
  if (values.cert === undefined || values.key === undefined) return undefined;
  return {
    certFile: resolvePath(io.cwd, values.cert),
    keyFile: resolvePath(io.cwd, values.key),
    passphrase: readPassphrase(values['key-passphrase-env'], '--key-passphrase-env', io),
  };
}

function readPassphrase(variable: string | undefined, flag: string, io: CliIo): string | undefined {
  if (variable === undefined) return undefined;
  const value = io.env[variable];
  if (value === undefined) throw new UsageError(`${flag}: environment variable ${variable} is not set`);
  return value;
}
