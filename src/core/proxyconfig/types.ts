/** Where something is in a config file: 1-based line and column. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One nginx directive (`name arg...;` or `name arg... { ... }`), with where it was written. */
export interface NginxDirective extends SourcePosition {
  readonly name: string;
  readonly args: readonly string[];
  /** The block's directives, for block directives (`http`, `server`, `location`, ...). */
  readonly block?: readonly NginxDirective[];
}

/** Something the reader could not use; reported, never fatal. */
export interface ConfigProblem extends SourcePosition {
  readonly kind: 'syntax' | 'include-unreadable' | 'include-depth' | 'file-unreadable' | 'too-large';
  readonly detail: string;
}

/** A parsed nginx configuration: the main file with its includes expanded in place. */
export interface NginxConfig {
  readonly file: string;
  readonly directives: readonly NginxDirective[];
  readonly problems: readonly ConfigProblem[];
  /** Every file read (the main one and its includes). */
  readonly files: readonly string[];
}

/** A line in a proxy config tied to a finding: where to change it, and what to write. */
export interface ConfigLocation extends SourcePosition {
  /** The finding (live or static) this line causes or can fix. */
  readonly code: string;
  /** The directive as written there, e.g. `location /mcp/`. */
  readonly directive: string;
  /** What to change on or next to this line. */
  readonly change: string;
}
