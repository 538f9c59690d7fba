// `npm run package`: a clean production build, then `vsce package` into mcp-doctor-<version>.vsix.
// dist/ is emptied first so no source map or stale bundle from a dev build can slip in.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The project being packaged is the working directory (npm runs scripts from the package root).
const root = process.cwd();
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = process.argv[2] ?? join(root, `${name}-${version}.vsix`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.signal ?? result.status})`);
    process.exit(result.status ?? 1);
  }
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
// vsce runs the `vscode:prepublish` script (the production build) before packaging.
run(process.execPath, [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--out',
  out,
]);
console.log(out);
