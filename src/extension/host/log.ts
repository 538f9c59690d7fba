import { redactText } from '../../core/redact/deep';

/** Where the extension writes its log: a `LogOutputChannel` in VS Code, an array in tests. */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/**
 * The only log the extension writes to. Every line passes through redaction: secrets the
 * session knows (tokens, header values, input values) and anything token-shaped.
 */
export class RedactingLog implements LogSink {
  constructor(
    private readonly sink: LogSink,
    private readonly knownSecrets: () => readonly string[],
  ) {}

  info(message: string): void {
    this.sink.info(this.clean(message));
  }

  warn(message: string): void {
    this.sink.warn(this.clean(message));
  }

  error(message: string): void {
    this.sink.error(this.clean(message));
  }

  debug(message: string): void {
    this.sink.debug(this.clean(message));
  }

  private clean(message: string): string {
    return redactText(message, { secrets: this.knownSecrets() });
  }
}
