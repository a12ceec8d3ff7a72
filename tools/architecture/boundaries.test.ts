// Walks every import in the source tree and fails when one crosses a boundary that
// ARCHITECTURE.md draws: parts meet only through their index.ts, and earlier phases never
// import later ones.
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../../conventions/index.js';

const sourceRoots = ['conventions', 'tools', 'hardware-models', 'reference', 'conformance'];

interface ImportEdge {
  from: string; // repo-relative source file
  to: string; // repo-relative target (without extension) or a package name
  line: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1]!;
    const line = text.slice(0, match.index).split('\n').length;
    const from = relative(repoRoot, file);
    const to = specifier.startsWith('.')
      ? relative(repoRoot, resolve(dirname(file), specifier)).replace(/\.(js|ts)$/, '')
      : specifier;
    edges.push({ from, to, line });
  }
  return edges;
}

const isOurs = (target: string) => sourceRoots.some((root) => target === root || target.startsWith(root + '/'));
const within = (path: string, folder: string) => path === folder || path.startsWith(folder + '/');

/** Returns why an edge is forbidden, or undefined when it is allowed. */
function violation(edge: ImportEdge): string | undefined {
  const { from, to } = edge;
  if (!isOurs(to)) return undefined; // node built-ins and npm packages
  if (within(from, 'conventions') && !within(to, 'conventions')) return 'conventions/ imports nothing else of the project, so that every part may import it';
  if (to === 'conventions/index') return undefined; // every part shares the conventions
  if (within(to, 'conventions') && !within(from, 'conventions')) return 'other parts reach conventions/ through conventions/index.ts';
  if (within(from, 'hardware-models') && !within(to, 'hardware-models')) {
    return 'hardware-models imports nothing else of the project';
  }
  if (within(from, 'reference') && !within(to, 'reference')) {
    if (to === 'hardware-models/src/index' || to === 'conformance/protocol/index') return undefined;
    // Its tests run the kernel through the suite's runner and checkers, as any port is run.
    if (from.endsWith('.test.ts') && to === 'conformance/src/index') return undefined;
    return 'reference reaches other parts only through hardware-models/src/index.ts and conformance/protocol/index.ts (its tests also conformance/src/index.ts)';
  }
  if (within(from, 'conformance') && within(to, 'reference')) {
    return 'conformance never imports the reference kernel; the CLI hands implementations to it';
  }
  if (within(from, 'conformance') && within(to, 'hardware-models') && to !== 'hardware-models/src/index') {
    return 'conformance reaches the hardware models only through hardware-models/src/index.ts';
  }
  const checkerOnly = ['tools/tla/check', 'tools/tla/trace', 'tools/tla/cfg'];
  const frontEnd = ['tools/tla/syntax', 'tools/tla/names', 'tools/tla/eval', 'tools/tla/tla2ts'];
  if (checkerOnly.some((f) => within(from, f)) && frontEnd.some((f) => within(to, f))) {
    return 'the checker works on the Model interface and knows nothing of TLA+ syntax or evaluation';
  }
  const valueLayer = ['tools/tla/values', 'tools/tla/stdlib'];
  if (valueLayer.some((f) => within(from, f)) && [...frontEnd, 'tools/tla/load', ...checkerOnly].some((f) => within(to, f))) {
    return 'values and the standard modules come before parsing, evaluation and checking';
  }
  if (within(from, 'tools/tla/syntax') && ['tools/tla/names', 'tools/tla/eval', 'tools/tla/tla2ts', 'tools/tla/load'].some((f) => within(to, f))) {
    return 'syntax is the first phase and imports no later one';
  }
  // Tests and benchmarks are shells like the CLI: they wire a phase to later ones to run or measure it.
  const isShell = /(^|\/)bench-|\.(bench|test)\.ts$/.test(from);
  const evaluationAndLater = ['tools/tla/eval', 'tools/tla/tla2ts', 'tools/tla/load', ...checkerOnly];
  if (!isShell && within(from, 'tools/tla/names') && evaluationAndLater.some((f) => within(to, f))) {
    return 'names comes before evaluation, the compiler, the loader and the checker, and imports none of them';
  }
  if (!isShell && within(from, 'tools/tla/eval') && ['tools/tla/tla2ts', 'tools/tla/load', ...checkerOnly].some((f) => within(to, f))) {
    return 'eval comes before tla2ts, the loader and the checker, and imports none of them';
  }
  if (within(from, 'tools/tla') && (within(to, 'tools/cli') || within(to, 'conformance') || within(to, 'reference'))) {
    return 'the TLA+ toolchain stands alone; only the CLI wires it to other parts';
  }
  return undefined;
}

