// Starts the lab's default scenario (nginx TLS with a private CA the client does not trust, and the
// scheme-dropping trailing-slash redirect), runs the real CLI against it, and stops the lab.
import { spawnSync } from 'node:child_process';
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
    const run = spawnSync(process.execPath, ['dist/cli.js', 'diagnose', lab.url], { stdio: 'inherit', env: process.env });
    console.log(`\nThe lab CA is ${lab.caFile}. Try the fix: npm run lab, then mcp-doctor diagnose ${lab.correctedUrl} --ca ${lab.caFile}`);
    // Finding problems is the demo working: only a crash or usage error fails `npm start`.
    return run.status === 0 || run.status === 1 ? 0 : (run.status ?? 1);
  } finally {
    await lab.stop();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`npm start: the lab failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
