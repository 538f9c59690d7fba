/** One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1). */
export interface AuthChallenge {
  /** Scheme as sent, e.g. "Bearer". Compare case-insensitively. */
  readonly scheme: string;
  /** Parameter names lower-cased; the first occurrence of a name wins. */
  readonly params: Readonly<Record<string, string>>;
  readonly token68?: string;
}

export interface ParsedWwwAuthenticate {
  readonly challenges: readonly AuthChallenge[];
  /** Deviations from the grammar we tolerated (unterminated quote, missing commas, truncation…). */
  readonly problems: readonly string[];
}

/** The Bearer challenge's fields MCP cares about (RFC 6750 §3, RFC 9728 §5.1). */
export interface BearerChallenge {
  readonly realm?: string;
  readonly resourceMetadata?: string;
  readonly scope?: string;
  readonly error?: string;
  readonly errorDescription?: string;
}

export const MAX_HEADER_CHARS = 8192;
const MAX_CHALLENGES = 16;
const MAX_PARAMS = 32;
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[A-Za-z0-9\-._~+/]/;

/**
 * Parses a WWW-Authenticate value: several challenges, `token68` or `name=value` params, quoted
 * strings with backslash escapes. Linear time, bounded input and output, and it never throws; it is
 * lenient the way real servers need (missing commas between params, unterminated quotes) and
 * records each leniency in `problems`.
 */
export function parseWwwAuthenticate(header: string): ParsedWwwAuthenticate {
  const problems: string[] = [];
  const text = String(header ?? '');
  if (text.length > MAX_HEADER_CHARS) problems.push(`header longer than ${MAX_HEADER_CHARS} characters; the rest was ignored`);
  const parser = new Parser(text.slice(0, MAX_HEADER_CHARS), problems);
  return { challenges: parser.parseAll(), problems };
}

/** The first Bearer challenge, if any, with its MCP-relevant fields. */
export function bearerChallenge(parsed: ParsedWwwAuthenticate): BearerChallenge | undefined {
  const bearer = parsed.challenges.find((c) => c.scheme.toLowerCase() === 'bearer');
  if (!bearer) return undefined;
  const p = bearer.params;
  return {
    realm: own(p, 'realm'),
    resourceMetadata: own(p, 'resource_metadata'),
    scope: own(p, 'scope'),
    error: own(p, 'error'),
    errorDescription: own(p, 'error_description'),
  };
}

function own(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly problems: string[],
  ) {}

  parseAll(): AuthChallenge[] {
    const challenges: AuthChallenge[] = [];
    while (challenges.length < MAX_CHALLENGES) {
      this.skip(/[\s,]/);
      if (this.done()) return challenges;
      const scheme = this.read(TCHAR);
      if (!scheme) {
        this.problems.push(`unexpected character at position ${this.i}`);
        this.skipPast(',');
        continue;
      }
      challenges.push(this.parseChallenge(scheme));
    }
    if (!this.done()) this.problems.push(`more than ${MAX_CHALLENGES} challenges; the rest was ignored`);
    return challenges;
  }

  private parseChallenge(scheme: string): AuthChallenge {
    const params: Record<string, string> = {};
    this.skip(/[ \t]/);
    const token68 = this.tryToken68();
    if (token68 !== undefined) return { scheme, params, token68 };
    let count = 0;
    let first = true;
    while (!this.done() && count < MAX_PARAMS) {
      const start = this.i;
      this.skip(/[ \t]/);
      const comma = this.peek() === ',';
      this.skip(/[\s,]/);
      if (!this.paramAhead()) {
        this.i = start;
        break;
      }
      if (!first && !comma) this.problems.push(`missing comma before parameter at position ${this.i}`);
      const [name, value] = this.readParam();
      if (!Object.hasOwn(params, name))
        Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
      else this.problems.push(`parameter "${name}" repeated; the first value was kept`);
      first = false;
      count++;
    }
    if (count === MAX_PARAMS) this.problems.push(`more than ${MAX_PARAMS} parameters in one challenge`);
    return { scheme, params };
  }

  /** token68 is only possible right after the scheme and must end the challenge. */
  private tryToken68(): string | undefined {
    const start = this.i;
    let value = this.read(TOKEN68_CHAR);
    while (this.peek() === '=') {
      value += '=';
      this.i++;
    }
    const end = this.i;
    this.skip(/[ \t]/);
    if (value && (this.done() || this.peek() === ',') && /[^=]/.test(value)) {
      this.i = end;
      return value;
    }
    this.i = start;
    return undefined;
  }

  /** Looks ahead for `token BWS "="` not followed by another "=" (which would be token68 padding). */
  private paramAhead(): boolean {
    const start = this.i;
    const name = this.read(TCHAR);
    this.skip(/[ \t]/);
    const ok = name !== '' && this.peek() === '=' && this.s[this.i + 1] !== '=';
    this.i = start;
    return ok;
  }

  private readParam(): [string, string] {
    const name = this.read(TCHAR).toLowerCase();
    this.skip(/[ \t]/);
    this.i++; // "="
    this.skip(/[ \t]/);
    if (this.peek() === '"') return [name, this.readQuoted()];
    const value = this.read(/[^\s,]/);
    if (/[^!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(value))
      this.problems.push(`parameter "${name}" has an unquoted value with characters that need quoting`);
    return [name, value];
  }

  private readQuoted(): string {
    this.i++; // opening quote
    let out = '';
    while (!this.done()) {
      const c = this.s[this.i++];
      if (c === '"') return out;
      if (c === '\\' && !this.done()) out += this.s[this.i++];
      else out += c;
    }
    this.problems.push('unterminated quoted string');
    return out;
  }

  private read(allowed: RegExp): string {
    const start = this.i;
    while (!this.done() && allowed.test(this.s[this.i] ?? '')) this.i++;
    return this.s.slice(start, this.i);
  }

  private skip(allowed: RegExp): void {
    while (!this.done() && allowed.test(this.s[this.i] ?? '')) this.i++;
  }

  private skipPast(char: string): void {
    const next = this.s.indexOf(char, this.i);
    this.i = next < 0 ? this.s.length : next + 1;
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private done(): boolean {
    return this.i >= this.s.length;
  }
}
