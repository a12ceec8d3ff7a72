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
  t.notOk(violation({ from: 'hardware-models/src/net.ts', to: 'zod', line: 1 }));
  t.notOk(violation({ from: 'hardware-models/src/presets/presets.ts', to: 'conventions/index', line: 1 }));
  t.notOk(violation({ from: 'reference/src/adapter-main.ts', to: 'conventions/index', line: 1 }));
  t.ok(violation({ from: 'conventions/repo-root.ts', to: 'tools/cli/command', line: 1 }));
  t.ok(violation({ from: 'tools/cli/main.ts', to: 'conventions/exit-codes', line: 1 }));
});
