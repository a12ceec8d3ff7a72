// `loadModel`: a spec and its .cfg become the checker's Model (check/model.ts). Constants, INIT/NEXT
// or SPECIFICATION, invariants, properties (reduced to Temporal with predicate tables), constraints,
// SYMMETRY, VIEW and CHECK_DEADLOCK are bound to the spec here; every cfg name is checked (E4002).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DiagnosticError, fail, tlcLoading, tlcLocation, type Span } from './diagnostics.js';
import { parseConfig, type ConfigName, type ConfigValue, type ConstantBinding, type ModelConfig } from './cfg/config.js';
import type { ActionInfo, LoadedModel, Model, NamedPredicate, State, Successor, Temporal, TemporalProperty } from './check/model.js';
import { resolveSpec, substitutePrimedParameters, type IRExpr, type Resolved, type ResolvedDef, type ResolvedModule } from './names/index.js';
import { Level, Levels, mapSubexpressions, variablesRead, type LetExpr } from './names/levels.js';
import { InvariantMemo } from './invariant-memo.js';
import { ActionCompiler, ActionShape, Coverage, coverageLines, EvalContext, Interpreter, evalError, forEachBinding, refuseUnboundedQuantifier, someInRandomOrder, withBindings as withLocals, type Generator, type InterpreterOptions, type Override, type PartialState } from './eval/index.js';
import { seededRandom, type StdContext } from './stdlib/index.js';
import {
  decodeStateBatch,
  decodeValue,
  encodeStateBatch,
  encodeValue,
  fcnFromPairs,
  fingerprint,
  fingerprintState,
  finiteElements,
  formatValue,
  isFcn,
  isSet,
  modelValue,
  setOf,
  SymmetricFingerprint,
  tlcCoded,
  toITF,
  tuple,
  valuesEqual,
  type EncodedBatch,
  type EncodedValue,
  specStringOrder,
  type Value,
  ValueError,
} from './values/index.js';

export interface LoadModelArgs {
  /** Path of the root module, Spec.tla. */
  spec: string;
  /** Path of the .cfg; defaults to the spec's path with .cfg for .tla. */
  config?: string;
  /** The .cfg's text, when it is built in memory: then nothing is read, and `config` only names it in diagnostics. */
  configText?: string;
  /** Directories searched for modules after the spec's own directory. */
  searchPath?: string[];
  /**
   * 'compiled' (the default) evaluates definitions with code tla2ts generates; 'interpreted' walks the
   * IR; 'coverage' walks it counting TLC's per-subexpression coverage (`check --coverage`).
   */
  mode?: 'compiled' | 'interpreted' | 'coverage';
  /** Seed of RandomElement's generator. */
  seed?: number;
  /** The threads of the `cloudos check` run the model is for, which TLCGet("config") reports; absent, it is refused. */
  workers?: number;
  /**
   * The spec already parsed and resolved (plain, structured-cloneable data): `loadModelSource`
   * passes it to worker threads so that they skip parsing (≈0.2 CPU s cold for TwoPhase).
   */
  resolved?: ResolvedModule;
}

export async function loadModel(args: LoadModelArgs): Promise<Model> {
  const module = args.resolved ?? (await resolveSpec(args.spec, { searchPath: args.searchPath ?? [] }));
  const configPath = args.config ?? args.spec.replace(/\.tla$/, '') + '.cfg';
  const text = args.configText ?? await readFile(configPath, 'utf8').catch(() => fail('E4001', `cannot read the configuration ${configPath}`, undefined, 'pass --config, or put Spec.cfg beside Spec.tla'));
  const config = parseConfig(text, configPath);
  return args.mode === 'compiled' || args.mode === undefined ? buildCompiledModel(module, config, args.seed, args.workers) : buildModel(module, config, args.seed, args.mode === 'coverage', args.workers);
}

/** The model with the source a worker thread needs to rebuild it (this module and the same args). */
export async function loadModelSource(args: LoadModelArgs): Promise<LoadedModel> {
  const resolved = args.resolved ?? (await resolveSpec(args.spec, { searchPath: args.searchPath ?? [] }));
  const withModule: LoadModelArgs = { ...args, resolved };
  return { model: await loadModel(withModule), source: { module: specLoaderModules[0]!, args: withModule } };
}

/** The modules `loadModelSource`'s model is rebuilt with: a worker started before the spec is parsed imports them meanwhile. */
export const specLoaderModules = [fileURLToPath(import.meta.url), fileURLToPath(new URL('./tla2ts/load-compiled.js', import.meta.url))];

/** Binds a resolved spec to its configuration, interpreting the IR. Exported for in-memory tests. */
export function buildModel(spec: ResolvedModule, config: ModelConfig, seed = 0, coverage = false, workers?: number): Model {
  const { module, applied } = configuredModule(spec, config);
  const options = bindConstants(module, config, applied);
  const binder = new ModelBinder(module, config, seed, new Interpreter(module, coverage ? { ...options, coverage: new Coverage() } : options), workers);
  return binder.build(binder.plan());
}

/** As buildModel, with every definition evaluated by code tla2ts generated for this spec. */
export async function buildCompiledModel(spec: ResolvedModule, config: ModelConfig, seed = 0, workers?: number): Promise<Model> {
  const { module, applied } = configuredModule(spec, config);
  const options = bindConstants(module, config, applied);
  // Imported here so that the interpreted path does not load the TypeScript compiler tla2ts uses.
  const { compiledRuntime, compiledGenerators } = await import('./tla2ts/load-compiled.js');
  const compiled = await compiledRuntime(module, options);
  const interp = new Interpreter(module, { ...options, compiled });
  const binder = new ModelBinder(module, config, seed, interp, workers);
  const plan = binder.plan();
  const named = generatorsOf(plan, interp, true);
  const { generators, refused } = await compiledGenerators(compiled, named);
  const interpreted = refused.flatMap((d, i) => (d ? [`${named[i]!.name} (${d.code} ${d.message}${d.span ? ` at ${d.span.file}:${d.span.line}:${d.span.col}` : ''})`] : []));
  if (interpreted.length > 0) process.stderr.write(`tla2ts: interpreting ${interpreted.join('; ')}\n`);
  const bodyCount = actionBodies(plan).exprs.length;
  return binder.build(plan, { init: generators[0], actions: generators.slice(1, 1 + bodyCount), enabled: generators.slice(1 + bodyCount) });
}

/** What an executable module needs from the .cfg: Init and the actions as `cloudos check` splits and names them, the invariants. */
export interface ExecutablePlan {
  actions: ActionInfo[];
  /** Init (mode 'init'), then one per formula of `bodies` (mode 'next'). */
  generators: { expr: IRExpr; shape: ActionShape }[];
  /** Per action: the formula (index of its generator after Init's) and the bindings it runs with. */
  bodies: { body: number; bindings: Bindings }[];
  invariants: { name: string; index: number; span: Span }[];
}

/** The plan of `loadModel`, for tla2ts to emit (with a plain interpreter) and to bind (with the compiled one). */
export function planExecutable(module: ResolvedModule, config: ModelConfig, interp: Interpreter): ExecutablePlan {
  const plan = new ModelBinder(module, config, 0, interp, undefined).plan();
  const { body } = actionBodies(plan);
  return {
    actions: plan.actions.map((a) => a.info),
    generators: generatorsOf(plan, interp, false),
    bodies: plan.actions.map((a, i) => ({ body: body[i]!, bindings: a.bindings })),
    invariants: config.invariants.map((c) => ({ name: c.name, span: c.span, index: defIndexIn(module, c, 'INVARIANT') })),
  };
}

/** The distinct formulas of the actions (TLC's one action per element shares one), and each action's among them. */
function actionBodies(plan: ModelPlan): { exprs: IRExpr[]; body: number[] } {
  const index = new Map<IRExpr, number>();
  const body = plan.actions.map((a) => {
    if (!index.has(a.expr)) index.set(a.expr, index.size);
    return index.get(a.expr)!;
  });
  return { exprs: [...index.keys()], body };
}

/** Init, then each distinct action formula (then, with `withEnabled`, the actions ENABLED is asked of), as tla2ts compiles them. */
function generatorsOf(plan: ModelPlan, interp: Interpreter, withEnabled: boolean): { name: string; expr: IRExpr; shape: ActionShape }[] {
  const next = new ActionShape(interp, 'next');
  return [
    { name: 'the initial predicate', expr: plan.init, shape: new ActionShape(interp, 'init') },
    ...actionBodies(plan).exprs.map((expr) => ({ name: plan.actions.find((a) => a.expr === expr)!.info.name, expr, shape: next })),
    ...(withEnabled ? plan.enabledActions.map(({ expr, instances }) => ({ name: 'ENABLED of a fairness or property action', expr, shape: instances.size > 0 ? new ActionShape(interp, 'next', instances) : next })) : []),
  ];
}

