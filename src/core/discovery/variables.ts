/**
 * Variable substitution as the MCP clients do it, so a discovered server is probed with exactly
 * the URL and headers the client would send.
 * - `vscode` (VS Code, Cursor): `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}`,
 *   `${pathSeparator}`, `${/}`, `${env:NAME}` (missing → empty), `${input:ID}`; anything else stays literal.
 * - `claude` (`.mcp.json`, Claude Code / Copilot): additionally `${NAME}` and `${NAME:-default}` from the environment.
 */
export type VariableDialect = 'vscode' | 'claude';

export interface VariableContext {
  readonly workspaceFolder?: string;
  readonly userHome?: string;
  readonly pathSeparator?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values the user already gave for `${input:ID}` prompts. */
  readonly inputs?: Readonly<Record<string, string | undefined>>;
}

export interface Resolution {
  readonly value: string;
  /** Environment variables referenced but not set. */
  readonly missingEnv: readonly string[];
  /** `${input:ID}` references with no value yet (left empty in `value`). */
  readonly missingInputs: readonly string[];
  /** Every `${input:ID}` referenced, given or not. */
  readonly inputs: readonly string[];
  /** Variables this dialect does not know (left literally, as the client would). */
  readonly unknown: readonly string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Substitutes `${…}` references in `text`. Linear, never throws. */
export function resolveVariables(text: string, ctx: VariableContext, dialect: VariableDialect): Resolution {
  const acc = { missingEnv: new Set<string>(), missingInputs: new Set<string>(), inputs: new Set<string>(), unknown: new Set<string>() };
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('${', i);
    const close = open === -1 ? -1 : text.indexOf('}', open + 2);
    if (open === -1 || close === -1) break;
    out += text.slice(i, open);
    const name = text.slice(open + 2, close);
    const replacement = substitute(name, ctx, dialect, acc);
    out += replacement ?? text.slice(open, close + 1);
    i = close + 1;
  }
  out += text.slice(i);
  return {
    value: out,
    missingEnv: [...acc.missingEnv],
    missingInputs: [...acc.missingInputs],
    inputs: [...acc.inputs],
    unknown: [...acc.unknown],
  };
}

interface Accumulator {
  readonly missingEnv: Set<string>;
  readonly missingInputs: Set<string>;
  readonly inputs: Set<string>;
  readonly unknown: Set<string>;
}

function substitute(name: string, ctx: VariableContext, dialect: VariableDialect, acc: Accumulator): string | undefined {
  const builtin = builtinValue(name, ctx);
  if (builtin !== undefined) return builtin;
  if (name.startsWith('env:')) return envValue(name.slice(4), undefined, ctx, acc);
  if (name.startsWith('input:')) return inputValue(name.slice(6), ctx, acc);
  if (dialect === 'claude') {
    const dash = name.indexOf(':-');
    const envName = dash === -1 ? name : name.slice(0, dash);
    if (ENV_NAME.test(envName)) return envValue(envName, dash === -1 ? undefined : name.slice(dash + 2), ctx, acc);
  }
  acc.unknown.add(name);
  return undefined;
}

function builtinValue(name: string, ctx: VariableContext): string | undefined {
  switch (name) {
    case 'workspaceFolder':
      return ctx.workspaceFolder;
    case 'workspaceFolderBasename':
      return ctx.workspaceFolder?.split(/[\\/]/).filter(Boolean).pop();
    case 'userHome':
      return ctx.userHome;
    case 'pathSeparator':
    case '/':
      return ctx.pathSeparator ?? '/';
    default:
      return undefined;
  }
}

function envValue(name: string, fallback: string | undefined, ctx: VariableContext, acc: Accumulator): string {
  const value = Object.hasOwn(ctx.env, name) ? ctx.env[name] : undefined;
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  acc.missingEnv.add(name);
  return '';
}

function inputValue(id: string, ctx: VariableContext, acc: Accumulator): string {
  acc.inputs.add(id);
  const value = ctx.inputs && Object.hasOwn(ctx.inputs, id) ? ctx.inputs[id] : undefined;
  if (value !== undefined) return value;
  acc.missingInputs.add(id);
  return '';
}
