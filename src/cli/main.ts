import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { VERSION } from '../core/version';
import type * as Commands from './commands';
import { type CliIo, UsageError } from './io';
import { wantsColor } from './style';

const USAGE = `mcp-doctor ${VERSION}: why can't my MCP client reach my secure MCP server?

Usage:
  mcp-doctor diagnose <url> [--json] [--html FILE] [--ca FILE]... [--token-env VAR] [--timeout MS] [--compare URL]
                     [--issuer ISS] [--audience AUD] [--scope S]... [--jwks URL] [--no-auth-probes] [--no-history]
                     [--proxy-config FILE]...
  mcp-doctor check [--config FILE]... [--concurrency N] [--token-env NAME=VAR]... [--client NAME] [--proxy-config FILE]... [--json] [--junit FILE] [--sarif FILE]
                   [--ca FILE]... [--timeout MS] [proxy and client-certificate flags as diagnose]
  mcp-doctor jwt <token|-> [--jwks URL | --key FILE | --secret-env VAR] [--issuer ISS] [--audience AUD] [--scope S]... [--ca FILE]... [--json]
  mcp-doctor ca-bundle --out FILE [URL] [--ca FILE]...
  mcp-doctor login <url> [--client-id ID | --client-metadata-url URL] [--scope S]... [--no-browser] [--json] [--print-token]
  mcp-doctor --help | --version

Run "mcp-doctor <command> --help" for a command's options.`;

const COMMAND_NAMES: ReadonlySet<string> = new Set(['diagnose', 'check', 'login', 'jwt', 'ca-bundle']);

declare const __MCP_DOCTOR_BUNDLE__: boolean | undefined;
type CommandsModule = typeof Commands;

/**
 * Loaded on demand: `--help` and `--version` never evaluate the engine (see commands.ts). The
 * built CLI loads its commands bundle with V8's code cache (see codeCache.ts).
 */
async function loadCommands(env: CliIo['env']): Promise<CommandsModule> {
  if (typeof __MCP_DOCTOR_BUNDLE__ !== 'boolean') return import('./commands');
  const [{ requireWithCodeCache }, { defaultCacheDir }] = await Promise.all([import('./codeCache'), import('../core/store/fileStore')]);
  return requireWithCodeCache(join(__dirname, 'cli-commands.js'), defaultCacheDir(env)) as CommandsModule;
}

/** Runs one CLI invocation and returns its exit code. Usage errors never show a stack trace. */
export async function runCli(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help')
    return (io.stdout(`${USAGE}\n`), first === undefined ? 2 : 0);
  if (first === '--version' || first === '-v') return (io.stdout(`${VERSION}\n`), 0);
  try {
    if (!COMMAND_NAMES.has(first)) throw new UsageError(`unknown command "${first}"`);
    const { COMMANDS } = await loadCommands(io.env);
    return await COMMANDS[first]!(rest, io, signal);
  } catch (err) {
    // By name: the commands bundle has its own copy of the class.
    if (err instanceof Error && err.name === 'UsageError') {
      io.stderr(`mcp-doctor: ${err.message}\nRun "mcp-doctor --help" for usage.\n`);
      return 2;
    }
    io.stderr(`mcp-doctor: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 70;
  }
}

function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    color: wantsColor(process.stdout.isTTY, process.env),
    interactive: Boolean(process.stderr.isTTY) && wantsColor(process.stderr.isTTY, process.env),
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

async function main(): Promise<void> {
  // undici parses HTTP with llhttp compiled to WebAssembly, which V8 then recompiles with TurboFan
  // on a worker thread; Node waits for that job before the process can exit: 30-40 ms at the end
  // of every run (strace: the main thread parked on a futex until the compile thread finished).
  // Liftoff's baseline code is plenty for a few dozen short responses. Set before any wasm compiles.
  setFlagsFromString('--liftoff-only');
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('cancelled by SIGINT')));
  const code = await runCli(process.argv.slice(2), processIo(), controller.signal);
  process.exitCode = code;
}

if (require.main === module) void main();
