/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS probe that hooks require() */
// Child process: loads a production dist/extension.js against the test suite's vscode stub, times
// require() and activate(), reports whether any engine code was loaded, then runs one command.
// Usage: node activateProbe.cjs <dist/extension.js>
'use strict';
const Module = require('node:module');
const net = require('node:net');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const stubPath = path.join(__dirname, '..', '..', 'test', 'unit', 'extension', 'fixtures', 'vscodeStub.cjs');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : originalResolve.call(this, request, ...rest);
};

const engineLoaded = () => Object.keys(require.cache).some((k) => k.endsWith(`${path.sep}engine.js`));
const tlsLoaded = () => process.moduleLoadList.includes('NativeModule tls');
const undiciLoaded = () => Object.keys(require.cache).some((k) => k.includes(`${path.sep}undici${path.sep}`)) || engineLoaded();

function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const bundle = process.argv[2];
  const vscode = require('vscode');
  const context = {
    subscriptions: [],
    globalState: { get: () => undefined, update: () => Promise.resolve() },
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve() },
    globalStorageUri: { fsPath: path.join(require('node:os').tmpdir(), 'mcp-doctor-bench', 'User', 'globalStorage', 'mcp-doctor') },
    extensionUri: { fsPath: path.dirname(path.dirname(bundle)) },
  };
  const port = await closedPort();
  const t0 = performance.now();
  const extension = require(bundle);
  const t1 = performance.now();
  extension.activate(context);
  const t2 = performance.now();
  const after = { engine: engineLoaded(), tls: tlsLoaded(), undici: undiciLoaded() };
  const t3 = performance.now();
  await vscode.commands.executeCommand('mcpDoctor.diagnose', `http://127.0.0.1:${port}/mcp`);
  const t4 = performance.now();
  const out = {
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    engineLoadedAfterActivate: after.engine,
    tlsLoadedAfterActivate: after.tls,
    undiciLoadedAfterActivate: after.undici,
    commands: vscode.__record.commands.size,
    firstUseMs: t4 - t3,
    engineLoadedAfterFirstUse: engineLoaded(),
  };
  for (const d of context.subscriptions) d.dispose();
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String(err && err.stack) }));
  process.exit(1);
});