/** Whether every variable of `reads` (null: not known) holds the same object in `state` as in `parent`. */
function readsOnlyUnchanged(reads: readonly number[] | null, state: State, parent: State): boolean {
  if (reads === null) return false;
  for (const v of reads) if ((state as Value[])[v] !== (parent as Value[])[v]) return false;
  return true;
}

/** An action's generator: its formula's, run with the values TLC's split bound around it. */
export function boundGenerator(generator: Generator, bindings: Bindings): Generator {
  if (bindings.length === 0) return generator;
  const ids = bindings.map(([id]) => id);
  const values = bindings.map(([, value]) => value);
  return (ctx, k) => withLocals(ctx, ids, values, generator, ctx, k);
}

function configValue(v: ConfigValue): Value {
  switch (v.kind) {
    case 'int':
      if (v.value > 2147483647n || v.value < -2147483648n) fail('E3002', `${v.value} is outside TLC's 32-bit integers`, v.span);
      return Number(v.value);
    case 'string':
    case 'bool':
      return v.value;
    case 'modelValue':
      return modelValue(v.name);
    case 'set':
      return setOf(v.elements.map(configValue));
    case 'tuple':
      return tuple(v.elements.map(configValue));
  }
}

/** How TLC names each .cfg section's entry when the spec does not define it (measured: TLC 2026.12). */
const tlcEntryKinds: Record<string, string> = { INVARIANT: 'invariant', PROPERTY: 'property', INIT: 'initial predicate', NEXT: 'next state action', SPECIFICATION: 'name', CONSTRAINT: 'constraint' };

/** The index of the definition a cfg entry names (E4002 when the spec lacks it, or it takes parameters). */
function defIndexIn(module: ResolvedModule, name: ConfigName, what: string, allowParams = false): number {
  const ref = module.scope.get(name.name);
  if (ref?.kind !== 'def') {
    const kind = ref ? undefined : tlcEntryKinds[what];
    const tlc = kind ? tlcLoading(`The ${kind} ${name.name} specified in the configuration file\nis not defined in the specification.`) : undefined;
    return fail('E4002', `${what} ${name.name} is not defined in the spec`, name.span, ref ? `${name.name} is a ${ref.kind}, not a definition` : 'define it in the spec or fix the name in the .cfg', tlc);
  }
  const def = module.defs[ref.index]!;
  if (!allowParams && def.kind === 'operator' && def.params.length > 0) fail('E4002', `${what} ${name.name} takes parameters; the configuration can only name a definition without`, name.span);
  return ref.index;
}

/** The definitions named `name` written in module `moduleName`, however the root reaches them ('I!name'); E4002 if none. */
function defsOfModule(module: ResolvedModule, moduleName: string, name: string, span: Span): number[] {
  const found = module.defs.filter((d) => d.module === moduleName && (d.name.name === name || d.name.name.endsWith(`!${name}`))).map((d) => d.index);
  if (found.length === 0) {
    const known = module.defs.some((d) => d.module === moduleName);
    fail('E4002', `the configuration assigns [${moduleName}]${name}, but ${known ? `module ${moduleName} has no definition ${name}` : `the spec uses no module ${moduleName}`}`, span, 'name a definition of a module the spec extends or instantiates');
  }
  return found;
}

/**
 * The spec as its .cfg configures it: `Nat <- NatOverride` or `Seq <- BoundedSeq` replaces a standard
 * module's operator by a definition of the spec, as TLC overrides built-ins, everywhere but in the
 * replacing definition's own body (which may use the original: `NatOverride == {n \in Nat : n < 5}`).
 * The builtin's name then names the definition. Returns the bindings applied here in full, which
 * `bindConstants` must then skip (an operator CONSTANT's substitution it still records).
 */
export function configuredModule(module: ResolvedModule, config: ModelConfig): ConfiguredModule {
  // Built-in operators (`Nat <- NatOverride`) and operator CONSTANTs (`Send(_, _) <- MCSend`) the .cfg
  // replaces by a definition become references to it, so that a call is expanded like any other.
  // A definition replaced by another (`Init <- MCInit`) too, so that the replacing one is expanded as an action.
  const key = (ref: Resolved & { kind: 'builtin' | 'constant' | 'def' }) => (ref.kind === 'builtin' ? `${ref.module}!${ref.name}` : `${ref.kind} ${ref.index}`);
  const replaced = new Map<string, Resolved & { kind: 'def' }>();
  const applied = new Set<ConstantBinding>();
  for (const binding of config.constants) {
    const ref = module.scope.get(binding.name);
    if (binding.kind !== 'substitution' || (ref?.kind === 'def' && binding.module !== undefined)) continue; // `N <- [Mod] D`: bindConstants
    if (ref?.kind !== 'builtin' && ref?.kind !== 'def' && (ref?.kind !== 'constant' || module.constants[ref.index]!.arity === 0)) continue;
    const index = defIndexIn(module, { name: binding.definition, span: binding.definitionSpan }, 'the definition substituted', true);
    if (ref.kind !== 'constant') applied.add(binding);
    if (ref.kind === 'def' && ref.index === index) continue;
    const def = module.defs[index]!;
    const arity = def.kind === 'operator' ? def.params.length : 0;
    const replacedDef = ref.kind === 'def' ? module.defs[ref.index]! : undefined;
    const expected = ref.kind === 'builtin' ? ref.arity : ref.kind === 'constant' ? module.constants[ref.index]!.arity : replacedDef!.kind === 'operator' ? replacedDef!.params.length : 0;
    if (arity !== expected) fail('E4002', `${binding.name} takes ${expected} argument(s), but ${binding.definition} takes ${arity}`, binding.definitionSpan, `substitute a definition with ${expected} parameter(s)`);
    replaced.set(key(ref), { kind: 'def', index, name: def.name.name });
  }
  if (replaced.size === 0) return { module, applied };
  const rewrite = (e: IRExpr, except: number): IRExpr => {
    const mapped = mapSubexpressions(e, (c) => rewrite(c, except));
    const target = mapped.kind === 'apply' && (mapped.ref.kind === 'builtin' || mapped.ref.kind === 'constant' || mapped.ref.kind === 'def') ? replaced.get(key(mapped.ref)) : undefined;
    return target && target.index !== except && mapped.kind === 'apply' ? { ...mapped, ref: target } : mapped;
  };
  const scope = new Map(module.scope);
  // (An operator CONSTANT keeps its scope entry: bindConstants still records its substitution.)
  for (const [name, ref] of module.scope) if ((ref.kind === 'builtin' || ref.kind === 'def') && replaced.has(key(ref))) scope.set(name, replaced.get(key(ref))!);
  const defs = module.defs.map((d): ResolvedDef => d.kind === 'operator'
    ? { ...d, body: rewrite(d.body, d.index) }
    : { ...d, bounds: d.bounds.map((b) => ({ ...b, set: rewrite(b.set, d.index) })), body: rewrite(d.body, d.index) });
  const configured = {
    ...module,
    scope,
    // Calls of the substituted definitions may now need expanding by name (names/substitute-primed.ts).
    defs: substitutePrimedParameters(defs),
    assumptions: module.assumptions.map((a) => ({ ...a, expr: rewrite(a.expr, -1) })),
  };
  return { module: configured, applied };
}

/** `configuredModule`'s result: the spec with the .cfg's substitutions of builtins and definitions applied, and those bindings. */
export interface ConfiguredModule {
  module: ResolvedModule;
  applied: ReadonlySet<ConstantBinding>;
}

/**
 * The CONSTANT values and definition overrides of the .cfg, checked against the spec; `applied`
 * are the bindings `configuredModule` applied to `module` already.
 */
export function bindConstants(module: ResolvedModule, config: ModelConfig, applied: ReadonlySet<ConstantBinding> = new Set()): InterpreterOptions {
  const constants: (Override | undefined)[] = module.constants.map(() => undefined);
  const defOverrides = new Map<number, Override>();
  for (const binding of config.constants) {
    if (applied.has(binding)) continue;
    const ref = module.scope.get(binding.name);
    const override: Override =
      binding.kind === 'value'
        ? { kind: 'value', value: configValue(binding.value) }
        : { kind: 'def', index: defIndexIn(module, { name: binding.definition, span: binding.definitionSpan }, 'the definition substituted', true) };
    if (binding.module !== undefined) {
      // `N = [Mod] v`, `N <- [Mod] D`: every definition N written in module Mod (each instance of Mod) is v, or D of the root,
      // whatever the root's own N became (MCPaxos has both `Ballot <- MCBallot` and `Ballot <- [Voting] MCBallot`).
      for (const index of defsOfModule(module, binding.module, binding.name, binding.nameSpan)) defOverrides.set(index, override);
      continue;
    }
    // `r1 = r1` for a name the spec never declares only names a model value, which TLC accepts.
    if (!ref && binding.kind === 'value' && binding.value.kind === 'modelValue' && binding.value.name === binding.name) continue;
    if (ref?.kind === 'constant') constants[ref.index] = override;
    else if (ref?.kind === 'def') defOverrides.set(ref.index, override);
    else fail('E4002', `the configuration assigns ${binding.name}, but the spec has no CONSTANT or definition of that name`, binding.nameSpan, ref ? `${binding.name} is a ${ref.kind}` : 'check the spelling against the CONSTANTS of the spec');
  }
  module.constants.forEach((c, i) => {
    if (!constants[i]) fail('E4001', `the CONSTANT ${c.name} is not assigned a value by the configuration ${config.file}`, c.span, `add \`CONSTANT ${c.name} = ...\` to ${config.file}`, tlcLoading(`The constant parameter ${c.name} is not assigned a value by the configuration file.`));
  });
  return { constants, defOverrides, strings: specStringOrder(module, config) };
}

