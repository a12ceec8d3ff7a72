// Compiled Init/action generators against the interpreter's: on every corpus model and spec/
// configuration, the same initial states and, from every state explored, the same successors
// in the same order with the same action labels, and the same ENABLED of every fairness or
// property action; the per-action fallback and its notice.
import t from 'tap';
import fc from 'fast-check';
import { DiagnosticError } from '../diagnostics.js';
import { parseConfig } from '../cfg/config.js';
import type { Model, State, Successor } from '../check/model.js';
import { loadCorpus, loadSpecChecks } from '../corpus/corpus-manifest.js';
import { resolveSource } from '../names/index.js';
import { buildCompiledModel, buildModel, loadModel } from '../load.js';
import { ActionShape, Interpreter } from '../eval/index.js';
import { emitGenerators } from './generators.js';
import ts from 'typescript';

/** States explored per model: enough to reach every action of the corpus, small enough for CI. */
const exploreLimit = 3000;

/** Runs `fn` with stderr captured; returns what it wrote. */
async function capturingStderr<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await fn(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

/** The code of an evaluation error (a diagnostic or a located value error); anything else is a bug and rethrown. */
function errorCode(error: unknown): string {
  if (error instanceof DiagnosticError) return error.diagnostics[0]!.code;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E\d{4}$/.test(code)) return code;
  throw error;
}

/** What a generator produced, or the error code it stopped with. */
function outcome(fn: () => Iterable<State | Successor>, model: Model): string[] {
  try {
    return [...fn()].map((s) => ('action' in s ? `${model.actions[s.action]!.name} ${model.fingerprint(s.state)}` : `${model.fingerprint(s)}`));
  } catch (error) {
    return [`error ${errorCode(error)}`];
  }
}

function verdict(fn: () => boolean): string {
  try {
    return String(fn());
  } catch (error) {
    return `error ${errorCode(error)}`;
  }
}

/** Breadth-first from the interpreted model's initial states; returns the first disagreement. */
function disagreement(interpreted: Model, compiled: Model): string | undefined {
  const inits = outcome(() => interpreted.initialStates(), interpreted);
  const compiledInits = outcome(() => compiled.initialStates(), compiled);
  if (inits.join('\n') !== compiledInits.join('\n')) return `initial states differ:\n${inits.join('\n')}\nvs\n${compiledInits.join('\n')}`;
  if (inits[0]?.startsWith('error')) return undefined;
  const seen = new Set<bigint>();
  const queue: State[] = [];
  for (const s of interpreted.initialStates()) if (!seen.has(interpreted.fingerprint(s))) (seen.add(interpreted.fingerprint(s)), queue.push(s));
  for (let head = 0; head < queue.length && head < exploreLimit; head++) {
    const s = queue[head]!;
    const expected = outcome(() => interpreted.successors(s), interpreted);
    const got = outcome(() => compiled.successors(s), compiled);
    if (expected.join('\n') !== got.join('\n')) return `successors of ${JSON.stringify(interpreted.formatState(s))} differ:\n${expected.join('\n')}\nvs\n${got.join('\n')}`;
    const enabled = (model: Model) => model.actionPredicates.map((_, i) => verdict(() => model.enabled(i, s)));
    if (enabled(interpreted).join() !== enabled(compiled).join()) return `ENABLED of the action predicates differs in ${JSON.stringify(interpreted.formatState(s))}: ${enabled(interpreted).join()} vs ${enabled(compiled).join()}`;
    if (expected[0]?.startsWith('error')) continue;
    for (const { state } of interpreted.successors(s)) {
      const fp = interpreted.fingerprint(state);
      if (!seen.has(fp)) (seen.add(fp), queue.push(state));
    }
  }
  return undefined;
}

const models = [...loadCorpus(), ...loadSpecChecks()].filter((m, i, all) => all.findIndex((o) => o.spec === m.spec && o.cfg === m.cfg) === i);

