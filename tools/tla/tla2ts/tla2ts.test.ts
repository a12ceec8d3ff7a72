// tla2ts: compiled and interpreted evaluation agree (random expressions, and every definition
// in every reachable state of corpus specs); generated code is typed and hostile specs cannot
// inject code into it.
import t from 'tap';
import fc from 'fast-check';
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticError } from '../diagnostics.js';
import { EvalContext, Interpreter } from '../eval/index.js';
import { buildModel } from '../load.js';
import { parseConfig } from '../cfg/config.js';
import { resolveSource, type ResolvedModule } from '../names/index.js';
import { defaultStdContext } from '../stdlib/index.js';
import { repoRoot } from '../../../conventions/index.js';
import { formatValue, valuesEqual, type Value } from '../values/index.js';
import { emitModule } from './emit.js';
import { compiledRuntime, importGenerated, runtimeUrl } from './load-compiled.js';

type Outcome = { value: Value } | { error: string };

function outcome(run: () => Value): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    if (error instanceof DiagnosticError) return { error: error.diagnostics[0]!.code };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^E\d{4}$/.test(code)) return { error: code };
    throw error;
  }
}

function agree(a: Outcome, b: Outcome): boolean {
  if ('value' in a && 'value' in b) return valuesEqual(a.value, b.value);
  return 'error' in a && 'error' in b && a.error === b.error;
}

function show(o: Outcome): string {
  return 'value' in o ? formatValue(o.value) : `error ${o.error}`;
}

/** The interpreter, and one whose definitions run tla2ts output (as load.ts builds it), for a module without constants. */
async function both(module: ResolvedModule): Promise<{ interp: Interpreter; compiled: Interpreter }> {
  const options = { constants: [] };
  return { interp: new Interpreter(module, options), compiled: new Interpreter(module, { ...options, compiled: await compiledRuntime(module, options) }) };
}

// ---- random expressions -------------------------------------------------------------------

/**
 * TLA+ text of integer, set and boolean expressions, as functions of the names bound where the text
 * goes (x and y at the top): each binder takes a name of its own (`v2`, `v3`, ... by depth), since
 * TLA+ forbids declaring a name again in its scope, and a name used is one of those bound.
 */
