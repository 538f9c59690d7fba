/** What a CLI command may touch: injected so commands are testable without a real terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Colour only on a TTY, and never with NO_COLOR. */
  readonly color: boolean;
  /** stderr is a terminal someone watches: show progress there. */
  readonly interactive: boolean;
  readonly cwd: string;
  /** Reads standard input fully (for `-` arguments). */
  readonly readStdin: () => Promise<string>;
}

/** Thrown for bad command-line input: printed as a clear message with exit code 2, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