for (const m of models) {
  t.test(`${m.name}: compiled generators equal the interpreter's`, async (t) => {
    const interpreted = await loadModel({ spec: m.spec, config: m.cfg, mode: 'interpreted' });
    const { value: compiled, stderr } = await capturingStderr(() => loadModel({ spec: m.spec, config: m.cfg, mode: 'compiled' }));
    t.notMatch(stderr, /tla2ts: interpreting/, 'every generator of the model is compiled');
    t.same(compiled.actions.map((a) => a.name), interpreted.actions.map((a) => a.name));
    const problem = disagreement(interpreted, compiled);
    t.equal(problem, undefined, problem ?? 'agree');
  });
}

const small = (next: string, extra = '') => `---- MODULE M ----
EXTENDS Naturals
VARIABLES x, y
${extra}
Init == x \\in 0..2 /\\ y = 0
Next ==
${next.split('\n').map((line) => `  ${line}`).join('\n')}
====`;
const cfg = 'INIT Init\nNEXT Next\n';

async function bothModes(spec: string): Promise<{ interpreted: Model; compiled: Model; stderr: string }> {
  return bothModesOf(spec, cfg);
}

async function bothModesOf(spec: string, cfg: string): Promise<{ interpreted: Model; compiled: Model; stderr: string }> {
  const module = await resolveSource(spec, 'M.tla');
  const interpreted = buildModel(module, parseConfig(cfg, 'M.cfg'));
  const { value: compiled, stderr } = await capturingStderr(() => buildCompiledModel(module, parseConfig(cfg, 'M.cfg')));
  return { interpreted, compiled, stderr };
}