/**
 * Values of the bound variables around a predicate of a temporal formula: reducing
 * `\A p \in S : WF_vars(A(p))` at p = p1 gives the predicate <<A(p)>>_vars with p bound to p1.
 */
export type Bindings = readonly (readonly [id: number, value: Value])[];

interface StatePredicate extends NamedPredicate {
  expr: IRExpr;
  bindings: Bindings;
}

interface ActionPredicate extends NamedPredicate {
  /** The step predicate, evaluated with (s, t). */
  expr: IRExpr;
  /** For ENABLED: the action A and subscript v of <<A>>_v (v null: plain A). */
  action: IRExpr;
  sub: IRExpr | null;
  /** The INSTANCEs a WF/SF was written in, whose substituted VARIABLEs ENABLED gives slots (names/ir.ts). */
  instances: ReadonlySet<number>;
  bindings: Bindings;
}

/**
 * One action of Next: a formula with the values TLC's split bound around it (`\E i \in S`'s i, an
 * operator's parameters); the actions of one formula share its `expr` and so its generator.
 */
interface PlannedAction {
  info: ActionInfo;
  expr: IRExpr;
  bindings: Bindings;
}

/** What the .cfg selects from the spec, before any generator is compiled. */
interface ModelPlan {
  init: IRExpr;
  /** Init as TLC's predicates (SpecProcessor: a definition named stands for its body): where its evaluation stack starts. */
  initPredicates: readonly IRExpr[];
  /** The actions of Next as TLC splits and names them. */
  actions: PlannedAction[];
  properties: TemporalProperty[];
  fairness: Temporal[];
  /** The action A of each action predicate (<<A>>_v, WF/SF), whose generator ENABLED runs, and its `instances`. */
  enabledActions: { expr: IRExpr; instances: ReadonlySet<number> }[];
}

/** Generators compiled by tla2ts; where one is missing the interpreter's runs. */
interface CompiledGenerators {
  init?: Generator;
  /** One per distinct action formula (`actionBodies`). */
  actions: (Generator | undefined)[];
  enabled: (Generator | undefined)[];
}

/**
 * The Print/PrintT lines of one `successors` call, held when its caller asks: TLC checks each
 * successor as it is generated and stops at the first bad one, so what the actions print after it
 * never appears; we generate a state's successors first, then check them (`Model.releasePrinted`).
 */
class HeldPrints {
  private holding = false;
  private readonly lines: string[] = [];
  private written = 0;
  /** While set (`capture`), lines go here instead of to `write`. */
  private captured: { push(line: string): unknown } | undefined;
  /** (successor index, lines printed when it was generated), only once something was printed. */
  private readonly successorMarks: number[] = [];
  /** (action index, lines printed when it ended), likewise. */
  private readonly actionMarks: number[] = [];

  constructor(private readonly write: (line: string) => void) {}

  print(line: string): void {
    if (this.holding) this.lines.push(line);
    else this.emit(line);
  }

  capture(into: { push(line: string): unknown } | undefined): void {
    this.captured = into;
  }

  private emit(line: string): void {
    if (this.captured) this.captured.push(line);
    else this.write(line);
  }

  start(hold: boolean): void {
    this.holding = hold;
    this.lines.length = 0;
    this.written = 0;
    this.successorMarks.length = 0;
    this.actionMarks.length = 0;
  }

  stopHolding(): void {
    this.holding = false;
  }

  markSuccessor(index: number): void {
    if (this.lines.length !== 0) this.successorMarks.push(index, this.lines.length);
  }

  markAction(action: number): void {
    if (this.lines.length !== 0) this.actionMarks.push(action, this.lines.length);
  }

  /** Writes the lines printed through successor or action `through` (its last mark at or before it). */
  release(through: number, unit: 'successor' | 'action'): void {
    if (this.written === this.lines.length) return;
    const marks = unit === 'successor' ? this.successorMarks : this.actionMarks;
    let upTo = 0;
    if (through === Infinity) upTo = this.lines.length;
    else for (let i = 0; i < marks.length && marks[i]! <= through; i += 2) upTo = marks[i + 1]!;
    for (; this.written < upTo; this.written++) this.emit(this.lines[this.written]!);
  }
}

class ModelBinder {
  private readonly std: StdContext;
  private readonly levels: Levels;
  private readonly prints = new HeldPrints((line) => void process.stderr.write(line + '\n'));

  constructor(
    private readonly module: ResolvedModule,
    private readonly config: ModelConfig,
    seed: number,
    private readonly interp: Interpreter,
    workers: number | undefined,
  ) {
    const run = workers === undefined ? {} : { run: { deadlock: config.checkDeadlock?.value ?? true, workers } };
    this.std = { print: (s) => this.prints.print(s), random: seededRandom(seed), registers: new Map(), strings: interp.strings, ...run };
    this.levels = new Levels(module);
  }

  private defIndex(name: ConfigName, what: string): number {
    return defIndexIn(this.module, name, what);
  }

  private defRef(index: number, span: Span): IRExpr {
    const def = this.interp.def(index);
    return { kind: 'apply', ref: { kind: 'def', index, name: def.name.name }, args: [], fixity: 'name', span };
  }

  private context(state: PartialState, next: PartialState | null = null): EvalContext {
    return new EvalContext(this.std, state, next);
  }

  // ---- SPECIFICATION ---------------------------------------------------------------------

  /** What TLC evaluates for a predicate: the body of a zero-parameter definition named (not overridden), else the predicate. */
  private definedBody(e: IRExpr): IRExpr {
    return e.kind === 'apply' && e.ref.kind === 'def' && !this.interp.hasOverride(e.ref.index) ? (this.expand(e) ?? e) : e;
  }

  /** The definition body a zero-parameter def reference stands for, or undefined. */
  private expand(e: IRExpr): IRExpr | undefined {
    if (e.kind !== 'apply' || e.ref.kind !== 'def' || e.args.length > 0) return undefined;
    const def = this.interp.def(e.ref.index);
    return def.kind === 'operator' && def.params.length === 0 ? def.body : undefined;
  }

  /** Init /\ [][Next]_vars /\ fairness split into its parts; every other temporal conjunct is fairness. */
  private decomposeSpec(name: ConfigName): { init: IRExpr; initPredicates: IRExpr[]; next: IRExpr; nextName: string; fairness: IRExpr[] } {
    const inits: IRExpr[] = [];
    const nexts: { expr: IRExpr; name: string }[] = [];
    const fairness: IRExpr[] = [];
    // `lets`: the LETs passed through (TLC's processConfigSpec goes through to the body), kept around each part.
    const visit = (e: IRExpr, lets: readonly LetExpr[] = []): void => {
      if (e.kind === 'and') return e.args.forEach((a) => visit(a, lets));
      if (e.kind === 'let') return visit(e.body, [...lets, e]);
      if (this.levels.of(e, lets) !== Level.Temporal) return void inits.push(this.inLets(e, lets));
      if (e.kind === 'always' && e.arg.kind === 'boxAction') {
        const action = e.arg.action;
        const actionName = action.kind === 'apply' && action.ref.kind === 'def' ? action.ref.name : 'Next';
        return void nexts.push({ expr: this.inLets(action, lets), name: actionName });
      }
      const body = this.expand(e);
      if (body) return visit(body);
      if (e.kind === 'unboundedQuant') refuseUnboundedQuantifier(e); // `\EE h : Inner(h)!Spec`, as TLC refuses it
      fairness.push(this.inLets(e, lets)); // WF/SF, possibly quantified, conjoined or defined by an operator: reduced by `temporal`
    };
    visit(this.defRef(this.defIndex(name, 'SPECIFICATION'), name.span));
    if (nexts.length !== 1) fail('E5001', `SPECIFICATION ${name.name} must have exactly one [][Next]_vars conjunct, it has ${nexts.length}`, name.span);
    if (inits.length === 0) fail('E5001', `SPECIFICATION ${name.name} has no initial predicate`, name.span);
    const init: IRExpr = inits.length === 1 ? inits[0]! : { kind: 'and', args: inits, bulleted: false, span: name.span };
    return { init, initPredicates: inits.map((e) => this.definedBody(e)), next: nexts[0]!.expr, nextName: nexts[0]!.name, fairness };
  }

  // ---- actions ---------------------------------------------------------------------------