type Text = (bound: readonly string[]) => string;
const name = (bound: readonly string[]): string => `v${bound.length}`;
const { int, set, bool } = fc.letrec<{ int: Text; set: Text; bool: Text }>((tie) => ({
  int: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.integer({ min: 0, max: 5 }).map((n): Text => () => String(n)),
    fc.nat().map((i): Text => (bound) => bound[i % bound.length]!),
    fc.tuple(tie('int'), fc.constantFrom('+', '-', '*', '%', '\\div'), tie('int')).map(([a, op, b]): Text => (bound) => `(${a(bound)} ${op} ${b(bound)})`),
    fc.tuple(tie('bool'), tie('int'), tie('int')).map(([c, a, b]): Text => (bound) => `(IF ${c(bound)} THEN ${a(bound)} ELSE ${b(bound)})`),
    tie('set').map((s): Text => (bound) => `Cardinality(${s(bound)})`),
    fc.tuple(tie('set'), tie('bool')).map(([s, p]): Text => (bound) => `(CHOOSE ${name(bound)} \\in ${s(bound)} : ${p([...bound, name(bound)])})`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `(LET ${name(bound)} == ${a(bound)} IN ${name(bound)} + ${b([...bound, name(bound)])})`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `[a |-> ${a(bound)}, b |-> ${b(bound)}].b`),
    fc.tuple(tie('int'), tie('int'), tie('int')).map(([a, b, c]): Text => (bound) => `[<<${a(bound)}, ${b(bound)}>> EXCEPT ![1] = @ + ${c(bound)}][1]`),
    fc.tuple(tie('set'), tie('int')).map(([s, i]): Text => (bound) => `[${name(bound)} \\in ${s(bound)} |-> ${name(bound)} * 2][${i(bound)}]`),
    fc.tuple(tie('set'), tie('set'), tie('int'), tie('int')).map(([s1, s2, a, b]): Text => (bound) => `[<<${name(bound)}u, ${name(bound)}v>> \\in ${s1(bound)} \\X ${s2(bound)} |-> ${name(bound)}u - ${name(bound)}v][<<${a(bound)}, ${b(bound)}>>]`),
    tie('set').map((s1): Text => (bound) => `Cardinality(DOMAIN [<<${name(bound)}u, ${name(bound)}v>> \\in ${s1(bound)} |-> ${name(bound)}u])`), // elements that are not pairs: an error both ways
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `Len(Append(<<${a(bound)}>>, ${b(bound)}))`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `Twice(LAMBDA ${name(bound)} : ${name(bound)} + ${a([...bound, name(bound)])}, ${b(bound)})`),
    tie('int').map((a): Text => (bound) => `Fact[${a(bound)} % 5]`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `(CASE ${a(bound)} < ${b(bound)} -> ${a(bound)} [] ${a(bound)} > ${b(bound)} -> ${b(bound)})`),
  ),
  set: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.array(tie('int'), { maxLength: 3 }).map((xs): Text => (bound) => `{${xs.map((x) => x(bound)).join(', ')}}`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]): Text => (bound) => `(${a(bound)} .. ${b(bound)})`),
    fc.tuple(tie('set'), fc.constantFrom('\\cup', '\\cap', '\\'), tie('set')).map(([a, op, b]): Text => (bound) => `(${a(bound)} ${op} ${b(bound)})`),
    fc.tuple(tie('set'), tie('bool')).map(([s, p]): Text => (bound) => `{${name(bound)} \\in ${s(bound)} : ${p([...bound, name(bound)])}}`),
    fc.tuple(tie('int'), tie('set')).map(([e, s]): Text => (bound) => `{${e([...bound, name(bound)])} : ${name(bound)} \\in ${s(bound)}}`),
    tie('set').map((s): Text => (bound) => `(DOMAIN [${name(bound)} \\in ${s(bound)} |-> 0])`), // DOMAIN is 10-13 in SANY: unparenthesised before \X it is refused (E1005)
  ),
  bool: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.boolean().map((b): Text => () => (b ? 'TRUE' : 'FALSE')),
    fc.tuple(tie('int'), fc.constantFrom('<', '=', '/=', '>='), tie('int')).map(([a, op, b]): Text => (bound) => `(${a(bound)} ${op} ${b(bound)})`),
    fc.tuple(tie('int'), tie('set')).map(([a, s]): Text => (bound) => `(${a(bound)} \\in ${s(bound)})`),
    fc.tuple(tie('set'), tie('set')).map(([a, b]): Text => (bound) => `(${a(bound)} \\subseteq ${b(bound)})`),
    fc.tuple(fc.constantFrom('\\E', '\\A'), tie('set'), tie('bool')).map(([q, s, p]): Text => (bound) => `(${q} ${name(bound)} \\in ${s(bound)} : ${p([...bound, name(bound)])})`),
    fc.tuple(tie('bool'), fc.constantFrom('/\\', '\\/', '=>'), tie('bool')).map(([a, op, b]): Text => (bound) => `(${a(bound)} ${op} ${b(bound)})`),
    tie('bool').map((b): Text => (bound) => `~${b(bound)}`),
    tie('int').map((a): Text => (bound) => a(bound)), // an integer where a boolean is expected: both must refuse alike
  ),
}));

const prelude = [
  '---- MODULE Random ----', 'EXTENDS Naturals, Sequences, FiniteSets, TLC',
  'Twice(F(_), a) == F(F(a))', 'Fact[n \\in 0..5] == IF n = 0 THEN 1 ELSE n * Fact[n - 1]',
];

