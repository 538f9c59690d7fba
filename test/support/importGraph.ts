// The import graph of a source tree, read with the TypeScript compiler's own pre-processor (static
// imports, `export … from`, `import()` and `require()`, type-only ones included: a type import still
// ties two files together), and the two checks the architecture test makes on it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** file → the files it imports, every path relative to the root given to `readImportGraph`, with `/`. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Imports that leave the tree (packages, node: modules) are left out; relative ones are resolved to files. */
export function readImportGraph(root: string, dir: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(root, dir))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSource(dirname(file), s));
    graph.set(posix(relative(root, file)), [
      ...new Set(targets.filter((t): t is string => t !== undefined).map((t) => posix(relative(root, t)))),
    ]);
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined; // a non-code asset or a file that does not exist: tsc reports the latter
}

const posix = (path: string) => path.split(sep).join('/');

/** Every circle of files (strongly connected components of more than one file, or a file importing itself). */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.includes(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles;
}

/** An import that breaks the floors: from `from` (on floor `fromFloor`) to `to` (on `toFloor`, not lower). */
export interface FloorBreach {
  readonly from: string;
  readonly to: string;
  readonly fromFloor: number;
  readonly toFloor: number;
}

/**
 * Imports between two units of `dir` (a unit is a top-level folder, or a top-level file, of `dir`)
 * whose target is not on a lower floor. Units on no floor are returned in `unplaced`.
 */
export function floorBreaches(
  graph: ImportGraph,
  dir: string,
  floors: readonly (readonly string[])[],
): { breaches: FloorBreach[]; unplaced: string[] } {
  const floorOf = new Map(floors.flatMap((units, floor) => units.map((unit) => [unit, floor] as const)));
  const unitOf = (file: string) => (file.startsWith(`${dir}/`) ? file.slice(dir.length + 1).split('/')[0] : undefined);
  const breaches: FloorBreach[] = [];
  const unplaced = new Set<string>();
  for (const [from, targets] of graph) {
    const fromUnit = unitOf(from)!;
    const fromFloor = floorOf.get(fromUnit);
    if (fromFloor === undefined) unplaced.add(fromUnit);
    for (const to of targets) {
      const toUnit = unitOf(to);
      if (toUnit === undefined || toUnit === fromUnit) continue; // outside dir (src/shared) or within the unit
      const toFloor = floorOf.get(toUnit);
      if (toFloor === undefined) unplaced.add(toUnit);
      else if (fromFloor !== undefined && toFloor >= fromFloor) breaches.push({ from, to, fromFloor, toFloor });
    }
  }
  return { breaches, unplaced: [...unplaced].sort() };
}