  /**
   * Next split into actions as TLC's Tool.getActions splits it: by disjunction, through LET, by `\E x \in S`
   * whose set evaluates without a state (one action per element, in enumeration order), and through
   * calls of operators whose arguments are constant (bound to its parameters); each action is named by
   * the innermost operator with those parameters' values, at the span of what is left. TLC generates
   * and counts successors action by action, so with its actions our generated counts are its own.
   * `lets`: the LETs passed through, outermost first, which each action keeps around its formula.
   */
  private splitActions(e: IRExpr, name: string, bindings: Bindings = [], params: readonly Value[] = [], expanding: ReadonlySet<number> = new Set(), lets: readonly LetExpr[] = []): PlannedAction[] {
    const single = (info: ActionInfo = { name, span: e.span, ...(params.length > 0 ? { params: params.map((p) => formatValue(p, this.std.strings)) } : {}) }): PlannedAction[] => [{ info, expr: this.inLets(e, lets), bindings }];
    if (e.calls) {
      // A call expanded in the IR (names/substitute-primed.ts): TLC splits through it when its arguments are constant.
      const call = e.calls[0]!;
      const args = call.args?.every((a) => this.levels.of(a) === Level.Constant) ? call.args : undefined;
      const values = args && this.withoutState(bindings, lets, (ctx) => args.map((a) => this.interp.compile(a)(ctx)));
      if (!values) return single({ name: call.name, span: call.span });
      return this.splitActions(this.withoutFirstCall(e), call.name, bindings, values, expanding, lets);
    }
    if (e.kind === 'or') return e.args.flatMap((a) => this.splitActions(a, name, bindings, params, expanding, lets));
    if (e.kind === 'let') return this.splitActions(e.body, name, bindings, params, expanding, [...lets, e]);
    if (e.kind === 'apply' && e.ref.kind === 'def' && !this.interp.hasOverride(e.ref.index) && !expanding.has(e.ref.index)) {
      const def = this.interp.def(e.ref.index);
      // What TLC does not expand is an action named by the operator applied, without parameters.
      const applied = () => single({ name: def.name.name, span: e.span });
      if (def.kind !== 'operator' || def.params.some((p) => p.arity > 0) || e.args.some((a) => this.levels.of(a) !== Level.Constant)) return applied();
      const values = this.withoutState(bindings, lets, (ctx) => e.args.map((a) => this.interp.compile(a)(ctx)));
      if (!values) return applied();
      const bound: Bindings = [...bindings, ...def.params.map((p, i) => [p.binder.id, values[i]!] as const)];
      return this.splitActions(def.body, def.name.name, bound, values, new Set([...expanding, def.index]), lets);
    }
    if (e.kind === 'quant' && e.quantifier === 'exists' && e.bounds.every((b) => this.levels.of(b.set) === Level.Constant)) {
      const ids = e.bounds.flatMap((b) => b.names.map((n) => n.id));
      const bounds = this.interp.compileBounds(e.bounds, true);
      const elements = this.withoutState(bindings, lets, (ctx) => {
        const all: Value[][] = [];
        forEachBinding(bounds, ctx, () => {
          all.push(ids.map((id) => ctx.locals[id] as Value));
          return false;
        });
        return all;
      });
      // A set that fails to enumerate (Nat), or an empty one, leaves the whole \E one action, as in TLC.
      if (!elements || elements.length === 0) return single();
      return elements.flatMap((values) => this.splitActions(e.body, name, [...bindings, ...ids.map((id, i) => [id, values[i]!] as const)], params, expanding, lets));
    }
    return single();
  }

  /** `info` with the module-level operator it is named after, when there is one, for TLC's coverage report. */
  private withDefinition(info: ActionInfo): ActionInfo {
    const def = this.module.defs.find((d) => d.name.name === info.name);
    if (def?.kind !== 'operator') return info;
    // TLC places it at the definition's head, `Op(p, q)` through its `)` (taken to follow the last parameter).
    const last = def.params[def.params.length - 1];
    const head = last ? { ...def.name.span, endLine: last.span.endLine, endCol: last.span.endCol + 1 } : def.name.span;
    return { ...info, definition: { name: head, body: def.body.span } };
  }

  /** The SPECIFICATION's name and its whole definition, head to the end of its body, where TLC's warnings place it. */
  private specificationDefinition(name: ConfigName): NonNullable<Model['specification']> {
    const def = this.interp.def(this.defIndex(name, 'SPECIFICATION'));
    if (def.kind !== 'operator') return { name: name.name };
    return { name: name.name, span: { ...def.name.span, endLine: def.body.span.endLine, endCol: def.body.span.endCol } };
  }

  /** Where TLC's coverage report places the initial predicates and the invariants: the names of their definitions. */
  private declarations(init: IRExpr, invariants: readonly { index: number }[]): NonNullable<Model['declarations']> {
    const defined = (e: IRExpr) => (e.kind === 'apply' && e.ref.kind === 'def' ? [{ name: e.ref.name, span: this.interp.def(e.ref.index).name.span }] : []);
    return {
      variables: this.module.variables.map((v) => v.span),
      init: (init.kind === 'and' ? init.args : [init]).flatMap(defined),
      invariants: invariants.map((i) => this.interp.def(i.index).name.span),
    };
  }

  private readonly bodiesOfCalls = new Map<IRExpr, IRExpr>();

  /** An expanded call's body, where TLC's split passed through the call: one formula for every element of an enclosing \E. */
  private withoutFirstCall(e: IRExpr): IRExpr {
    let body = this.bodiesOfCalls.get(e);
    if (!body) {
      const rest = e.calls!.slice(1);
      const { calls: _, ...plain } = e;
      this.bodiesOfCalls.set(e, (body = rest.length > 0 ? { ...plain, calls: rest } : (plain as IRExpr)));
    }
    return body;
  }

  /** Each formula inside `lets` once, so that the actions of one formula share it (`actionBodies`). */
  private readonly letWrapped = new Map<IRExpr, Map<IRExpr, IRExpr>>();

  /** `e` inside the LETs TLC's split passed through (outermost first), as one formula per `e`. */
  private inLets(e: IRExpr, lets: readonly LetExpr[]): IRExpr {
    return lets.reduceRight((body: IRExpr, let_) => {
      if (let_.body === body) return let_;
      let wrapped = this.letWrapped.get(let_);
      if (!wrapped) this.letWrapped.set(let_, (wrapped = new Map()));
      let expr = wrapped.get(body);
      if (!expr) wrapped.set(body, (expr = { ...let_, body }));
      return expr;
    }, e);
  }

  /** `f` evaluated with `bindings`, the definitions of `lets` and no state, or undefined where that fails (TLC then splits no further). */
  private withoutState<T>(bindings: Bindings, lets: readonly LetExpr[], f: (ctx: EvalContext) => T): T | undefined {
    try {
      const ctx = withBindings(this.context([]), bindings);
      const inLets = (i: number): T => (i === lets.length ? f(ctx) : this.interp.compileLetDefs(lets[i]!.defs)(ctx, () => inLets(i + 1)));
      return inLets(0);
    } catch (error) {
      if (error instanceof DiagnosticError) return undefined;
      throw error;
    }
  }

  /**
   * As TLC, an INVARIANT, PROPERTY, CONSTRAINT or ACTION_CONSTRAINT whose definition reads no variable
   * is evaluated once, before any state: TRUE drops it, any other value stops the run (TLC: "The
   * invariant of Inv is equal to FALSE"; we reported the first state as violating it). If it fails to
   * evaluate, it is left to each state, where TLC meets the error too.
   */
  private constantlyTrue(entry: { name: string; span: Span; index: number }, section: string): boolean {
    if (this.interp.hasOverride(entry.index) || this.levels.ofDef(entry.index) !== Level.Constant) return false;
    let value: Value;
    try {
      value = this.interp.evalDef(entry.index, this.context([]));
    } catch (error) {
      if (error instanceof DiagnosticError) return false;
      throw error;
    }
    if (value === true) {
      if (section === 'INVARIANT') this.warnings.push(`The invariant ${entry.name} is a constant-level formula (i.e., it contains no variables, primes, or temporal operators) and evaluates to TRUE. To assert constant-level formulas in your spec, use ASSUME ConstInv. If you optionally want to give the assumption a name, write ASSUME YourAssumption == ConstInv instead. See https://explain.tlapl.us/assumptions-and-invariants for additional details.`);
      return true;
    }
    const what = section.toLowerCase().replace('_', ' ');
    const words = `The ${what} of ${entry.name} is equal to ${formatValue(value)}`;
    return fail('E4003', `the ${what} ${entry.name} reads no variable and is equal to ${formatValue(value)} (TLC stops too: "${words}")`, entry.span, `a formula without variables is checked once, before any state: state it as ASSUME ${entry.name}, or make it depend on the variables`, tlcLoading(words));
  }

  /** TLC's warnings about the model, in its words (the CLI prints them before the search, as TLC does). */
  private readonly warnings: string[] = [];

  // ---- properties ------------------------------------------------------------------------

