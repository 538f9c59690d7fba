/** Shared wording for trust fixes, so findings, the matrix and `ca-bundle` say the same thing. */

/** The variable each client family reads for a replacement or extra CA bundle. */
export const CLIENT_BUNDLE_VARIABLES = {
  NODE_EXTRA_CA_CERTS: 'Node.js, undici, the MCP TypeScript SDK (adds to the bundled roots; read at process start)',
  SSL_CERT_FILE: 'Python httpx / MCP Python SDK, Python ssl, OpenSSL tools (replaces the default roots)',
  REQUESTS_CA_BUNDLE: 'Python requests (replaces certifi)',
  CURL_CA_BUNDLE: 'curl (replaces the default bundle)',
} as const;

export type BundleVariable = keyof typeof CLIENT_BUNDLE_VARIABLES;

/** The command that makes `mcp-doctor` write a combined bundle for this URL. */
export function caBundleCommand(url: string | undefined, out = 'ca-bundle.pem'): string {
  return `mcp-doctor ca-bundle --out ${out}${url ? ` ${url}` : ''}`;
}

/** One shell line exporting a variable (PowerShell syntax on Windows). */
export function exportLine(variable: string, path: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `$env:${variable} = "${path}"` : `export ${variable}=${shellQuote(path)}`;
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./~-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** How to add a CA to the operating system's store, which VS Code (http.systemCertificates) and curl read. */
export function osTrustCommand(caFile: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${caFile}`;
  if (platform === 'win32') return `certutil -addstore -f Root ${caFile} (as Administrator)`;
  return `sudo cp ${caFile} /usr/local/share/ca-certificates/mcp-server-ca.crt && sudo update-ca-certificates`;
}

/** The other common way, when the command above does not apply to the user's system. */
export function osTrustNote(platform: NodeJS.Platform = process.platform): string | undefined {
  return platform === 'linux'
    ? 'that is Debian/Ubuntu; on Fedora/RHEL copy it to /etc/pki/ca-trust/source/anchors/ and run sudo update-ca-trust'
    : undefined;
}
