import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS bundle as `require()` would, with V8's compiled code kept from an earlier run.
 *
 * Compiling the 770 KB commands bundle, and then every function it runs on first call, is a fixed
 * cost of each CLI start (~25 ms of wrapSafe alone in --cpu-prof); Node 20 has no built-in
 * compile cache (module.enableCompileCache is Node 22). The cache file is named by a hash of the
 * bundle's text and the Node version, because V8 itself only checks the source length; it is
 * written once, at exit of the first run, including the functions that run compiled lazily.
 * Any failure to read or write the cache only means compiling as usual.
 */
export function requireWithCodeCache(file: string, cacheDir: string | undefined): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir && join(cacheDir, cacheName(file, source));
  const cachedData = cacheFile ? readOptional(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  module.loaded = true;
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(cacheFile, script));
  return module.exports;
}

function cacheName(file: string, source: string): string {
  const hash = createHash('sha256').update(process.version).update(process.arch).update(source).digest('hex').slice(0, 20);
  return `${basename(file, '.js')}-${hash}.v8cache`;
}

/**
 * The cache file, when only this user could have written it: compiled code is code, so a file in a
 * shared or group-writable directory (MCP_DOCTOR_CACHE_DIR=/tmp/...) that someone else planted is
 * never loaded.
 */
function readOptional(path: string): Buffer | undefined {
  try {
    const info = statSync(path);
    const ownUid = process.getuid?.();
    if (!info.isFile() || (ownUid !== undefined && info.uid !== ownUid) || (info.mode & 0o022) !== 0) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Replaces any older cache of the same bundle (an upgrade) with this run's code, atomically. */
function writeCache(cacheFile: string, script: Script): void {
  try {
    const dir = dirname(cacheFile);
    const prefix = `${basename(cacheFile).replace(/-[0-9a-f]+\.v8cache$/, '')}-`;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache')) rmSync(join(dir, name), { force: true });
    }
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    // a read-only or full cache directory: the next run compiles as this one did
  }
}