  private readonly statePredicates: StatePredicate[] = [];
  private readonly actionPredicates: ActionPredicate[] = [];
  /** The state predicates that read no variable (their bound names constant too), by index. */
  private readonly constantPredicates = new Set<number>();

  private statePredicate(name: string, expr: IRExpr, bindings: Bindings, constant = false): Temporal {
    this.statePredicates.push({ name, span: expr.span, expr, bindings });
    if (constant) this.constantPredicates.add(this.statePredicates.length - 1);
    return { kind: 'state', predicate: this.statePredicates.length - 1 };
  }

  /**
   * As TLC, which evaluates a constant-level predicate of a temporal formula once as it processes the
   * properties (Liveness.astToLive), before any state: one that fails to evaluate stops the run there,
   * in TLC's words for that moment. Not those of the conjuncts TLC checks on the states instead, a
   * state predicate (an implied initial predicate) and `[]P` (an implied invariant).
   */
  private evaluateConstantPredicates(properties: readonly TemporalProperty[]): void {
    const conjuncts = (f: Temporal): Temporal[] => (f.kind === 'and' ? f.args.flatMap(conjuncts) : [f]);
    const stepFormula = (f: Temporal): boolean => f.kind === 'state' || f.kind === 'action' || ((f.kind === 'not' || f.kind === 'and' || f.kind === 'or') && (f.kind === 'not' ? stepFormula(f.arg) : f.args.every(stepFormula)));
    const predicates = (f: Temporal): number[] => {
      switch (f.kind) {
        case 'state':
          return [f.predicate];
        case 'action':
        case 'weakFair':
        case 'strongFair':
          return [];
        case 'not':
        case 'always':
        case 'eventually':
          return predicates(f.arg);
        case 'and':
        case 'or':
          return f.args.flatMap(predicates);
        case 'leadsTo':
          return [...predicates(f.lhs), ...predicates(f.rhs)];
      }
    };
    const checkedOnStates = (f: Temporal): boolean => stepFormula(f) || (f.kind === 'always' && stepFormula(f.arg));
    for (const property of properties) {
      for (const index of conjuncts(property.formula).filter((f) => !checkedOnStates(f)).flatMap(predicates)) {
        if (!this.constantPredicates.has(index)) continue;
        const p = this.statePredicates[index]!;
        try {
          this.interp.compile(p.expr)(withBindings(this.context([]), p.bindings));
        } catch (error) {
          if (!(error instanceof DiagnosticError)) throw error;
          // An error TLC words otherwise keeps our words under `Error:`, as in a state (trace/tlc-text.ts).
          throw new DiagnosticError(error.diagnostics.map((d) => ({ ...d, tlc: d.tlc ? { ...d.tlc, startup: true } : tlcLoading(d.message) })));
        }
      }
    }
  }

  private actionPredicate(name: string, expr: IRExpr, action: IRExpr, sub: IRExpr | null, bindings: Bindings, instances: readonly number[] = []): number {
    this.actionPredicates.push({ name, span: expr.span, expr, action, sub, bindings, instances: new Set(instances) });
    return this.actionPredicates.length - 1;
  }

  /** A constant-level expression of a temporal formula (a quantifier's set, an operator's argument), evaluated inside `lets`. */
  private constantValue(e: IRExpr, bindings: Bindings, name: string, what: string, lets: readonly LetExpr[]): Value {
    if (this.levels.of(e, lets) !== Level.Constant) {
      fail('E5001', `property ${name}: ${what} must not depend on variables when it is part of a temporal formula`, e.span, 'quantify temporal formulas over constant sets, and pass operators of temporal formulas constant arguments');
    }
    return this.interp.compile(this.inLets(e, lets))(withBindings(this.context([]), bindings));
  }

  /** `\A x \in S : F` / `\E x \in S : F` with F temporal: F for each element of the constant set S. */
  private quantified(e: Extract<IRExpr, { kind: 'quant' }>, name: string, bindings: Bindings, lets: readonly LetExpr[]): Temporal {
    let assignments: Bindings[] = [bindings];
    for (const bound of e.bounds) {
      // x, y \in S ranges x and y over S independently; <<a, b>> \in S destructures each element.
      const groups = bound.kind === 'tuple' ? [bound.names] : bound.names.map((n) => [n]);
      for (const group of groups) {
        assignments = assignments.flatMap((outer) => {
          const set = this.constantValue(bound.set, outer, name, 'the set of a quantifier', lets);
          if (!isSet(set)) return fail('E5001', `property ${name}: a quantifier's bound must be a set, but it is ${formatValue(set)}`, bound.set.span);
          return finiteElements(set).map((element): Bindings => {
            if (bound.kind === 'names') return [...outer, [group[0]!.id, element]];
            if (!isFcn(element) || element.domain !== null || element.values.length !== group.length) {
              return fail('E5001', `property ${name}: ${formatValue(element)} is not a tuple of ${group.length} elements`, bound.span);
            }
            return [...outer, ...group.map((b, i) => [b.id, element.values[i]!] as const)];
          });
        });
      }
    }
    const parts = assignments.map((a) => this.temporal(e.body, name, a, undefined, lets));
    return e.quantifier === 'forall' ? conjunction(parts) : { kind: 'or', args: parts };
  }

  /**
   * A temporal formula reduced to the checker's Temporal structure; unsupported forms are E5001.
   * Quantifiers over constant sets and operators applied to constant arguments are unfolded, their
   * bound variables carried to the predicates in `bindings`. A LET abbreviates (TLC's Liveness.astToLive
   * goes through to its body): each predicate taken out of its body keeps the LETs around it (`lets`,
   * outermost first), so its definitions are evaluated wherever it is.
   */
  private temporal(e: IRExpr, name: string, bindings: Bindings = [], invariantName?: string, lets: readonly LetExpr[] = []): Temporal {
    const level = this.levels.of(e, lets);
    if (level !== Level.Temporal && e.kind !== 'boxAction' && e.kind !== 'angleAction') {
      if (level === Level.Action) fail('E5001', `property ${name}: an action outside [][A]_v or <<A>>_v is not supported`, e.span, 'write it as [][A]_vars');
      return this.statePredicate(e.kind === 'apply' && e.ref.kind === 'def' ? e.ref.name : name, this.inLets(e, lets), bindings, level === Level.Constant);
    }
    const sub = (f: IRExpr, named = invariantName): Temporal => this.temporal(f, name, bindings, named, lets);
    const inLets = (f: IRExpr): IRExpr => this.inLets(f, lets);
    switch (e.kind) {
      case 'always': {
        // TLC names []P checked as an invariant (SpecProcessor.processConfigProps) after P when P is an
        // operator applied to nothing, else after what holds it: a conjunct by its location, a
        // definition by its name, the property by the property's (undefined here).
        const named = e.arg.kind === 'boolean' ? (e.arg.value ? 'TRUE' : 'FALSE') : e.arg.kind === 'apply' && e.arg.args.length === 0 ? e.arg.ref.name : invariantName;
        return { kind: 'always', arg: sub(e.arg), ...(named !== undefined ? { name: named } : {}) };
      }
      case 'eventually':
        return { kind: 'eventually', arg: sub(e.arg) };
      case 'leadsTo':
        return { kind: 'leadsTo', lhs: sub(e.lhs), rhs: sub(e.rhs) };
      case 'and':
        return conjunction(e.args.map((a) => sub(a, tlcLocation(a.span))));
      case 'or':
        return { kind: 'or', args: e.args.map((a) => sub(a)) };
      case 'quant':
        return this.quantified(e, name, bindings, lets);
      case 'let':
        return this.temporal(e.body, name, bindings, invariantName, [...lets, e]);
      case 'unboundedQuant':
        return refuseUnboundedQuantifier(e);
      case 'boxAction':
      case 'angleAction':
        return { kind: 'action', predicate: this.actionPredicate(name, inLets(e), inLets(e.action), e.kind === 'angleAction' ? inLets(e.sub) : null, bindings) };
      case 'fairness': {
        const angle: IRExpr = { kind: 'angleAction', action: e.action, sub: e.sub, span: e.span };
        const action = this.actionPredicate(`${e.strength === 'weak' ? 'WF' : 'SF'}(${name})`, inLets(angle), inLets(e.action), inLets(e.sub), bindings, e.instances);
        return { kind: e.strength === 'weak' ? 'weakFair' : 'strongFair', action };
      }
      case 'if': {
        // A constant condition picks the branch; a state-level one c is read where the IF stands:
        // IF c THEN F ELSE G is (~c \/ F) /\ (c \/ G).
        const level = this.levels.of(e.cond, lets);
        if (level === Level.Constant) return sub(this.constantValue(e.cond, bindings, name, 'the condition', lets) === true ? e.then : e.else);
        if (level !== Level.State) break;
        const cond = this.statePredicate(name, inLets(e.cond), bindings);
        return conjunction([{ kind: 'or', args: [{ kind: 'not', arg: cond }, sub(e.then)] }, { kind: 'or', args: [cond, sub(e.else)] }]);
      }
      case 'apply': {
        if (e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && e.ref.name === '~') return { kind: 'not', arg: sub(e.args[0]!) };
        if (e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && e.ref.name === '=>') {
          return { kind: 'or', args: [{ kind: 'not', arg: sub(e.args[0]!) }, sub(e.args[1]!)] };
        }
        const ref = e.ref;
        // A module's definition is outside the LETs around its use; a LET's, inside them.
        const [def, defLets] = ref.kind === 'def' ? [this.interp.def(ref.index), []] : ref.kind === 'bound' ? [lets.flatMap((l) => l.defs).find((d) => d.name.id === ref.id), lets] : [];
        if (def?.kind !== 'operator' || def.params.length !== e.args.length || def.params.some((p) => p.arity > 0)) break;
        // Op(a, b) with a temporal body: the body with the parameters bound to the arguments' values.
        const args = e.args.map((a) => this.constantValue(a, bindings, name, `an argument of ${ref.name}`, lets));
        return this.temporal(def.body, ref.name, [...bindings, ...def.params.map((p, i) => [p.binder.id, args[i]!] as const)], e.args.length === 0 ? ref.name : invariantName, defLets);
      }
    }
    return fail('E5001', `property ${name}: the temporal form ${e.kind}${e.kind === 'apply' ? ` (${e.ref.name})` : ''} is not supported`, e.span, 'supported: []P, <>P, P ~> Q, [][A]_v, <<A>>_v, WF/SF, and /\\, \\/, ~, => of those');
  }