t.test('compiled and interpreted agree on random expressions', async (t) => {
  const seed = Number(process.env.FC_SEED ?? 424242);
  let compared = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(int, set, bool).map((text) => text(['x', 'y'])), async (body) => {
      const text = [...prelude, `E == [x \\in 0..2, y \\in 1..2 |-> ${body}]`, '===='].join('\n');
      const module = await resolveSource(text, 'Random.tla');
      const { interp, compiled: rt } = await both(module);
      const e = module.defs.find((d) => d.name.name === 'E')!.index;
      const interpreted = outcome(() => interp.evalDef(e, new EvalContext(defaultStdContext())));
      const compiled = outcome(() => rt.evalDef(e, new EvalContext(defaultStdContext())));
      compared++;
      if (!agree(interpreted, compiled)) throw new Error(`${body}: interpreted ${show(interpreted)}, compiled ${show(compiled)}`);
    }),
    { seed, numRuns: 100 },
  ).catch((error: unknown) => t.fail(`${String(error)}\nreplay with FC_SEED=${seed}`));
  t.ok(compared >= 100, `${compared} expressions compared`);
});

// ---- corpus specs -------------------------------------------------------------------------

t.test('compiled and interpreted agree on every definition in every reachable state', async (t) => {
  for (const name of ['DieHard', 'Peterson', 'LockStarvation']) {
    const file = join(repoRoot, 'tools/tla/corpus', `${name}.tla`);
    const module = await resolveSource(readFileSync(file, 'utf8'), file);
    const cfgFile = file.replace(/\.tla$/, '.cfg');
    const model = buildModel(module, parseConfig(readFileSync(cfgFile, 'utf8'), cfgFile));
    const { interp, compiled: rt } = await both(module);
    // Breadth-first over the interpreted model; each step (s, t) evaluates every definition.
    const seen = new Set<bigint>();
    const queue = [...model.initialStates()];
    const steps: [Value[], Value[] | null][] = queue.map((s) => [s as Value[], null]);
    for (const s of queue) seen.add(model.fingerprint(s));
    while (queue.length > 0 && steps.length < 400) {
      const s = queue.shift()!;
      for (const { state } of model.successors(s)) {
        steps.push([s as Value[], state as Value[]]);
        const fp = model.fingerprint(state);
        if (!seen.has(fp)) {
          seen.add(fp);
          queue.push(state);
        }
      }
    }
    let compared = 0;
    let disagreements = 0;
    for (const def of module.defs) {
      if (def.kind === 'operator' && def.params.length > 0) continue;
      for (const [s, next] of steps) {
        const ctx = () => new EvalContext(defaultStdContext(), s.slice(), next ? next.slice() : null);
        const a = outcome(() => interp.evalDef(def.index, ctx()));
        const b = outcome(() => rt.evalDef(def.index, ctx()));
        compared++;
        if (!agree(a, b) && disagreements++ < 3) t.fail(`${name}!${def.name.name}: interpreted ${show(a)}, compiled ${show(b)}`);
      }
    }
    t.equal(disagreements, 0, `${name}: ${compared} evaluations over ${steps.length} steps agree`);
  }
});

// ---- generated code ------------------------------------------------------------------------

const hostile = [
  '---- MODULE Hostile ----',
  'EXTENDS Naturals',
  'VARIABLES constructor, __proto__, toString, pi',
  '(* */ console.log("pwned from a comment") /* *)',
  'Quote == "\\" ); globalThis.pwned = 1; (\\""',
  'Backtick == "`${globalThis.pwned = 2}`"',
  'Close == "*/ globalThis.pwned = 3 /*"',
  'Newline == "line\\nbreak \u2028 </script>"',
  'prototype == [hasOwnProperty |-> Quote, valueOf |-> Backtick]',
  'constructor2(__proto__2, toString2) == LET valueOf == __proto__2 IN [__proto__ |-> valueOf, constructor |-> toString2]',
  'Proto == constructor2(1, 2).__proto__ + constructor2(3, 4).constructor',
  'Init == constructor = 0 /\\ __proto__ = Quote /\\ toString = prototype /\\ pi = Close',
  '====',
].join('\n');

/** The identifiers of a TypeScript source as its scanner sees them (string contents excluded). */
function codeIdentifiers(source: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, source);
  const ids: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.Identifier) ids.push(scanner.getTokenText());
  }
  return ids;
}

