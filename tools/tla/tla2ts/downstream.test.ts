// tla2ts output used as a user's project uses it: the cloudos package is packed (`npm pack`, what
// the registry would publish) and installed into a temporary TypeScript project, a module is
// generated there from a corpus spec with `cloudos tla2ts`, compiled with tsc (strict, an ES module
// project and a CommonJS one) together with a program that explores the spec through the module's
// API, and run: its distinct and generated state counts are the corpus' (established without this
// checker) and its typed state reads as TypeOK says. The generator runs as a user runs it (bin/cloudos.js). Offline: cloudos's own dependencies are linked
// from this checkout's node_modules, as `npm install` would have fetched the same packages.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../../conventions/index.js';
import { loadCorpus } from '../corpus/corpus-manifest.js';

const project = mkdtempSync(join(tmpdir(), 'tla2ts-downstream-'));
t.teardown(() => rmSync(project, { recursive: true, force: true }));

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Packs the checkout (built: the test runs on dist/) and installs the tarball's files as node_modules/cloudos. */
function installPackedCloudos(): void {
  const packed = join(project, 'packed');
  mkdirSync(packed);
  // --ignore-scripts: `prepare` would rebuild dist/, which the test runner is running from.
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packed], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const [tarball] = readdirSync(packed);
  const installed = join(project, 'node_modules', 'cloudos');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(packed, tarball!), '-C', installed, '--strip-components=1']);
  for (const dep of [...Object.keys(packageJson.dependencies), '@types/node']) {
    mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
  }
}
installPackedCloudos();

/** A program exploring the spec through the generated API; `typed` reads the typed state as TypeOK says. */
const explore = (module: string, typed: string) => `import { load, toState, type StateValues } from './${module}.js';

export async function main(): Promise<void> {
  const spec = await load();
  const seen = new Set<bigint>();
  const queue: StateValues[] = [];
  let generated = 0;
  const visit = (s: StateValues) => {
    generated++;
    const fp = spec.fingerprint(s);
    if (!seen.has(fp)) (seen.add(fp), queue.push(s));
  };
  spec.initialStates().forEach(visit);
  for (let i = 0; i < queue.length; i++) {
    const broken = spec.invariants.find((inv) => !inv.holds(queue[i]!));
    if (broken) throw new Error(broken.name + ' violated');
    for (const action of spec.actions) action.successors(queue[i]!).forEach(visit);
  }
  const states = queue.map(toState);
  ${typed}
  console.log(JSON.stringify({ distinct: seen.size, generated, typed: summary }));
}
`;

const variants = [
  {
    kind: 'ES module',
    packageType: { type: 'module' },
    model: 'DieHardTypeOK',
    module: 'DieHard',
    // big: number (TypeOK: big \in 0..5): arithmetic compiles only if the field is typed precisely
    typed: 'const summary = Math.max(...states.map((s) => s.big));',
    expected: 5,
    entry: "import { main } from './explore.js';\nawait main();\n",
  },
  {
    kind: 'CommonJS',
    packageType: {},
    model: 'TwoPhase',
    module: 'TwoPhase',
    // rmState: ReadonlyMap<ModelValue, "working" | ...>, msgs: ReadonlySet<records> (TPTypeOK)
    typed: "const summary = states.filter((s) => [...s.rmState.values()].every((r) => r === 'committed') && [...s.msgs].some((m) => m.type === 'Commit')).length;",
    expected: undefined,
    entry: "import { main } from './explore.js';\nvoid main();\n",
  },
] as const;

for (const v of variants) {
  t.test(`a ${v.kind} project compiles and runs ${v.model} generated against the packed cloudos`, async (t) => {
    const model = loadCorpus().find((m) => m.name === v.model)!;
    const dir = join(project, v.model);
    const src = join(dir, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `downstream-${v.model.toLowerCase()}`, private: true, ...v.packageType, dependencies: { cloudos: '*' } }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUnusedLocals: true, noUnusedParameters: true, skipLibCheck: true, outDir: 'out', types: ['node'] }, include: ['src'] }));
    execFileSync(process.execPath, [join(repoRoot, 'bin', 'cloudos.js'), 'tla2ts', model.spec, '--config', model.cfg, '-o', src], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const generated = readFileSync(join(src, `${v.module}.ts`), 'utf8');
    t.same([...generated.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]), ['cloudos/tla-runtime'], 'the runtime comes from the package, by name');
    t.notOk(generated.includes(repoRoot), 'no path of the checkout is written into the module');
    writeFileSync(join(src, 'explore.ts'), explore(v.module, v.typed));
    writeFileSync(join(src, 'main.ts'), v.entry);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
    } catch (error) {
      t.fail(`tsc refused the downstream project:\n${(error as { stdout?: string }).stdout ?? error}`);
      return;
    }
    const out = execFileSync(process.execPath, [join(dir, 'out', 'main.js')], { cwd: dir, encoding: 'utf8' });
    const result = JSON.parse(out) as { distinct: number; generated: number; typed: number };
    t.equal(result.distinct, model.expected.distinctStates, 'the corpus distinct-state count');
    t.equal(result.generated, model.expected.statesGenerated, 'the corpus generated-state count');
    if (v.expected !== undefined) t.equal(result.typed, v.expected, 'typed state fields hold the values');
    else t.ok(result.typed > 0, 'some reachable state has every RM committed after a Commit message');
  });
}

t.test('a downstream program that misuses a typed field does not compile', async (t) => {
  const dir = join(project, 'DieHardTypeOK');
  writeFileSync(join(dir, 'src', 'wrong.ts'), "import type { State } from './DieHard.js';\nexport const wrong = (s: State): string => s.big;\n");
  let stdout = '';
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir, '--noEmit'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout;
  }
  t.match(stdout, /wrong\.ts.*error TS2322: Type 'number' is not assignable to type 'string'/);
});
