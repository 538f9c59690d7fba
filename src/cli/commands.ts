import { caBundleCommand } from './caBundle';
import { checkCommand } from './check/checkCommand';
import { diagnoseCommand } from './diagnoseCommand';
import { type CliIo } from './io';
import { jwtCommand } from './jwt';
import { loginCommand } from './loginCommand';

export type Command = (argv: string[], io: CliIo, signal: AbortSignal) => Promise<number>;

/**
 * The commands and everything they pull in (the engine: undici, jose, node:tls). Loaded by main.ts
 * only when a command runs; the bundle ships it as dist/cli-commands.js so `--help` and
 * `--version` start as fast as Node itself.
 */
export const COMMANDS: Readonly<Record<string, Command>> = {
  diagnose: diagnoseCommand,
  check: checkCommand,
  jwt: jwtCommand,
  'ca-bundle': caBundleCommand,
  login: loginCommand,
};
