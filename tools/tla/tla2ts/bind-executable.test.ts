// The executable module tla2ts writes with a .cfg, loaded as a user would load it: on every corpus
// model and spec/ configuration its initial states and per-action successors equal the checker's
// model (fingerprints, action names) over the first states of a BFS; a BFS over its API alone finds
// the corpus' distinct-state counts; its TypeScript form type-checks; a hostile spec injects nothing.
import t from 'tap';
import ts from 'typescript';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../cfg/config.js';
import type { Model, State } from '../check/model.js';
import { loadCorpus, loadSpecChecks } from '../corpus/corpus-manifest.js';
import { Interpreter } from '../eval/index.js';
import { bindConstants, loadModel, planExecutable } from '../load.js';
import { resolveSpec } from '../names/index.js';
import { repoRoot } from '../../../conventions/index.js';
import type { Value } from '../values/index.js';
import { emitModule } from './emit.js';
import { constantEvaluator, stateTypes, typeInvariantOf } from './state-types.js';

/** States whose successors are compared with the checker's, per model. */
const compareLimit = 3000;
/** Models whose whole state space the test's own BFS explores (holds, at most this many states). */
const bfsLimit = 4000;

type StateValues = readonly Value[];
interface Executable {
  initialStates(): StateValues[];
  actions: readonly { name: string; successors(state: StateValues): StateValues[] }[];
  invariants: readonly { name: string; holds(state: StateValues): boolean }[];
  fingerprint(state: StateValues): bigint;
}

t.setTimeout(10 * 60_000); // ~30 models, each loaded twice and explored for a few thousand states

const here = dirname(fileURLToPath(import.meta.url)); // dist/tools/tla/tla2ts
const outDir = mkdtempSync(join(tmpdir(), 'tla2ts-executable-'));
t.teardown(() => rmSync(outDir, { recursive: true, force: true }));

/**
 * Emits `spec` + `cfg` (absolute paths) as the CLI does, typed from TypeOK; `form` chooses the
 * language and where the runtime is imported from: the compiled entry in dist/ by URL for the
 * JavaScript (so that it runs from a temporary folder), tla-runtime.ts beside it for the TypeScript.
 */
async function emit(spec: string, cfg: string, form: 'source' | 'compiled'): Promise<{ source: string; name: string }> {
  const module = await resolveSpec(spec, { searchPath: [] });
  const text = readFileSync(cfg, 'utf8');
  const config = parseConfig(text, cfg);
  const constants = bindConstants(module, config);
  const plan = planExecutable(module, config, new Interpreter(module, constants));
  const { source } = emitModule(module, {
    language: form === 'compiled' ? 'js' : 'ts',
    runtimeImport: form === 'compiled' ? pathToFileURL(join(here, 'tla-runtime.js')).href : './tla-runtime.js',
    types: stateTypes(module, typeInvariantOf(module, config.invariants.map((i) => i.name)), constantEvaluator(module, constants)),
    executable: { plan, config: { file: cfg, text } },
  });
  return { source, name: module.name };
}

let written = 0;
async function loadEmitted(spec: string, cfg: string): Promise<Executable> {
  const { source } = await emit(spec, cfg, 'compiled');
  const file = join(outDir, `M${written++}.mjs`);
  writeFileSync(file, source);
  const loaded = (await import(pathToFileURL(file).href)) as { load(): Promise<Executable> };
  return loaded.load();
}

/** Fingerprints of what each side produced, one line per state, prefixed with the action's name. */
function checkerSuccessors(model: Model, s: State): string[] {
  return [...model.successors(s)].map((x) => `${model.actions[x.action]!.name} ${model.fingerprint(x.state)}`);
}
function emittedSuccessors(exe: Executable, s: StateValues): string[] {
  // The checker lists successors action by action, in action order, as the emitted module does.
  return exe.actions.flatMap((a) => a.successors(s).map((x) => `${a.name} ${exe.fingerprint(x)}`));
}

const models = [...loadCorpus(), ...loadSpecChecks()].filter((m, i, all) => all.findIndex((o) => o.spec === m.spec && o.cfg === m.cfg) === i);

for (const m of models) {
  t.test(`${m.name}: the emitted module agrees with the checker's model`, async (t) => {
    const model = await loadModel({ spec: m.spec, config: m.cfg, mode: 'compiled' });
    const exe = await loadEmitted(m.spec, m.cfg);
    t.same(exe.actions.map((a) => a.name), model.actions.map((a) => a.name), 'same actions, same names, same order');
    t.same(exe.invariants.map((i) => i.name), model.invariants.map((i) => i.name));
    const inits = exe.initialStates();
    t.same(inits.map((s) => `${exe.fingerprint(s)}`), [...model.initialStates()].map((s) => `${model.fingerprint(s)}`), 'same initial states');
    const seen = new Set<bigint>();
    const queue: StateValues[] = [];
    const visit = (s: StateValues) => {
      const fp = exe.fingerprint(s);
      if (!seen.has(fp)) (seen.add(fp), queue.push(s));
    };
    inits.forEach(visit);
    let mismatch: string | undefined;
    let violated: string | undefined;
    const wholeSpace = m.expected.result === 'holds' && m.expected.distinctStates !== undefined && m.expected.distinctStates <= bfsLimit;
    for (let head = 0; head < queue.length && (head < compareLimit || wholeSpace); head++) {
      const s = queue[head]!;
      const failing = exe.invariants.find((i) => !i.holds(s));
      if (failing) violated ??= failing.name;
      if (failing && failing.name !== model.invariants[model.violatedInvariant(s)]?.name) mismatch ??= `invariant verdicts differ in ${JSON.stringify(model.formatState(s))}`;
      if (head < compareLimit && mismatch === undefined) {
        const expected = checkerSuccessors(model, s).join('\n');
        const got = emittedSuccessors(exe, s).join('\n');
        if (expected !== got) mismatch = `successors of ${JSON.stringify(model.formatState(s))} differ:\n${expected}\nvs\n${got}`;
      }
      if (m.expected.result === 'invariant-violated' && failing) continue; // the checker stops here
      for (const a of exe.actions) a.successors(s).forEach(visit);
    }
    t.equal(mismatch, undefined, mismatch ?? 'agree');
    if (wholeSpace) {
      t.equal(seen.size, m.expected.distinctStates, `a BFS over the emitted API finds ${m.expected.distinctStates} distinct states`);
      t.equal(violated, undefined, 'every invariant holds');
    }
  });
}

