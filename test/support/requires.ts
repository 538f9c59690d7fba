/**
 * The real components tests need (nginx, Chromium, tinyproxy, Python clients, …), how to tell whether
 * this machine has each, and the one skip-reason format `scripts/run-tests.mjs` reads to say, at the
 * end of `npm test`, what was skipped and the command that installs it (and to fail on CI).
 *
 *   describe('…', { skip: requires('nginx') }, …)          // false when present, else the reason
 *   if (!pythonOk) t.skip(missingReason(['python3-requests']))  // a test's own (async) detection
 *   noteMissing(t, ['python3-httpx'])                          // part of a test ran without it
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { nginxBinary } from '../lab/nginx';
import APT_PACKAGES from './apt-packages.json';

export type Component =
  | 'nginx'
  | 'chromium'
  | 'tinyproxy'
  | 'caddy'
  | 'haproxy'
  | 'curl'
  | 'openssl'
  | 'python3-httpx'
  | 'python3-requests'
  | 'python3-starlette'
  | 'python3-uvicorn'
  | 'xmllint'
  | 'wycheproof-vectors'
  | 'server-everything'
  | 'cli-build'
  | 'openssl-tls1';

interface ComponentSpec {
  /** The Debian package that provides it (absent: not installable with apt; `hint` says how). */
  readonly apt?: string;
  readonly hint?: string;
  readonly present: () => boolean;
}

/** Debian's interpreter: its python3-* packages are what the suite's Python clients import. */
const DEBIAN_PYTHON = '/usr/bin/python3';
const REPO_ROOT = resolve(__dirname, '..', '..');
const EVERYTHING_PACKAGE = '@modelcontextprotocol/server-everything/package.json';
export const BUILT_CLI = join(REPO_ROOT, 'dist', 'cli.js');
export const WYCHEPROOF_JWS = process.env.WYCHEPROOF_JWS ?? join(REPO_ROOT, '..', 'shared', 'data', 'wycheproof_jws.json');

const COMPONENTS: Readonly<Record<Component, ComponentSpec>> = {
  nginx: { apt: 'nginx', present: () => nginxBinary() !== null },
  chromium: { apt: 'chromium', present: () => isExecutable(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  tinyproxy: { apt: 'tinyproxy', present: () => isExecutable('/usr/bin/tinyproxy') },
  caddy: { apt: 'caddy', present: () => onPath('caddy') },
  haproxy: { apt: 'haproxy', present: () => onPath('haproxy') },
  curl: { apt: 'curl', present: () => onPath('curl') },
  openssl: { apt: 'openssl', present: () => onPath('openssl') },
  'python3-httpx': { apt: 'python3-httpx', present: () => pythonImports('httpx') },
  'python3-requests': { apt: 'python3-requests', present: () => pythonImports('requests') },
  'python3-starlette': { apt: 'python3-starlette', present: () => pythonImports('starlette') },
  'python3-uvicorn': { apt: 'python3-uvicorn', present: () => pythonImports('uvicorn') },
  xmllint: { apt: 'libxml2-utils', present: () => onPath('xmllint') },
  'wycheproof-vectors': {
    hint: `put the C2SP Wycheproof JWS vectors (testvectors_v1/json_web_signature_test.json) at ${WYCHEPROOF_JWS}, or set WYCHEPROOF_JWS to their path`,
    present: () => existsSync(WYCHEPROOF_JWS),
  },
  // An npm devDependency, not a system package: a plain `npm install` brings it.
  'server-everything': {
    hint: 'npm install (the @modelcontextprotocol/server-everything dev dependency)',
    present: () => resolvesPackage(EVERYTHING_PACKAGE),
  },
  'cli-build': { hint: 'npm run build (the tests run the built dist/cli.js)', present: () => existsSync(BUILT_CLI) },
  // An environment capability, not a package: only the test that needs it can tell (it tries), so it never
  // calls requires('openssl-tls1') but skips with missingReason(['openssl-tls1']) when its attempt fails.
  'openssl-tls1': {
    hint: 'the local OpenSSL cannot serve TLS 1.0 even at security level 0 (a distribution build policy); an OpenSSL built with TLS 1.0 enabled runs these tests',
    present: () => false,
  },
};

/**
 * Every Debian package the whole suite uses (`apt-packages.json`, also read by `scripts/run-tests.mjs`
 * for its closing line): unit tests keep it, the components above and `.ci/run` in step.
 */
export const SUITE_APT_PACKAGES: readonly string[] = APT_PACKAGES;

/** The Debian package of each component (undefined: not from apt). */
export function aptPackage(component: Component): string | undefined {
  return COMPONENTS[component].apt;
}

export const COMPONENT_NAMES = Object.keys(COMPONENTS) as Component[];

/** The prefix the test runner's skip summary parses: `[requires: nginx chromium] …`. */
export const REQUIRES_TAG = /\[requires: ([a-z0-9 .-]+)\]/;

const presence = new Map<Component, boolean>();

/** Whether this machine has the component (cached per process). */
export function has(component: Component): boolean {
  let known = presence.get(component);
  if (known === undefined) presence.set(component, (known = COMPONENTS[component].present()));
  return known;
}

/** For `{ skip }`: false when every component is here, else the structured reason naming the missing ones. */
export function requires(...components: Component[]): string | false {
  const missing = components.filter((c) => !has(c));
  return missing.length === 0 ? false : missingReason(missing);
}

/** The structured skip reason for components found missing (by `has` or by a test's own detection). */
export function missingReason(missing: readonly Component[]): string {
  const apt = missing.flatMap((c) => COMPONENTS[c].apt ?? []);
  const hints = missing.flatMap((c) => COMPONENTS[c].hint ?? []);
  const how = [apt.length ? `apt-get install -y ${apt.join(' ')}` : '', ...hints].filter(Boolean).join('; ');
  return `[requires: ${missing.join(' ')}] not on this machine (${how})`;
}

/** Records that part of a test ran without a component (the rest of it still asserts): reported like a skip. */
export function noteMissing(t: { diagnostic(message: string): void }, missing: readonly Component[]): void {
  t.diagnostic(`partly skipped ${missingReason(missing)}`);
}

function pythonImports(module: string): boolean {
  try {
    execFileSync(DEBIAN_PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 10_000, env: { PATH: '/usr/bin:/bin' } });
    return true;
  } catch {
    return false;
  }
}

function resolvesPackage(specifier: string): boolean {
  try {
    createRequire(__filename).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.filter(Boolean).some((dir) => isExecutable(join(dir, command)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
