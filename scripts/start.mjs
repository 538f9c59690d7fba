// `npm start`            → diagnose the built-in lab's default scenario (the "Session terminated" incident)
// `npm start -- <url> …` → diagnose a real URL (all `mcp-doctor diagnose` options apply)
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const command =
  args.length > 0 ? [process.execPath, 'dist/cli.js', 'diagnose', ...args] : [process.execPath, '--import', 'tsx', 'scripts/demo.ts'];
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
process.exit(result.status ?? 1);