t.test('the TypeScript form of an executable module of every spec type-checks against the runtime', async (t) => {
  // Virtual files in the source tree's tla2ts folder, so that their imports resolve to runtime.ts.
  const dir = join(repoRoot, 'tools/tla/tla2ts');
  const files = new Map<string, string>();
  // One configuration per spec: the code and types differ little between a spec's configurations, and
  // each file embeds its spec, so checking them all would cost minutes of CPU for nothing new.
  const onePerSpec = models.filter((m, i) => models.findIndex((o) => o.spec === m.spec) === i);
  for (const [i, m] of onePerSpec.entries()) files.set(join(dir, `generated-executable-${i}.ts`), (await emit(m.spec, m.cfg, 'source')).source);
  // noUnused*: a user's strict project compiles the output as it is
  const options: ts.CompilerOptions = { strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files.get(name) ?? read(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || exists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.has(d.file.fileName));
  t.same(errors.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`), [], 'no type errors in the generated modules');
  t.match([...files.values()][0], /export async function load\(options: BindOptions = \{\}\): Promise<Executable>/);
});

const hostileSpec = [
  '---- MODULE Hostile ----',
  'VARIABLES constructor, __proto__',
  '(* */ console.log("pwned from a comment") /* *)',
  'Init == constructor = "\\" ); globalThis.pwned = 1; (\\"" /\\ __proto__ \\in {"`${globalThis.pwned = 2}`", "*/ globalThis.pwned = 3 /*"}',
  'toString == constructor\' = "line\\nbreak \u2028 </script>" /\\ UNCHANGED __proto__',
  'valueOf == __proto__\' = "${globalThis.pwned = 4}" /\\ UNCHANGED constructor',
  'Next == toString \\/ valueOf',
  'hasOwnProperty == __proto__ /= "`"',
  '====',
].join('\n');

t.test('a hostile spec cannot inject code into the executable module', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-hostile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Hostile.tla'), hostileSpec);
  writeFileSync(join(dir, 'Hostile.cfg'), 'INIT Init\nNEXT Next\nINVARIANT hasOwnProperty\n');
  const globals = globalThis as { pwned?: unknown };
  delete globals.pwned;
  for (const form of ['source', 'compiled'] as const) {
    const { source } = await emit(join(dir, 'Hostile.tla'), join(dir, 'Hostile.cfg'), form);
    t.notMatch(source, /console\.log/, 'comment text is not copied');
    const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, source);
    const identifiers: string[] = [];
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) if (token === ts.SyntaxKind.Identifier) identifiers.push(scanner.getTokenText());
    t.same(identifiers.filter((id) => ['globalThis', 'pwned', 'console'].includes(id)), [], `${form}: spec text appears only inside string literals`);
    if (form === 'compiled') writeFileSync(join(dir, 'Hostile.mjs'), source);
  }
  const exe = ((await import(pathToFileURL(join(dir, 'Hostile.mjs')).href)) as { load(): Promise<Executable> }).load();
  const spec = await exe;
  t.same(spec.actions.map((a) => a.name), ['toString', 'valueOf']);
  const [init] = spec.initialStates();
  t.same(init, ['" ); globalThis.pwned = 1; ("', '*/ globalThis.pwned = 3 /*'], 'strings are values (TLC order: the smaller string first)');
  t.same(spec.actions[0]!.successors(init!), [['line\nbreak \u2028 </script>', '*/ globalThis.pwned = 3 /*']]);
  t.same(spec.actions[1]!.successors(init!), [['" ); globalThis.pwned = 1; ("', '${globalThis.pwned = 4}']]);
  t.equal(spec.invariants[0]!.holds(init!), true);
  t.equal(globals.pwned, undefined, 'loading and running the module ran nothing of the spec');
});

t.test('the executable module is self-contained: it loads with its spec and .cfg gone', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tla2ts-alone-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Hostile.tla'), hostileSpec);
  writeFileSync(join(dir, 'Hostile.cfg'), 'INIT Init\nNEXT Next\n');
  writeFileSync(join(dir, 'Hostile.mjs'), (await emit(join(dir, 'Hostile.tla'), join(dir, 'Hostile.cfg'), 'compiled')).source);
  rmSync(join(dir, 'Hostile.tla'));
  rmSync(join(dir, 'Hostile.cfg'));
  const loaded = (await import(pathToFileURL(join(dir, 'Hostile.mjs')).href)) as { load(): Promise<Executable> };
  const spec = await loaded.load();
  t.same(spec.actions.map((a) => a.name), ['toString', 'valueOf']);
  t.equal(spec.initialStates().length, 2, 'one per string __proto__ may start as');
});
