/**
 * A small JSONC parser (JSON with `//` and block comments and trailing commas, as VS Code and
 * Cursor accept in mcp.json) that keeps offsets, so the editor can place a CodeLens on each
 * server. It never throws: bad input yields a diagnostic. Nesting is capped so hostile files
 * cannot exhaust the stack, and keys are stored in a Map so `__proto__` stays plain data.
 */

export type JsonValue = JsonObject | JsonArray | JsonScalar;

export interface JsonObject {
  readonly type: 'object';
  readonly offset: number;
  /** Later duplicates win, as with JSON.parse. */
  readonly properties: ReadonlyMap<string, JsonProperty>;
}

export interface JsonProperty {
  readonly key: string;
  /** Offset of the key's opening quote. */
  readonly keyOffset: number;
  readonly value: JsonValue;
}

export interface JsonArray {
  readonly type: 'array';
  readonly offset: number;
  readonly items: readonly JsonValue[];
}

export interface JsonScalar {
  readonly type: 'string' | 'number' | 'boolean' | 'null';
  readonly offset: number;
  readonly value: string | number | boolean | null;
}

export interface JsoncError {
  readonly message: string;
  readonly offset: number;
}

export type JsoncResult = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: JsoncError };

export const MAX_JSONC_DEPTH = 64;

class JsoncSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses JSONC text into an offset-carrying tree. */
export function parseJsonc(text: string): JsoncResult {
  const parser = new Parser(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  try {
    const value = parser.value(0);
    parser.skipTrivia();
    if (!parser.atEnd()) parser.fail('unexpected text after the end of the document');
    return { ok: true, value };
  } catch (err) {
    if (err instanceof JsoncSyntaxError) return { ok: false, error: { message: err.message, offset: err.offset } };
    throw err;
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string, offset = this.pos): never {
    throw new JsoncSyntaxError(message, Math.min(offset, this.text.length));
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSONC_DEPTH) this.fail(`nesting deeper than ${MAX_JSONC_DEPTH} levels`);
    this.skipTrivia();
    const offset = this.pos;
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { type: 'string', offset, value: this.string() };
    if (c === undefined) this.fail('unexpected end of file');
    return this.literal();
  }

  private object(depth: number): JsonObject {
    const offset = this.pos++;
    const properties = new Map<string, JsonProperty>();
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === '}') break;
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const keyOffset = this.pos;
      const key = this.string();
      this.skipTrivia();
      if (this.text[this.pos++] !== ':') this.fail('expected ":" after the property name', this.pos - 1);
      properties.set(key, { key, keyOffset, value: this.value(depth + 1) });
      if (!this.separator('}')) break;
    }
    this.pos++;
    return { type: 'object', offset, properties };
  }

  private array(depth: number): JsonArray {
    const offset = this.pos++;
    const items: JsonValue[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.text[this.pos] === ']') break;
      items.push(this.value(depth + 1));
      if (!this.separator(']')) break;
    }
    this.pos++;
    return { type: 'array', offset, items };
  }

  /** After a member: true when another may follow (a trailing comma is tolerated). */
  private separator(close: '}' | ']'): boolean {
    this.skipTrivia();
    const c = this.text[this.pos];
    if (c === ',') {
      this.pos++;
      return true;
    }
    if (c !== close) this.fail(c === undefined ? 'unexpected end of file' : `expected "," or "${close}"`);
    return false;
  }

  private string(): string {
    const start = this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string', start);
      if (c === '"') break;
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && Object.hasOwn(simple, c)) return simple[c];
    if (c === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape', this.pos - 2);
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return this.fail('invalid escape sequence', this.pos - 2);
  }

  private literal(): JsonScalar {
    const offset = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9+\-.]/.test(this.text[this.pos])) this.pos++;
    const word = this.text.slice(offset, this.pos);
    if (word === 'true' || word === 'false') return { type: 'boolean', offset, value: word === 'true' };
    if (word === 'null') return { type: 'null', offset, value: null };
    if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(word)) return { type: 'number', offset, value: Number(word) };
    return this.fail(word ? `unexpected "${word.slice(0, 20)}"` : `unexpected character "${this.text[offset]}"`, offset);
  }

  /** Whitespace and comments. */
  skipTrivia(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && this.text[this.pos + 1] === '/') this.skipUntil('\n', 0);
      else if (c === '/' && this.text[this.pos + 1] === '*') this.skipUntil('*/', 2);
      else return;
    }
  }

  private skipUntil(terminator: string, consumed: number): void {
    const start = this.pos;
    const end = this.text.indexOf(terminator, this.pos + 2);
    if (end === -1 && consumed > 0) this.fail('unterminated comment', start);
    this.pos = end === -1 ? this.text.length : end + terminator.length;
  }
}

/** Converts an offset to a zero-based line and character. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}