t.test('no import crosses an architectural boundary', async (t) => {
  const edges = sourceRoots.flatMap((root) => {
    const dir = join(repoRoot, root);
    try {
      return sourceFiles(dir).flatMap(importsOf);
    } catch {
      return [];
    }
  });
  t.ok(edges.length > 0, 'found imports to check');
  const bad = edges.flatMap((e) => {
    const why = violation(e);
    return why ? [`${e.from}:${e.line}: imports ${e.to}: ${why}`] : [];
  });
  t.same(bad, [], bad.join('\n'));
});

/**
 * Import cycles among the toolchain's modules (type-only imports, erased by tsc, excepted), each as
 * its sorted files: Tarjan's strongly connected components of the import graph.
 */
function importCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    const from = e.from.replace(/\.ts$/, '');
    if (!graph.has(from)) graph.set(from, []);
    graph.get(from)!.push(e.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Value imports between non-test modules of tools/tla (type-only ones are erased: no cycle at load time). */
function toolchainValueImports(): ImportEdge[] {
  return sourceFiles(join(repoRoot, 'tools/tla'))
    .filter((f) => !f.endsWith('.test.ts'))
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const statements = text.matchAll(/\b(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+['"](\.[^'"]+)['"]/g);
      return [...statements]
        .filter((m) => m[1] === undefined)
        .map((m) => ({ from: relative(repoRoot, file), to: relative(repoRoot, resolve(dirname(file), m[2]!)).replace(/\.(js|ts)$/, ''), line: text.slice(0, m.index).split('\n').length }));
    });
}

t.test('no import cycle inside the toolchain', async (t) => {
  t.same(importCycles(toolchainValueImports()), []);
});

t.test('the cycle finder finds a cycle and ignores a chain', async (t) => {
  const edge = (from: string, to: string): ImportEdge => ({ from: `${from}.ts`, to, line: 1 });
  t.same(importCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')]), [['a', 'b', 'c']]);
  t.same(importCycles([edge('a', 'b'), edge('b', 'c')]), []);
});

t.test('the rules reject the crossings they name', async (t) => {
  t.ok(violation({ from: 'hardware-models/src/net.ts', to: 'tools/tla/values/value', line: 1 }));
  t.ok(violation({ from: 'reference/src/rpc/server.ts', to: 'hardware-models/src/engine/queue', line: 1 }));
  t.ok(violation({ from: 'conformance/src/runner.ts', to: 'reference/src/index', line: 1 }));
  t.ok(violation({ from: 'tools/tla/check/bfs.ts', to: 'tools/tla/eval/interpreter', line: 1 }));
  t.ok(violation({ from: 'tools/tla/values/set.ts', to: 'tools/tla/eval/interpreter', line: 1 }));
  t.ok(violation({ from: 'tools/tla/syntax/parse.ts', to: 'tools/tla/names/resolve', line: 1 }));
  t.notOk(violation({ from: 'reference/src/kernel.ts', to: 'hardware-models/src/index', line: 1 }));
  t.notOk(violation({ from: 'reference/src/mutants.test.ts', to: 'conformance/src/index', line: 1 }), 'a reference test runs the kernel through the suite');
  t.ok(violation({ from: 'reference/src/kernel.ts', to: 'conformance/src/index', line: 1 }), 'the kernel itself does not use the suite');
  t.ok(violation({ from: 'reference/src/mutants.test.ts', to: 'conformance/src/runner', line: 1 }), 'a reference test reaches the suite only through its index.ts');
  t.notOk(violation({ from: 'tools/cli/check.ts', to: 'tools/tla/load', line: 1 }));
  t.ok(violation({ from: 'tools/tla/names/resolve.ts', to: 'tools/tla/eval/interpreter', line: 1 }), 'names before eval');
  t.ok(violation({ from: 'tools/tla/eval/actions.ts', to: 'tools/tla/load', line: 1 }), 'eval before the loader');
  t.ok(violation({ from: 'tools/tla/eval/interpreter.ts', to: 'tools/tla/tla2ts/runtime', line: 1 }), 'eval before tla2ts');
  t.notOk(violation({ from: 'tools/tla/eval/bench-successors.ts', to: 'tools/tla/load', line: 1 }), 'a benchmark wires the phases');
  t.notOk(violation({ from: 'tools/tla/tla2ts/runtime.ts', to: 'tools/tla/eval/index', line: 1 }));
  t.notOk(violation({ from: 'hardware-models/src/net.ts', to: 'zod', line: 1 }));
  t.notOk(violation({ from: 'hardware-models/src/presets/presets.ts', to: 'conventions/index', line: 1 }));
  t.notOk(violation({ from: 'reference/src/adapter-main.ts', to: 'conventions/index', line: 1 }));
  t.ok(violation({ from: 'conventions/repo-root.ts', to: 'tools/cli/command', line: 1 }));
  t.ok(violation({ from: 'tools/cli/main.ts', to: 'conventions/exit-codes', line: 1 }));
});
