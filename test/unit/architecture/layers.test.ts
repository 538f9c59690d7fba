// The engine's structure as a test, so it cannot drift back: no circle of imports among src/core files,
// and every import between folders goes down the floors of src/core/layers.json (so no domain folder
// imports the pipeline in diagnose/, jwt/ never imports auth/, tls/ never imports proxy/).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import layers from '../../../src/core/layers.json';
import { findCycles, floorBreaches, readImportGraph, type ImportGraph } from '../../support/importGraph';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CORE = 'src/core';
const graph = readImportGraph(ROOT, CORE);
const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
const floorOf = (unit: string) => layers.floors.findIndex((units) => units.includes(unit));

describe('the import structure of src/core', () => {
  it('is read whole (the reader finds the files and their imports)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.ok(edges > 300, `only ${edges} imports read`);
    assert.ok(graph.get('src/core/diagnose/diagnose.ts')?.includes('src/core/diagnose/steps/tls.ts'), 'diagnose.ts imports the TLS step');
  });

  it('has no circle of imports', () => {
    assert.deepEqual(findCycles(graph), []);
  });

  it('places every folder on a floor, and imports only from lower floors', () => {
    const { breaches, unplaced } = floorBreaches(graph, CORE, layers.floors);
    assert.deepEqual(unplaced, [], 'a new folder of src/core needs its floor in src/core/layers.json (and a line in ARCHITECTURE.md)');
    assert.deepEqual(
      breaches.map((b) => `${b.from} (floor ${b.fromFloor}) -> ${b.to} (floor ${b.toFloor})`),
      [],
    );
  });

  it('keeps the pipeline out of the domain folders: only the report readers above it import diagnose/', () => {
    const into = [...graph].flatMap(([from, targets]) =>
      targets.filter((t) => t.startsWith(`${CORE}/diagnose/`) && !from.startsWith(`${CORE}/diagnose/`)).map((t) => `${from} -> ${t}`),
    );
    const readers = into.filter((edge) => floorOf(edge.split('/')[2]!) > floorOf('diagnose'));
    assert.deepEqual(into, readers);
    for (const domain of ['tls', 'mtls', 'proxy', 'http', 'jwt', 'mcp', 'auth'])
      assert.ok(floorOf(domain) < floorOf('diagnose'), `${domain} below diagnose`);
    assert.ok(floorOf('jwt') <= floorOf('auth') - 1 && floorOf('tls') === floorOf('proxy') && floorOf('mtls') > floorOf('tls'));
  });

  it('leaves src/core only for the type-only host/webview protocol', () => {
    const out = [...graph].flatMap(([from, targets]) => targets.filter((t) => !t.startsWith(`${CORE}/`)).map((t) => `${from} -> ${t}`));
    assert.deepEqual(
      out.filter((edge) => !edge.endsWith('-> src/shared/protocol.ts')),
      [],
    );
  });
});

describe('the checks themselves', () => {
  const sample: ImportGraph = new Map([
    ['src/core/a/x.ts', ['src/core/b/y.ts']],
    ['src/core/b/y.ts', ['src/core/b/z.ts']],
    ['src/core/b/z.ts', ['src/core/a/x.ts']],
    ['src/core/b/w.ts', ['src/core/b/w.ts']],
    ['src/core/c/v.ts', ['src/core/b/y.ts', 'src/shared/protocol.ts']],
  ]);

  it('find a circle through three files and a file importing itself', () => {
    assert.deepEqual(findCycles(sample).sort(), [['src/core/a/x.ts', 'src/core/b/y.ts', 'src/core/b/z.ts'], ['src/core/b/w.ts']]);
  });

  it('find an upward import, a sideways one and a folder on no floor', () => {
    const { breaches, unplaced } = floorBreaches(sample, CORE, [['b'], ['a']]);
    assert.deepEqual(
      breaches.map((b) => `${b.from}->${b.to}`),
      ['src/core/b/z.ts->src/core/a/x.ts'],
    );
    assert.deepEqual(unplaced, ['c']);
    assert.equal(floorBreaches(sample, CORE, [['a', 'b', 'c']]).breaches.length, 3, 'one floor: a, b and c may not import each other');
  });
});
