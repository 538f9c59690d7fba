/**
 * `npm run lab [scenario] [--json]`: starts the lab, prints its URLs, CA file and ready-to-paste
 * commands, and keeps it running until Ctrl+C (SIGINT/SIGTERM stop everything cleanly).
 */
import { type Lab, NginxUnavailableError, SCENARIO_NAMES, SCENARIOS, isScenarioName, startLab } from './index';

const USAGE = `Usage: npm run lab [-- <scenario>] [--json]

Starts the MCP Doctor lab (private CA, oidc-provider, MCP SDK server, nginx TLS) on loopback and keeps
it running until Ctrl+C. Scenarios (default: default):
${SCENARIO_NAMES.map((name) => `  ${name.padEnd(24)}${SCENARIOS[name].summary}`).join('\n')}`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const json = argv.includes('--json');
  const positional = argv.filter((a) => !a.startsWith('-'));
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--json');
  const scenario = positional[0] ?? 'default';
  if (unknownFlag || positional.length > 1 || !isScenarioName(scenario)) {
    console.error(`${unknownFlag ? `unknown option ${unknownFlag}` : `unknown scenario ${positional.join(' ')}`}\n\n${USAGE}`);
    return 2;
  }
  // nginx when installed; otherwise the Node stand-in, so the lab runs on a machine with only Node.
  const lab = await startLab({ scenario, front: 'auto' });
  const token = await lab
    .mintToken()
    .catch((err: unknown) => `(could not mint a token: ${err instanceof Error ? err.message : String(err)})`);
  console.log(json ? JSON.stringify(describe(lab, token)) : banner(lab, token));
  await untilSignal();
  console.error('\nStopping the lab ...');
  await lab.stop();
  return 0;
}

function describe(lab: Lab, token: string): Record<string, unknown> {
  const { mintToken: _mint, stop: _stop, ...data } = lab;
  return { ...data, token };
}

function banner(lab: Lab, token: string): string {
  const server = lab.serverConfig;
  const lines = [
    `MCP Doctor lab, scenario "${lab.scenario}": ${lab.summary}`,
    ...(lab.front === 'node'
      ? ['  TLS front: a Node stand-in for nginx (nginx is not installed; for the real one: sudo apt-get install -y nginx)']
      : []),
    '',
    `  MCP URL (what users configure)  ${lab.url}`,
    `  Corrected URL                   ${lab.correctedUrl}`,
    `  Backend, plain HTTP, no proxy   ${lab.backendUrl}`,
    `  Lab root CA (trust this)        ${lab.caFile}`,
    `  Authorization server (issuer)   ${lab.issuer}`,
    `  JWKS (as advertised)            ${lab.jwksUri}`,
    `  Protected resource metadata     ${lab.resourceMetadataUrl}`,
    `  Scopes: connect ${lab.requiredScopes.join(' ')}; tools ${Object.entries(lab.toolScopes)
      .map(([t, s]) => `${t}=${s}`)
      .join(', ')}`,
    server
      ? `  Server env: MCP_JWT_ISSUER=${server.issuer} MCP_JWT_AUDIENCE=${server.audience} MCP_JWT_JWKS_URI=${server.jwksUri}`
      : `  Server: refused to start: ${lab.startupError ?? 'unknown'}`,
    '',
    'Paste into another terminal:',
    '',
    `  export MCP_TOKEN='${token}'`,
    lab.clientTrustsCa
      ? `  npm start -- ${lab.url} --ca ${lab.caFile} --token-env MCP_TOKEN`
      : `  npm start -- ${lab.url} --token-env MCP_TOKEN                 # as the broken client (CA not trusted)`,
    `  NODE_EXTRA_CA_CERTS=${lab.caFile} npm start -- ${lab.correctedUrl} --token-env MCP_TOKEN`,
    `  curl -i --cacert ${lab.caFile} -H "Authorization: Bearer $MCP_TOKEN" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\`,
    `       -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}' ${lab.url}`,
    '',
    'The token is valid for 10 minutes (expired-token scenario: already expired). Press Ctrl+C to stop the lab.',
  ];
  return lines.join('\n');
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message =
      err instanceof NginxUnavailableError ? err.message : `the lab failed to start: ${err instanceof Error ? err.message : String(err)}`;
    console.error(`npm run lab: ${message}`);
    process.exit(1);
  },
);
