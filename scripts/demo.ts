// `npm start`: the incident write-up in one run. Starts the lab's default scenario (a private CA the
// client does not trust, and POST /mcp answered 307 -> http://localhost/mcp/), diagnoses it as the
// broken client, then applies the fix the report gives (a CA bundle written by `ca-bundle`, the
// corrected URL) and diagnoses again, ending healthy with the tools listed. Then the lab stops.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Lab, startLab } from '../test/lab/index';
import { nginxBinary } from '../test/lab/nginx';

const CLI = 'dist/cli.js';
const NGINX_INSTALL = 'sudo apt-get install -y nginx (Debian/Ubuntu) or brew install nginx (macOS)';

async function main(): Promise<number> {
  const lab = await startLab({ scenario: 'default', front: 'auto' });
  try {
    console.log(frontLine(lab));
    return await tellTheStory(lab);
  } finally {
    await lab.stop();
  }
}

function frontLine(lab: Lab): string {
  return lab.front === 'nginx'
    ? `Lab TLS front: nginx (${nginxBinary() ?? 'nginx'}), configured the way the incident happened.`
    : `Lab TLS front: a small Node stand-in for nginx (same chain and redirect on the wire), because nginx is not installed; for the real one: ${NGINX_INSTALL}.`;
}

// The incident's client was the MCP Python SDK (httpx): its view leads the verdict (`--client`), as a user
// of that client would ask "will *my* client work?". Other clients' disagreement stays a warning.
const CLIENT = ['--client', 'python-httpx'];

async function tellTheStory(lab: Lab): Promise<number> {
  chapter(1, `The broken setup: the Python client (httpx) is configured with ${lab.url} and does not trust the lab's private CA.`);
  const broken = await runCli(['diagnose', lab.url, ...CLIENT]);

  const bundle = join(lab.dir, 'ca-bundle.pem');
  chapter(2, 'The fix, part 1: a CA bundle with the OS roots plus the lab CA (the file a client of this server is given).');
  const written = await runCli(['ca-bundle', '--out', bundle, lab.correctedUrl, '--ca', lab.caFile]);

  chapter(
    3,
    "The fix, part 2: the corrected URL, the bundle exported as ca-bundle said (every client run from this shell), and a token from the lab's authorization server.",
  );
  const token = await lab.mintToken();
  const trust = { NODE_EXTRA_CA_CERTS: bundle, SSL_CERT_FILE: bundle, REQUESTS_CA_BUNDLE: bundle, CURL_CA_BUNDLE: bundle };
  const fixed = await runCli(
    ['diagnose', lab.correctedUrl, '--token-env', 'MCP_TOKEN', ...CLIENT],
    { ...trust, MCP_TOKEN: token },
    Object.keys(trust),
  );

  console.log(`\n${'─'.repeat(100)}`);
  // Findings in chapter 1 are the demo working; anything else means the story broke and must be seen.
  if (broken !== 1 || written !== 0 || fixed !== 0) {
    console.error(
      `npm start: the demo did not end as the incident write-up does (exit codes: broken ${broken}, ca-bundle ${written}, fixed ${fixed}; expected 1, 0, 0).`,
    );
    return 1;
  }
  console.log(
    'Broken, then healthy (no errors; the warnings left are worth a read): the same server, diagnosed the way the first report said to fix it. The lab has stopped.',
  );
  console.log(
    'Try it yourself: `npm run lab` keeps a lab running and prints the commands to paste; `npm start -- https://your.server/mcp` diagnoses your own server.',
  );
  return 0;
}

function chapter(n: number, text: string): void {
  console.log(`\n${'─'.repeat(100)}\n${n}/3 ${text}\n`);
}

/** Runs the built CLI asynchronously (the lab's servers live in this process and must keep answering). */
function runCli(args: string[], extraEnv: Record<string, string> = {}, shownEnv: readonly string[] = []): Promise<number> {
  const shown = args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ');
  // The exports are shown as a user would type them; the token's value never is.
  const exports = shownEnv.map((name) => `export ${name}=${extraEnv[name]}\n`).join('');
  const token = extraEnv.MCP_TOKEN ? "export MCP_TOKEN=<an access token from the lab's authorization server>\n" : '';
  console.log(`${exports}${token}$ node ${CLI} ${shown}\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

/** The lab's PKI runs `openssl ca`: the one system tool `npm start` needs besides Node (standard on Debian, Ubuntu, macOS). */
function missingOpenssl(err: unknown): boolean {
  const e = err as { code?: unknown; path?: unknown } | undefined;
  return e?.code === 'ENOENT' && e.path === 'openssl';
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `npm start: the lab failed to start: ${missingOpenssl(err) ? 'it needs the openssl command to issue its certificates (Debian/Ubuntu: sudo apt-get install -y openssl)' : err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  },
);