t.test('the TypeScript form type-checks: a typed state and typed closures', async (t) => {
  const module = await resolveSource(readFileSync(join(repoRoot, 'tools/tla/corpus/TwoPhase.tla'), 'utf8'), 'TwoPhase.tla');
  const { source } = emitModule(module, { runtimeImport: './tla-runtime.js' });
  const file = join(repoRoot, 'tools/tla/tla2ts/runtime.ts').replace(/runtime\.ts$/, 'generated-check.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || exists(name);
  const program = ts.createProgram([file], options, host);
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file);
  t.same(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'no type errors in the generated module');
  t.match(source, /export interface State \{\n {2}readonly "rmState": Value \/\* no type invariant \(TypeOK\) was read for this module \*\/;/, 'untyped without types');
});

t.test('a hostile spec cannot inject code: its text is data in the generated module', async (t) => {
  const module = await resolveSource(hostile, 'Hostile.tla');
  const { source } = emitModule(module, { runtimeImport: './tla-runtime.js' });
  t.notMatch(source, /console\.log/, 'comment text is not copied');
  t.same(codeIdentifiers(source).filter((id) => ['globalThis', 'pwned', 'console'].includes(id)), [], 'spec text appears only inside string literals');
  const globals = globalThis as { pwned?: unknown };
  delete globals.pwned;
  const javascript = emitModule(module, { language: 'js', runtimeImport: runtimeUrl }).source;
  t.same(codeIdentifiers(javascript).filter((id) => ['globalThis', 'pwned', 'console'].includes(id)), [], 'nor in the JavaScript form');
  const generated = await importGenerated(javascript);
  t.equal(globals.pwned, undefined, 'loading the module ran none of the spec\'s text');
  t.same(generated.variables, ['constructor', '__proto__', 'toString', 'pi']);
  const state = generated.toState([1, 2, 3, 4]);
  t.same(Object.keys(state), ['constructor', '__proto__', 'toString', 'pi'], '__proto__ is a plain field');
  t.equal(Object.getPrototypeOf(state), Object.prototype);

  const rt = new Interpreter(module, { constants: [], compiled: await compiledRuntime(module, { constants: [] }) });
  const value = (name: string) => rt.evalDef(module.defs.find((d) => d.name.name === name)!.index, new EvalContext(defaultStdContext()));
  t.equal(value('Quote'), '" ); globalThis.pwned = 1; ("');
  t.equal(value('Backtick'), '`${globalThis.pwned = 2}`');
  t.equal(value('Close'), '*/ globalThis.pwned = 3 /*');
  t.equal(formatValue(value('prototype')), '[hasOwnProperty |-> "\\" ); globalThis.pwned = 1; (\\"", valueOf |-> "`${globalThis.pwned = 2}`"]');
  t.equal(value('Proto'), 5, 'fields and operators named __proto__ and constructor are plain data');
  t.equal(globals.pwned, undefined, 'evaluating the strings ran none of them');
});

t.test('definitions the generator refuses are reported and left to the interpreter', async (t) => {
  const module = await resolveSource('---- MODULE R ----\nVARIABLE x\nA == ENABLED (x\' = 1)\nB == 1\n====\n', 'R.tla');
  const emitted = emitModule(module, { language: 'js', runtimeImport: runtimeUrl });
  t.match(emitted.refused, [{ code: 'E6001', span: { line: 3, col: 6 } }]);
  const generated = await importGenerated(emitted.source);
  t.match(generated.definitions, [{ name: 'A', compiled: false }, { name: 'B', compiled: true }]);
  const rt = new Interpreter(module, { constants: [], compiled: await compiledRuntime(module, { constants: [] }) });
  t.equal(rt.evalDef(0, new EvalContext(defaultStdContext(), [0], null)), true, 'ENABLED evaluated by the interpreter');
  t.equal(rt.evalDef(1, new EvalContext(defaultStdContext())), 1);
});