  // ---- symmetry and view -----------------------------------------------------------------

  private symmetryPermutations(name: ConfigName): Map<Value, Value>[] {
    const index = this.defIndex(name, 'SYMMETRY');
    const value = this.interp.evalDef(index, this.context([]));
    if (!isSet(value)) return fail('E4002', `SYMMETRY ${name.name} must be a set of permutations, but it is ${formatValue(value)}`, name.span);
    const given = finiteElements(value).map((p) => {
      if (typeof p !== 'object' || p.kind !== 'fcn') return fail('E4002', `SYMMETRY ${name.name} holds ${formatValue(p)}, which is not a permutation`, name.span);
      const map = new Map<Value, Value>();
      p.values.forEach((image, i) => map.set(p.domain === null ? i + 1 : p.domain[i]!, image));
      return map;
    });
    return generatedGroup(given);
  }

  // ---- the model -------------------------------------------------------------------------

  /** Checks ASSUME and the .cfg's entry points; Init and the actions, split as TLC names them. */
  plan(): ModelPlan {
    const { module, config, interp } = this;
    if (config.alias) {
      // ALIAS only changes how TLC prints a counterexample's states; the search is the same.
      this.defIndex(config.alias, 'ALIAS');
      this.std.print(`${config.file}:${config.alias.span.line}:${config.alias.span.col}: note: ALIAS ${config.alias.name} is not applied; counterexamples show the variables`);
    }
    if (config.postconditions[0]) fail('E5001', 'POSTCONDITION is not supported', config.postconditions[0].span, 'remove it from the .cfg');
    for (const assumption of module.assumptions) {
      const at = assumption.expr.span;
      let v: Value;
      try {
        v = interp.compile(assumption.expr)(this.context([]));
      } catch (error) {
        throw error instanceof ValueError ? error.inAssumption(at) : error;
      }
      if (v !== true) evalError('E3005', `ASSUME is ${formatValue(v)}`, assumption.span, undefined, v === false ? tlcLoading(`Assumption ${tlcLocation(at)} is false.`) : undefined);
    }

    let init: IRExpr;
    let initPredicates: IRExpr[];
    let next: IRExpr;
    let nextName: string;
    let fairnessExprs: IRExpr[] = [];
    if (config.specification) {
      ({ init, initPredicates, next, nextName, fairness: fairnessExprs } = this.decomposeSpec(config.specification));
    } else if (!config.init && !config.next && module.variables.length === 0) {
      // A constant-level model (CONSTANTS and ASSUMEs only): TLC evaluates the assumptions above and
      // explores no state, so the model has no initial state and no action.
      const noState: IRExpr = { kind: 'boolean', value: false, span: { file: config.file, line: 1, col: 1, endLine: 1, endCol: 1 } };
      return { init: noState, initPredicates: [noState], actions: [], properties: [], fairness: [], enabledActions: [] };
    } else {
      if (!config.init || !config.next) fail('E4001', `the configuration ${config.file} names neither SPECIFICATION nor both INIT and NEXT`, undefined, 'add SPECIFICATION Spec, or INIT Init and NEXT Next (only a spec without VARIABLES may have neither)');
      init = this.defRef(this.defIndex(config.init, 'INIT'), config.init.span);
      initPredicates = [this.definedBody(init)];
      next = this.defRef(this.defIndex(config.next, 'NEXT'), config.next.span);
      nextName = config.next.name;
    }
    const actions = this.splitActions(next, nextName).map((a) => ({ ...a, info: this.withDefinition(a.info) }));
    // Reducing the properties collects the state and action predicates (and the actions ENABLED runs).
    const properties: TemporalProperty[] = config.properties.map((p) => ({ ...p, index: this.defIndex(p, 'PROPERTY') })).filter((p) => !this.constantlyTrue(p, 'PROPERTY')).map((p) => ({
      name: p.name,
      span: p.span,
      formula: this.temporal(this.defRef(p.index, p.span), p.name),
    }));
    this.evaluateConstantPredicates(properties);
    // Each WF/SF of the conjunction (quantifiers unfolded) is one fairness condition for the checker.
    const fairness = fairnessExprs.flatMap((f) => {
      const reduced = this.temporal(f, 'fairness');
      return reduced.kind === 'and' ? reduced.args : [reduced];
    });
    return { init, initPredicates, actions, properties, fairness, enabledActions: this.actionPredicates.map((p) => ({ expr: p.action, instances: p.instances })) };
  }

