/**
 * A workspace can ship anything as mcp.json: a FIFO (a read that would never end), a huge file, a
 * directory, a device. Discovery reads only regular files of a sane size, through the same helper
 * the extension uses over vscode.workspace.fs (here over node:fs).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_CONFIG_BYTES } from '../../src/core/discovery/mcpJson';
import { type ConfigFileApi, FILE_TYPE_FILE, readConfigFile } from '../../src/extension/host/configFile';

/** node:fs in the shape of vscode.workspace.fs (FileType.File = 1, Directory = 2, Unknown = 0). */
const nodeFs: ConfigFileApi = {
  stat: async (path) => {
    const s = await stat(path);
    return { type: s.isFile() ? FILE_TYPE_FILE : s.isDirectory() ? 2 : 0, size: s.size };
  },
  readFile: (path) => readFile(path),
};

describe('config files are read bounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpdoctor-hostile-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a normal mcp.json', async () => {
    const path = join(dir, 'mcp.json');
    writeFileSync(path, '{"servers":{}}');
    assert.equal(await readConfigFile(nodeFs, path, MAX_CONFIG_BYTES), '{"servers":{}}');
  });

  it('a FIFO, a directory, a device and a 2 GB sparse file read as absent, at once', async () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 2 * 1024 * 1024 * 1024);
    assert.equal(statSync(huge).size, 2 * 1024 * 1024 * 1024);
    const started = performance.now();
    for (const path of [fifo, folder, '/dev/zero', huge, join(dir, 'missing.json')]) {
      assert.equal(await readConfigFile(nodeFs, path, MAX_CONFIG_BYTES), undefined, path);
    }
    assert.ok(performance.now() - started < 2000);
  });

  it('a file that grows between stat and read is still refused', async () => {
    const path = join(dir, 'growing.json');
    writeFileSync(path, '{}');
    const growing: ConfigFileApi = { ...nodeFs, readFile: async () => new Uint8Array(MAX_CONFIG_BYTES + 1) };
    assert.equal(await readConfigFile(growing, path, MAX_CONFIG_BYTES), undefined);
  });
});
