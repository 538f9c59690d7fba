import { type CatalogEntry } from '../types';
import { ev } from '../text';

/** Problems with what the user gave us, found before any network traffic. */
export const configEntries = {
  CONFIG_CA_FILE_MISSING: {
    severity: 'error',
    step: 'config',
    title: 'CA file not found',
    cause: (e) =>
      `The CA file ${ev(e, 'path')} does not exist or cannot be read (${ev(e, 'errorCode', 'unreadable')}). Node ignores such a NODE_EXTRA_CA_CERTS (only a warning) and keeps its default trust; curl (error 77), requests and httpx 0.28 told to use it fail every request (see docs/client-trust.md).`,
    fix: (e) =>
      `Point the setting at an existing PEM file (check the path relative to where the client starts), or create it: e.g. copy your CA to ${ev(e, 'path')}.`,
  },
  CONFIG_CA_FILE_INVALID: {
    severity: 'error',
    step: 'config',
    title: 'CA file holds no usable certificate',
    cause: (e) =>
      `The file ${ev(e, 'path')} exists but contains no PEM certificate that could be parsed (${ev(e, 'reason', 'no BEGIN CERTIFICATE block')}).`,
    fix: (e) =>
      `Replace ${ev(e, 'path')} with a PEM file (-----BEGIN CERTIFICATE-----). Convert DER with: openssl x509 -inform der -in ca.der -out ca.pem`,
  },
  CONFIG_TOKEN_ENV_MISSING: {
    severity: 'error',
    step: 'config',
    title: 'Token environment variable is not set',
    cause: (e) => `The token was to be read from the environment variable ${ev(e, 'variable')}, which is unset or empty.`,
    fix: (e) => `Export the access token before running: export ${ev(e, 'variable')}='<token>' (without the "Bearer " prefix).`,
  },
  CONFIG_INVALID_URL: {
    severity: 'error',
    step: 'config',
    title: 'The server URL is not a valid http(s) URL',
    cause: (e) => `"${ev(e, 'input')}" is not an absolute http:// or https:// URL (${ev(e, 'reason', 'unparseable')}).`,
    fix: () => 'Give the full MCP endpoint URL, e.g. https://mcp.example.com/mcp',
  },
} satisfies Record<string, CatalogEntry>;