  /** The model; generators given in `compiled` replace the interpreter's. */
  build(plan: ModelPlan, compiled: CompiledGenerators = { actions: [], enabled: [] }): Model {
    const { module, config, interp } = this;
    const { init, properties, fairness } = plan;
    const variables = module.variables.map((v) => v.name);
    const n = variables.length;
    const coverage = interp.coverage();
    const initCompiler = new ActionCompiler(interp, 'init');
    const initGenerator = compiled.init ?? (coverage ? initCompiler.counted(initCompiler.compile(init), 'init') : initCompiler.compile(init));
    const initSpan = init.span;
    const actionCompiler = new ActionCompiler(interp, 'next');
    const actions = plan.actions.map((a) => a.info);
    const bodies = actionBodies(plan);
    // Coverage: the actions of one formula (the elements of an \E TLC splits) count into one tree, as TLC's share one.
    const bodyGenerators = bodies.exprs.map((expr, i) => compiled.actions[i] ?? (coverage ? actionCompiler.counted(actionCompiler.compile(expr), `action ${i}`) : actionCompiler.compile(expr)));
    const actionGenerators: Generator[] = plan.actions.map((a, i) => boundGenerator(bodyGenerators[bodies.body[i]!]!, a.bindings));
    const byBody: number[][] = bodies.exprs.map(() => []);
    bodies.body.forEach((b, a) => byBody[b]!.push(a));

    const named = (list: ConfigName[], what: string) =>
      list.map((c) => ({ name: c.name, span: c.span, index: this.defIndex(c, what) })).filter((entry) => !this.constantlyTrue(entry, what));
    const invariants = named(config.invariants, 'INVARIANT');
    const invariantReads = invariants.map(({ index }) => variablesRead(this.module, index, (d) => this.interp.hasOverride(d)));
    // Not under --coverage: TLC evaluates an invariant in every state, and its lines count those evaluations.
    const memos = invariantReads.map((reads) => (reads !== null && reads.length < variables.length && !coverage ? new InvariantMemo(reads) : undefined));
    // As TLC, before any state: a temporal invariant (`[]P`, `\EE h : F`) is no state predicate.
    for (const { name, span, index } of invariants) {
      if (!interp.hasOverride(index) && this.levels.ofDef(index) === Level.Temporal) {
        fail('E5001', `the invariant ${name} is not a state predicate: it is a temporal formula (TLC refuses it too)`, span, `check it as a PROPERTY, or write the state predicate P of []P`);
      }
    }
    const constraints = named(config.constraints, 'CONSTRAINT');
    const actionConstraints = named(config.actionConstraints, 'ACTION_CONSTRAINT');
    const statePredicates = this.statePredicates.map((p) => ({ ...p, eval: interp.compile(p.expr) }));
    const actionPredicates = this.actionPredicates.map((p, i) => ({
      ...p,
      eval: interp.compile(p.expr),
      generator: compiled.enabled[i] ?? (p.instances.size > 0 ? new ActionCompiler(interp, 'next', p.instances) : actionCompiler).compile(p.action),
      unchanged: p.sub ? interp.compile({ kind: 'unchanged', arg: p.sub, span: p.span! }) : null,
    }));
    const permutations = config.symmetry ? this.symmetryPermutations(config.symmetry) : [];
    const viewIndex = config.view ? this.defIndex(config.view, 'VIEW') : -1;
    // A VIEW is evaluated on each permuted state, which must then be built.
    const symmetric = permutations.length > 0 && viewIndex < 0 ? new SymmetricFingerprint(permutations) : null;

    const ctx = this.context([]);
    let middleStatesGenerated = 0; // by the last call of successors
    let generatedBeforeError: { successors: readonly Successor[]; generated: number; incomplete?: Successor } = { successors: [], generated: 0 }; // by the last call of successors that threw
    let incompleteSuccessor: Successor | undefined; // the error is this successor left without a value, which TLC generated, counts and prints
    const scratchNext = new Array<Value | undefined>(n).fill(undefined);
    const randomCtx = this.context([]);
    const randomNext = new Array<Value | undefined>(n).fill(undefined);
    /** `kind` ('INVARIANT', ...) and `name` are joined only for the error: in every state, a string each time was garbage. */
    const bool = (v: Value, name: string, span: Span | undefined, kind = ''): boolean => {
      if (typeof v !== 'boolean') return evalError('E3001', `${kind === '' ? '' : `${kind} `}${name} must be a boolean, but it is ${formatValue(v)}`, span ?? initSpan);
      return v;
    };
    const atState = (state: State, next: State | null = null) => {
      ctx.state = state as PartialState;
      ctx.next = next as PartialState | null;
      ctx.stateIsFixed = true;
      return ctx;
    };
    /** A copy of a next state, or E3001 naming the variables action `action` (-1: the initial predicate) left without a value. */
    const complete = (state: PartialState, action: number): Value[] => {
      if (!state.includes(undefined)) return (state as Value[]).slice();
      if (action >= 0) incompleteSuccessor = { action, state: state.slice() as State };
      // Sorted by name, as TLC lists them (TLCStateMut.getUnassigned), not in its order of the variables.
      const missing = state.flatMap((v, i) => (v === undefined ? [variables[i]!] : [])).sort();
      const what = action < 0 ? 'the initial predicate' : `the action ${actions[action]!.name}`;
      const tlc =
        action < 0
          ? undefined
          : tlcCoded(`Successor state is not completely specified by action ${actions[action]!.name} of the next-state relation. The following variable${missing.length > 1 ? 's are' : ' is'} not defined: ${missing.join(', ')}.\n`);
      return evalError('E3001', `${what} leaves ${missing.join(', ')} without a value`, (action < 0 ? undefined : actions[action]!.span) ?? initSpan, `assign every variable (x' = e, x' \\in S or UNCHANGED x)`, tlc);
    };
    const permute = (v: Value, map: Map<Value, Value>): Value => {
      if (typeof v !== 'object') return v;
      switch (v.kind) {
        case 'model':
          return map.get(v) ?? v;
        case 'fcn':
          if (v.domain === null) return tuple(v.values.map((x) => permute(x, map)));
          return fcnFromPairs(v.domain.map((d, i) => [permute(d, map), permute(v.values[i]!, map)] as const));
        default:
          return setOf(finiteElements(v).map((x) => permute(x, map)));
      }
    };
    const nested: Span[] = [];
    const tracedCtx = (state: State) => this.context(state as PartialState);
    const tracedStep = (from: State, to: State) => this.context(from as PartialState, to as PartialState);
    /** `error` with the nested expressions an interpreter recording its stack was in when `evaluate` failed again. */
    const withNested = (error: unknown, evaluate: () => void): unknown => {
      if (!(error instanceof DiagnosticError) || error.diagnostics[0]!.nested) return error;
      nested.length = 0;
      try {
        evaluate();
      } catch {
        if (nested.length > 0) error.diagnostics[0] = { ...error.diagnostics[0]!, nested: nested.slice() };
      }
      return error;
    };
    /** Init run again by the traced interpreter, `k` at each initial state with Init's part of TLC's stack held. */
    const tracedInit = (k: (state: PartialState) => boolean) => {
      const traced = tracedCtx(new Array<Value | undefined>(n).fill(undefined));
      traced.stateIsFixed = false;
      new ActionCompiler(interp.traced(nested), 'init').compileInit(plan.initPredicates)(traced, () => k(traced.state));
    };
    const prints = this.prints;
    const viewOf = (state: State): Value[] => (viewIndex >= 0 ? [interp.evalDef(viewIndex, atState(state))] : (state as Value[]));

    /** ENABLED of `p` in the context `at` (its state, an empty next state): a step `generator` finds, one changing p's subscript for <<A>>_v. */
    const enabledIn = (p: (typeof actionPredicates)[number], generator: (typeof actionPredicates)[number]['generator'], at: EvalContext): boolean => {
      const c = withBindings(at, p.bindings);
      return generator(c, () => {
        if (!p.unchanged) return true;
        // Variables the action leaves unassigned count as unchanged when comparing v' with v.
        const next = c.next!;
        const filled: number[] = [];
        for (let v = 0; v < n; v++) {
          if (next[v] === undefined) {
            next[v] = c.state[v];
            filled.push(v);
          }
        }
        try {
          return !(p.unchanged(c) as boolean);
        } finally {
          for (const v of filled) next[v] = undefined;
        }
      });
    };
    const model: Model = {
      name: module.name,
      variables,
      tlcVariableOrder: module.tlcVariableOrder,
      actions,
      initialStates() {
        const states: Value[][] = [];
        const c = atState(new Array<Value | undefined>(n).fill(undefined));
        c.stateIsFixed = false;
        try {
          initGenerator(c, () => {
            states.push(complete(c.state, -1));
            return false;
          });
        } catch (err) {
          throw withNested(err, () => tracedInit(() => false));
        }
        return states;
      },
      successors(state: State, holdPrinted = false): Successor[] {
        const out: Successor[] = [];
        ctx.middleStatesGenerated = 0;
        incompleteSuccessor = undefined;
        let a = 0;
        // One callback for every action (not a closure per action and state).
        const emit = () => {
          out.push({ action: a, state: complete(ctx.next!, a) });
          prints.markSuccessor(out.length - 1);
          return false;
        };
        prints.start(holdPrinted);
        // Generators undo every assignment when they return, so one scratch next state serves all.
        try {
          for (; a < actionGenerators.length; a++) {
            actionGenerators[a]!(atState(state, scratchNext), emit);
            prints.markAction(a);
          }
        } catch (err) {
          // TLC counts each successor as it generates it, the incomplete one too, and stops at the error.
          generatedBeforeError = { successors: out, generated: out.length + (incompleteSuccessor ? 1 : 0) + ctx.middleStatesGenerated, ...(incompleteSuccessor ? { incomplete: incompleteSuccessor } : {}) };
          // TLC printed what came before the error; the traced run below repeats it, held and dropped.
          prints.release(Infinity, 'successor');
          throw withNested(err, () => {
            const traced = tracedCtx(state);
            traced.next = new Array<Value | undefined>(n).fill(undefined);
            traced.stateIsFixed = true;
            boundGenerator(new ActionCompiler(interp.traced(nested), 'next').compileAction(plan.actions[a]!.expr), plan.actions[a]!.bindings)(traced, () => false);
          });
        } finally {
          prints.stopHolding();
        }
        middleStatesGenerated = ctx.middleStatesGenerated;
        return out;
      },
      middleStatesGenerated: () => middleStatesGenerated,
      generatedBeforeError: () => generatedBeforeError,
      releasePrinted: (through, unit = 'successor') => prints.release(through, unit),
      capturePrinted: (into) => prints.capture(into),
      randomSuccessors(state, random, visit) {
        // A context of its own: `visit` may evaluate constraints in `ctx` while this one generates.
        randomCtx.state = state as PartialState;
        randomCtx.next = randomNext;
        randomCtx.random = random;
        try {
          const tryAction = (a: number) => actionGenerators[a]!(randomCtx, () => visit({ action: a, state: complete(randomCtx.next!, a) }));
          // A formula, then one of the actions TLC's split made of it (an element of its \E), as the
          // generator of the unsplit \E drew them: a branch uniform among the enabled ones.
          return someInRandomOrder(byBody.length, random, (b) => {
            const group = byBody[b]!;
            return group.length === 1 ? tryAction(group[0]!) : someInRandomOrder(group.length, random, (i) => tryAction(group[i]!));
          });
        } finally {
          randomCtx.random = null;
        }
      },
      fingerprint: (state) => fingerprintState(state as Value[]),
      viewFingerprint(state) {
        if (permutations.length === 0) return viewIndex >= 0 ? fingerprint(viewOf(state)[0]!) : fingerprintState(state as Value[]);
        if (symmetric) return symmetric.of(state as Value[]);
        let best: bigint | undefined;
        for (const p of permutations) {
          const fp = fingerprintState(viewOf((state as Value[]).map((v) => permute(v, p))));
          if (best === undefined || fp < best) best = fp;
        }
        return best!;
      },
      invariants: invariants.map(({ name, span }) => ({ name, span })),
      declarations: this.declarations(init, invariants),
      warnings: this.warnings,
      ...(coverage
        ? {
            subexpressionCoverage: (where: (span: Span) => string) => ({
              init: coverageLines(coverage.root('init'), where),
              actions: bodies.body.map((b) => coverageLines(coverage.root(`action ${b}`), where)),
              invariants: invariants.map((_, i) => coverageLines(coverage.root(`invariant ${i}`), where)),
            }),
            uncounted<T>(f: () => T): T {
              coverage.paused = true;
              try {
                return f();
              } finally {
                coverage.paused = false;
              }
            },
            countTraceRebuild(states: readonly State[], actions: readonly number[], cut: boolean) {
              if (cut) {
                const from = states[states.length - 2]!;
                const producing = actions[actions.length - 1]!;
                const violating = fingerprintState(states[states.length - 1] as Value[]);
                coverage.sign = -1;
                for (const generate of actionGenerators) generate(atState(from, scratchNext), () => false);
                coverage.sign = 1;
                for (let a = 0; a < producing; a++) actionGenerators[a]!(atState(from, scratchNext), () => false);
                // TLC checks each successor as it is generated and stops at the violating one, its
                // continuations unfinished: thrown out of the generator, as TLC's report is.
                const stop = new Error('violating successor');
                try {
                  actionGenerators[producing]!(atState(from, scratchNext), () => {
                    if (fingerprintState(complete(ctx.next!, producing)) === violating) throw stop;
                    return false;
                  });
                } catch (error) {
                  if (error !== stop) throw error;
                }
              }
              for (let again = 0; again < 2; again++) {
                const c = atState(new Array<Value | undefined>(n).fill(undefined));
                c.stateIsFixed = false;
                initGenerator(c, () => false);
                actions.forEach((producing, i) => {
                  for (let a = 0; a <= producing; a++) actionGenerators[a]!(atState(states[i]!, scratchNext), () => false);
                });
              }
            },
          }
        : {}),
      violatedInvariant(state, parent) {
        const c = atState(state);
        let i = 0;
        try {
          for (; i < invariants.length; i++) {
            // It held in `parent`, and what it reads are the very values `parent` held (not under
            // --coverage: TLC evaluates it in every state, and its lines count those evaluations).
            if (parent !== undefined && !coverage && readsOnlyUnchanged(invariantReads[i]!, state, parent)) continue;
            const memo = memos[i];
            if (memo?.heldIn(state as Value[])) continue;
            const index = invariants[i]!.index;
            const holds = coverage ? coverage.under(coverage.root(`invariant ${i}`), () => interp.evalDef(index, c)) : interp.evalDef(index, c);
            if (!bool(holds, invariants[i]!.name, invariants[i]!.span, 'INVARIANT')) return i;
            memo?.add(state as Value[]);
          }
        } catch (err) {
          // TLC's report of some errors names the invariant being evaluated (TlcWording). TLC lists the
          // expressions it was in only for an initial state, which it checks inside Init's evaluation
          // (so Init's part comes first); a later state's check is not repeated when it replays the error.
          throw withNested(err instanceof ValueError ? err.inInvariant(invariants[i]!.name) : err, () =>
            tracedInit((initial) => {
              if (!initial.every((v, j) => valuesEqual(v!, (state as Value[])[j]!))) return false;
              interp.traced(nested).evalDef(invariants[i]!.index, tracedCtx(state));
              return true;
            }),
          );
        }
        return -1;
      },
      satisfiesConstraints(state) {
        // A loop, and nothing for the usual none: a closure per successor was garbage.
        if (constraints.length === 0) return true;
        const c = atState(state);
        for (const k of constraints) if (!bool(interp.evalDef(k.index, c), k.name, k.span, 'CONSTRAINT')) return false;
        return true;
      },
      satisfiesActionConstraints(from, to) {
        if (actionConstraints.length === 0) return true;
        const c = atState(from, to);
        for (const k of actionConstraints) if (!bool(interp.evalDef(k.index, c), k.name, k.span, 'ACTION_CONSTRAINT')) return false;
        return true;
      },
      checkDeadlock: config.checkDeadlock?.value ?? true,
      properties,
      ...(fairness.length > 0 ? { fairness } : {}),
      ...(config.specification ? { specification: this.specificationDefinition(config.specification) } : {}),
      statePredicates: statePredicates.map(({ name, span }) => ({ name, span })),
      actionPredicates: actionPredicates.map(({ name, span }) => ({ name, span })),
      evalStatePredicate(i, state) {
        const p = statePredicates[i]!;
        try {
          return bool(p.eval(withBindings(atState(state), p.bindings)), p.name, p.span);
        } catch (err) {
          // TLC lists the expressions it was in when a liveness predicate fails (Worker.doNextCheckLiveness).
          throw withNested(err, () => bool(interp.traced(nested).compile(p.expr)(withBindings(tracedCtx(state), p.bindings)), p.name, p.span));
        }
      },
      evalActionPredicate(i, from, to) {
        const p = actionPredicates[i]!;
        try {
          return bool(p.eval(withBindings(atState(from, to), p.bindings)), p.name, p.span);
        } catch (err) {
          throw withNested(err, () => {
            const traced = interp.traced(nested);
            const c = withBindings(tracedStep(from, to), p.bindings);
            // TLC evaluates <<A>>_v as A, then v' # v: A's expressions come first, with no entry for the whole.
            if (p.expr.kind === 'angleAction') traced.compile(p.expr.action)(c);
            bool(traced.compile(p.expr)(c), p.name, p.span);
          });
        }
      },
      enabled(i, state) {
        const p = actionPredicates[i]!;
        try {
          return enabledIn(p, p.generator, atState(state, new Array<Value | undefined>(n).fill(undefined)));
        } catch (err) {
          // TLC lists the expressions it was in when ENABLED of a fair action fails (Worker.doNextCheckLiveness).
          throw withNested(err, () => enabledIn(p, new ActionCompiler(interp.traced(nested), 'next', p.instances).compile(p.action), tracedStep(state, new Array<Value | undefined>(n).fill(undefined))));
        }
      },
      // A variable without a value (the last state of an incomplete successor's trace) is TLC's `null`; ITF leaves it out.
      formatState: (state) => variables.map((variable, i) => ({ variable, value: (state as PartialState)[i] === undefined ? 'null' : formatValue((state as Value[])[i]!, this.std.strings) })),
      stateToITF(state) {
        const out: Record<string, unknown> = {};
        variables.forEach((v, i) => {
          if ((state as PartialState)[i] !== undefined) out[v] = toITF((state as Value[])[i]!);
        });
        return out;
      },
      encodeState: (state) => (state as Value[]).map(encodeValue),
      decodeState: (encoded) => (encoded as EncodedValue[]).map(decodeValue),
      encodeStates: (states) => encodeStateBatch(states as Value[][]),
      decodeStates: (encoded) => decodeStateBatch(encoded as EncodedBatch),
    };
    return model;
  }
}

