// For the tests of the executable module tla2ts writes with a .cfg (bind-executable*.test.ts, the
// models in shards so that each file stays well under a minute of CPU): emitting it as the CLI
// does, loading it as a user would, and the check that it agrees with the checker's model.
import type { Test } from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../../cfg/config.js';
import { actionName, type Model, type State } from '../../check/model.js';
import { loadCorpus, loadSpecChecks } from '../../corpus/corpus-manifest.js';
import { Interpreter } from '../../eval/index.js';
import { bindConstants, loadModel, planExecutable } from '../../load.js';
import { resolveSpec } from '../../names/index.js';
import type { Value } from '../../values/index.js';
import { emitModule } from '../emit.js';
import { constantEvaluator, stateTypes, typeInvariantOf } from '../state-types.js';

/** States whose successors are compared with the checker's, per model. */
const compareLimit = 3000;
/** Models whose whole state space the test's own BFS explores (holds, at most this many states). */
const bfsLimit = 4000;

type StateValues = readonly Value[];
export interface Executable {
  initialStates(): StateValues[];
  actions: readonly { name: string; successors(state: StateValues): StateValues[] }[];
  invariants: readonly { name: string; holds(state: StateValues): boolean }[];
  fingerprint(state: StateValues): bigint;
}

const here = join(dirname(fileURLToPath(import.meta.url)), '..'); // dist/tools/tla/tla2ts

/**
 * Emits `spec` + `cfg` (absolute paths) as the CLI does, typed from TypeOK; `form` chooses the
 * language and where the runtime is imported from: the compiled entry in dist/ by URL for the
 * JavaScript (so that it runs from a temporary folder), tla-runtime.ts beside it for the TypeScript.
 */
export async function emit(spec: string, cfg: string, form: 'source' | 'compiled'): Promise<{ source: string; name: string }> {
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
/** Emits `spec` + `cfg` as JavaScript into `outDir` and loads it. */
async function loadEmitted(spec: string, cfg: string, outDir: string): Promise<Executable> {
  const { source } = await emit(spec, cfg, 'compiled');
  const file = join(outDir, `M${written++}.mjs`);
  writeFileSync(file, source);
  const loaded = (await import(pathToFileURL(file).href)) as { load(): Promise<Executable> };
  return loaded.load();
}

/** Fingerprints of what each side produced, one line per state, prefixed with the action's name. */
function checkerSuccessors(model: Model, s: State): string[] {
  return [...model.successors(s)].map((x) => `${actionName(model.actions[x.action]!)} ${model.fingerprint(x.state)}`);
}
function emittedSuccessors(exe: Executable, s: StateValues): string[] {
  // The checker lists successors action by action, in action order, as the emitted module does.
  return exe.actions.flatMap((a) => a.successors(s).map((x) => `${a.name} ${exe.fingerprint(x)}`));
}

/** Every corpus model and spec/ configuration, each once. */
export const models = [...loadCorpus(), ...loadSpecChecks()].filter((m, i, all) => all.findIndex((o) => o.spec === m.spec && o.cfg === m.cfg) === i);

/**
 * On every model of shard `index` of `count` (every count-th, from the index-th: the costly ones are
 * not side by side) the emitted module's initial states and per-action successors equal the
 * checker's model (fingerprints, action names) over the first states of a BFS, and a BFS over its
 * API alone finds the corpus' distinct-state counts.
 */
export function agreesWithTheChecker(t: Test, shard: { index: number; count: number }): void {
  const outDir = mkdtempSync(join(tmpdir(), 'tla2ts-executable-'));
  t.teardown(() => rmSync(outDir, { recursive: true, force: true }));
  for (const m of models.filter((_, i) => i % shard.count === shard.index - 1)) {
    t.test(`${m.name}: the emitted module agrees with the checker's model`, async (t) => {
      const model = await loadModel({ spec: m.spec, config: m.cfg, mode: 'compiled' });
      const exe = await loadEmitted(m.spec, m.cfg, outDir);
      t.same(exe.actions.map((a) => a.name), model.actions.map(actionName), 'same actions, same names (as TLC labels them), same order');
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
}