t.test('a disjunction inside an action is one branch per true disjunct, as TLC counts', async (t) => {
  const { interpreted, compiled } = await bothModes(small(`x < 2 /\\ (TRUE \\/ x = 1) /\\ x' = x + 1 /\\ UNCHANGED y`));
  t.equal([...compiled.successors([1, 0])].length, 2, 'both disjuncts hold at x = 1: two successors generated');
  t.equal([...compiled.successors([0, 0])].length, 1);
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('IF, CASE, LET, \\E, \\in choice, operator calls with arguments and tests after assignment', async (t) => {
  const extra = `Step(d) == x' = (x + d) % 3
Pick == \\E v \\in {0, 1} : y' = v`;
  const next = `\\/ LET m == x + 1 IN IF m > 2 THEN Step(1) /\\ y' = 1 ELSE Step(m) /\\ Pick
\\/ CASE x = 0 -> x' \\in {1, 2} /\\ y' \\in {y, 5} [] OTHER -> x' = x /\\ y' = y /\\ x' # 1
\\/ y' = y /\\ x' = 2 /\\ x' = 2 /\\ x' \\in {2}
\\/ x' = x + 1 /\\ y' = 7 /\\ x' = 1 /\\ (y' = 7 \\/ y' = 8)`;
  const { interpreted, compiled, stderr } = await bothModes(small(next, extra));
  t.equal(stderr, '');
  t.ok([...compiled.successors([0, 0])].length > 3);
  const assignedTwice = (from: State) => [...compiled.successors(from)].filter((s) => s.state[1] === 7).length;
  t.equal(assignedTwice([0, 0]), 1, "x' = x + 1 then x' = 1 holds from x = 0, and y' = 7 \\/ y' = 8 as a test");
  t.equal(assignedTwice([1, 0]), 0, "x' = x + 1 then x' = 1 is false from x = 1");
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('a definition that reads only the current state is computed once per state, and again for a primed read', async (t) => {
  // D and the function F are computed once per expanded state (runtime.ts evalDef); D' reads the next state.
  const extra = 'D == x + y\nF[i \\in 0..1] == 10 * x + y + i';
  const { interpreted, compiled } = await bothModes(small(`x' = (x + 1) % 3 /\\ y' = (y + 1) % 2 /\\ (D' > D \\/ D = 0) /\\ LET g == F IN g[1] # D'`, extra));
  const successors = (from: State) => [...compiled.successors(from)].map((s) => s.state);
  t.same(successors([1, 0]), [[2, 1]], "from x = 1, y = 0: D' = 3 > D = 1");
  t.same(successors([2, 1]), [], "from x = 2, y = 1: D' = 1 is not above D = 3");
  t.same(successors([0, 0]), [[1, 1]], 'D = 0 in this state, not the value of the state before');
  t.same(successors([2, 1]), [], 'nor 0 from the state before');
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('f[x] of a bound value is a test that compiles; of a LET function, its body read as an action (interpreted)', async (t) => {
  // TLC: 11 generated, 5 distinct for Next == \E g \in [1..2 -> BOOLEAN] : g[1] /\ x' = ... from x = 0.
  const bound = await bothModes(small(`\\E g \\in [0..1 -> BOOLEAN] : g[0] /\\ x' = (x + IF g[1] THEN 1 ELSE 2) % 5 /\\ UNCHANGED y`));
  t.equal(bound.stderr, '', 'no fallback: g is a value, not a lazily defined function');
  t.same(new Set([...bound.compiled.successors([0, 0])].map((s) => s.state[0])), new Set([1, 2]));
  t.equal(disagreement(bound.interpreted, bound.compiled), undefined);
  const lazy = await bothModes(small(`LET h[i \\in 0..1] == x' = i \\/ x' = i + 2 IN h[1] /\\ UNCHANGED y`));
  t.match(lazy.stderr, /E6001 cannot compile: f\[x\] of a function definition as an action/);
  t.same([...lazy.interpreted.successors([0, 0])].map((s) => s.state), [[1, 0], [3, 0]], "h[1]'s disjunction branches, as TLC reads it");
});

t.test('errors in a compiled action carry the same code as the interpreter', async (t) => {
  const { interpreted, compiled } = await bothModes(small(`x' = x + 1 /\\ y' = {} + 1`));
  t.same(outcome(() => compiled.successors([0, 0]), compiled), ['error E3001']);
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('an action with a construct tla2ts does not compile falls back to the interpreter, said once on stderr', async (t) => {
  const extra = 'Inc == x < 2 /\\ x\' = x + 1 /\\ UNCHANGED y';
  const { interpreted, compiled, stderr } = await bothModes(small(`\\/ Inc\n\\/ ENABLED Inc /\\ x' = x /\\ y' = 1 - y`, extra));
  t.match(stderr, /^tla2ts: interpreting Next \(E6001 cannot compile ENABLED yet at M\.tla:\d+:\d+\)\n$/);
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('a hostile spec cannot inject code into the generators: its text stays in string literals', async (t) => {
  const spec = [
    '---- MODULE Hostile ----',
    'VARIABLES constructor, __proto__',
    '(* */ console.log("pwned from a comment") /* *)',
    'Init == constructor = "\\" ); globalThis.pwned = 1; (\\"" /\\ __proto__ \\in {"`${globalThis.pwned = 2}`", "*/ globalThis.pwned = 3 /*"}',
    'Next == constructor\' = "line\\nbreak \u2028 </script>" /\\ UNCHANGED __proto__',
    '====',
  ].join('\n');
  const module = await resolveSource(spec, 'Hostile.tla');
  const interp = new Interpreter(module, { constants: [] });
  const { source, refused } = emitGenerators(module, [
    { expr: module.defs[0]!.body, shape: new ActionShape(interp, 'init') },
    { expr: module.defs[1]!.body, shape: new ActionShape(interp, 'next') },
  ]);
  t.same(refused.filter(Boolean), []);
  t.notMatch(source, /console\.log/, 'comment text is not copied');
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, source);
  const identifiers: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) if (token === ts.SyntaxKind.Identifier) identifiers.push(scanner.getTokenText());
  t.same(identifiers.filter((id) => ['globalThis', 'pwned', 'console'].includes(id)), [], 'spec text appears only inside string literals');
  const { compiled, interpreted } = await bothModesOf(spec, 'INIT Init\nNEXT Next\n');
  t.equal((globalThis as { pwned?: unknown }).pwned, undefined, 'loading and running the generators ran nothing of the spec');
  t.equal(disagreement(interpreted, compiled), undefined);
});

t.test('ENABLED <<A>>_v runs the compiled generator of A: a step that only stutters does not count', async (t) => {
  const spec = `---- MODULE M ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Stay == x' = x /\\ y' = y
Inc == x < 2 /\\ x' = x + 1 /\\ UNCHANGED y
Next == Stay \\/ Inc
Spec == Init /\\ [][Next]_<<x, y>> /\\ WF_<<x, y>>(Stay) /\\ WF_<<x, y>>(Inc)
====`;
  const { interpreted, compiled, stderr } = await bothModesOf(spec, 'SPECIFICATION Spec\n');
  t.equal(stderr, '');
  t.same([0, 1].map((i) => compiled.enabled(i, [0, 0])), [false, true]);
  t.same([0, 1].map((i) => compiled.enabled(i, [2, 0])), [false, false]);
  t.equal(disagreement(interpreted, compiled), undefined);
});

// ---- random actions ------------------------------------------------------------------------

/**
 * TLA+ text of actions over x, y (values 0..2) and the names bound where the text goes (the
 * module's i at the top), every generator construct, tests reading primes included. Each binder
 * takes a name of its own (`i1`, `i2`, ... by depth): TLA+ forbids declaring a name again in its scope.
 */
type Text = (bound: readonly string[]) => string;
const name = (bound: readonly string[]): string => `i${bound.length}`;
const action = fc.letrec<{ int: Text; test: Text; action: Text }>((tie) => ({
  int: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('0', '1', '2', 'x', 'y').map((leaf): Text => () => leaf),
    fc.nat().map((n): Text => (bound) => bound[n % bound.length]!),
    tie('int').map((a): Text => (bound) => `((${a(bound)} + 1) % 3)`),
  ),
  test: fc.oneof(
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `${a(bound)} = ${b(bound)}`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `${a(bound)} < ${b(bound)}`),
    fc.tuple(fc.constantFrom("x'", "y'"), tie('int')).map(([v, a]): Text => (bound) => `${v} # ${a(bound)}`),
  ),
  action: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom("x'", "y'"), tie('int')).map(([v, a]): Text => (bound) => `${v} = ${a(bound)}`),
    fc.tuple(fc.constantFrom("x'", "y'"), tie('int'), tie('int')).map(([v, a, b]): Text => (bound) => `${v} \\in {${a(bound)}, ${b(bound)}}`),
    fc.constantFrom('UNCHANGED x', 'UNCHANGED <<x, y>>', 'Keep').map((leaf): Text => () => leaf),
    tie('test'),
    fc.tuple(tie('action'), tie('action')).map(([a, b]): Text => (bound) => `(${a(bound)} /\\ ${b(bound)})`),
    fc.tuple(tie('action'), tie('action')).map(([a, b]): Text => (bound) => `(${a(bound)} \\/ ${b(bound)})`),
    fc.tuple(tie('test'), tie('action'), tie('action')).map(([c, a, b]): Text => (bound) => `(IF ${c(bound)} THEN ${a(bound)} ELSE ${b(bound)})`),
    fc.tuple(tie('test'), tie('action'), tie('action')).map(([c, a, b]): Text => (bound) => `(CASE ${c(bound)} -> ${a(bound)} [] OTHER -> ${b(bound)})`),
    tie('action').map((a): Text => (bound) => `(\\E ${name(bound)} \\in 0..1 : ${a([...bound, name(bound)])})`),
    fc.tuple(tie('int'), tie('action')).map(([e, a]): Text => (bound) => `(LET ${name(bound)} == ${e(bound)} IN ${a([...bound, name(bound)])})`),
    tie('int').map((e): Text => (bound) => `Step(${e(bound)})`),
  ),
})).action.map((text) => text(['i']));

t.test('random actions: compiled and interpreted generators give the same successors or the same error', async (t) => {
  const seed = Number(process.env.FC_SEED ?? 20261127);
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(action, action, async (a, b) => {
      const spec = `---- MODULE R ----
EXTENDS Naturals
VARIABLES x, y
i == 0
Keep == x' = x /\\ y' = y
Step(d) == x' = d /\\ UNCHANGED y
Init == x \\in 0..2 /\\ y \\in 0..2
Next == ${a} \\/ ${b}
====`;
      const { interpreted, compiled, stderr } = await bothModesOf(spec, 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n');
      if (stderr !== '') throw new Error(`not compiled: ${stderr}`);
      const problem = disagreement(interpreted, compiled);
      if (problem !== undefined) throw new Error(`${problem}\nNext == ${a} \\/ ${b}`);
      checked++;
    }),
    { seed, numRuns: 150 },
  );
  t.equal(checked, 150, `150 random actions agree (seed ${seed}; replay with FC_SEED=${seed})`);
});