/** `ctx` with the bound variables of a temporal formula's predicate set. */
function withBindings(ctx: EvalContext, bindings: Bindings): EvalContext {
  for (const [id, value] of bindings) ctx.locals[id] = value;
  return ctx;
}

/** A conjunction with nested conjunctions flattened, as the checker reads a property's conjuncts. */
function conjunction(parts: Temporal[]): Temporal {
  const args = parts.flatMap((p) => (p.kind === 'and' ? p.args : [p]));
  return args.length === 1 ? args[0]! : { kind: 'and', args };
}

/**
 * The group the permutations generate, as TLC reduces by it: `Permutations(A) \union Permutations(B)`
 * also relates states that differ in both A and B. Closed under composition by breadth-first search;
 * model values are interned, so a permutation is keyed by the images it moves.
 */
function generatedGroup(generators: Map<Value, Value>[]): Map<Value, Value>[] {
  const keyOf = (p: Map<Value, Value>): string =>
    [...p].filter(([x, y]) => x !== y).map(([x, y]) => `${formatValue(x)}>${formatValue(y)}`).sort().join(',');
  const group = new Map<string, Map<Value, Value>>();
  const queue: Map<Value, Value>[] = [];
  const add = (p: Map<Value, Value>): void => {
    const key = keyOf(p);
    if (!group.has(key)) group.set(key, p), queue.push(p);
  };
  generators.forEach(add);
  for (let head = 0; head < queue.length; head++) {
    const p = queue[head]!;
    for (const g of generators) {
      // g after p: x -> g(p(x)), over the points either moves.
      const composed = new Map<Value, Value>();
      for (const x of new Set([...p.keys(), ...g.keys()])) {
        const y = p.get(x) ?? x;
        composed.set(x, g.get(y) ?? y);
      }
      add(composed);
    }
    if (group.size > 1 << 16) fail('E4002', `the symmetry group has more than ${1 << 16} permutations`, undefined, 'declare fewer symmetric model values');
  }
  return [...group.values()];
}
