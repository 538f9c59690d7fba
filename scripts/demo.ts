// Starts the lab's default scenario (nginx TLS with a private CA the client does not trust, and the
// scheme-dropping trailing-slash redirect), runs the real CLI against it, and stops the lab.
import { spawn } from 'node:child_process';
import { nginxAvailable, startLab } from '../test/lab/index';

async function main(): Promise<number> {
  if (!nginxAvailable()) {
    console.error('The lab needs nginx (Debian/Ubuntu: apt-get install -y nginx). To diagnose your own server: npm start -- https://host/mcp');
    return 1;
  }
  console.log('Starting the lab: nginx (TLS, private CA) → MCP SDK server, oidc-provider …');
  const lab = await startLab({ scenario: 'default' });
  try {
    console.log(`Diagnosing ${lab.url} as a client that does not trust the lab CA:\n`);
    // Asynchronously: the lab's servers live in this process and must keep answering meanwhile.
    const status = await runCli(['diagnose', lab.url]);
    console.log(`\nThe lab CA is ${lab.caFile}. Try the fix: npm run lab, then mcp-doctor diagnose ${lab.correctedUrl} --ca ${lab.caFile}`);
    // Finding problems is the demo working: only a crash or usage error fails `npm start`.
    return status === 0 || status === 1 ? 0 : status;
  } finally {
    await lab.stop();
  }
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit', env: process.env });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`npm start: the lab failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
