// Name resolution: a parsed root module and the modules it EXTENDS or INSTANCEs become one
// ResolvedModule (ir.ts). Modules are found nested in the same file, beside the spec, or in a
// search path; the standard modules are built in. Errors: E2001 unknown identifier (with a
// did-you-mean), E2002 arity, E2003 module not found, E2004 duplicate definition. Those SANY goes on
// past (with SANY's words) are collected, and the module's all thrown together, as SANY reports them.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diagnostic, DiagnosticError, fail, tlcLocation, type Diagnostic, type Span } from '../diagnostics.js';
import type {
  Bound, Expr, ExceptStep, FunctionDef, Ident, InstanceExpr, LetDef, LetInstance, Module, NameRef, OperatorDef, Param, SubexpressionSelector,
} from '../syntax/ast.js';
import { parseModule } from '../syntax/parse.js';
import { readSourceFile } from '../syntax/source-file.js';
import type { BoundVar, IRExpr, Resolved, ResolvedDef, ResolvedModule, ResolvedPhase } from './ir.js';
import { coreOperators, isStandardModule, standardModules, type StandardModuleName } from '../stdlib/standard-modules.js';
import { closestName } from './suggest.js';
import { readsOf } from './levels.js';
import { substitutePrimedParameters } from './substitute-primed.js';
import { tlcVariableOrder } from './tlc-variable-order.js';

export interface ResolveOptions {
  /** Directories searched, after the spec's own directory, for `M.tla`. */
  searchPath?: readonly string[];
}

/** Reads, parses and resolves the spec at `file` and every module it uses. */
export async function resolveSpec(file: string, options: ResolveOptions = {}): Promise<ResolvedModule> {
  const text = await readSourceFile(file);
  const resolved = await resolveSource(text, file, options);
  const fileName = basename(file).replace(/\.tla$/, '');
  if (resolved.name !== fileName) {
    fail('E2005', `file ${basename(file)} holds module ${resolved.name}; SANY and TLC refuse a root module named differently from its file`, moduleNameSpan(text, file, resolved.name), `rename the module to ${fileName}, or the file to ${resolved.name}.tla`);
  }
  return resolved;
}

/** Where `MODULE name` first names the module in `text`. */
function moduleNameSpan(text: string, file: string, name: string): Span | undefined {
  const header = new RegExp(`-{4,}\\s*MODULE\\s+(${name})\\b`).exec(text);
  if (!header) return undefined;
  const offset = header.index + header[0].length - name.length;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const col = before[line - 1]!.length + 1;
  return { file, line, col, endLine: line, endCol: col + name.length };
}

/** Resolves the spec whose root module is the text `text` (read from `file`). */
export async function resolveSource(text: string, file: string, options: ResolveOptions = {}): Promise<ResolvedModule> {
  const library = new ModuleLibrary(basename(file).replace(/\.tla$/, ''), [dirname(file), ...(options.searchPath ?? [])]);
  const root = await library.addFile(text, file);
  await library.loadDependencies(root);
  return new Resolver(library).resolveRoot(root);
}

/** The parsed user modules available by name, loaded before resolution (parsing is async). */
class ModuleLibrary {
  readonly modules = new Map<string, Module>();
  /** The top-level modules (not those nested in another), by name. */
  readonly files = new Map<string, Module>();
  readonly sources = new Map<string, string>();
  /** `root`: the spec's file name without `.tla`, as SANY names the spec. */
  constructor(private readonly root: string, private readonly directories: readonly string[]) {}

  async addFile(text: string, file: string): Promise<Module> {
    this.sources.set(file, text);
    const module = await parseModule(text, file);
    this.register(module, true);
    return module;
  }

  private register(module: Module, topLevel: boolean): void {
    if (!this.modules.has(module.name.name)) this.modules.set(module.name.name, module);
    if (topLevel && !this.files.has(module.name.name)) this.files.set(module.name.name, module);
    for (const unit of module.units) {
      if (unit.kind !== 'module') continue;
      // A module nested inside this one sees what this one EXTENDS and declares and defines before it
      // (SANY's scoping): those units are its own too, so `INSTANCE Inner` binds the declarations to
      // this module's by name. A module after this one in the file is not nested and sees nothing of it.
      const nested = unit.span.line < module.span.endLine || (unit.span.line === module.span.endLine && unit.span.col < module.span.endCol);
      const instantiatesItself = (u: Module['units'][number]) => (u.kind === 'instance' || u.kind === 'moduleDef') && u.instance.module.name === unit.module.name.name;
      const before = module.units.slice(0, module.units.indexOf(unit)).filter((u) => u.kind !== 'module' && !instantiatesItself(u));
      this.register(nested ? { ...unit.module, extends: [...module.extends, ...unit.module.extends], units: [...before, ...unit.module.units] } : unit.module, !nested);
    }
  }

  /** Loads, transitively, every module named by EXTENDS or INSTANCE; E2003 for missing ones. */
  async loadDependencies(module: Module): Promise<void> {
    for (const name of dependencies(module)) {
      if (this.modules.has(name.name)) continue;
      if (isStandardModule(name.name)) {
        // A community module the user supplies replaces the built-in one (TLC prefers it too).
        const supplied = standardModules[name.name].community ? await this.findFile(name) : null;
        if (supplied) await this.loadDependencies(supplied);
        continue;
      }
      const found = await this.find(name, module.name.name);
      await this.loadDependencies(found);
    }
  }

  /** `importer`: the module whose EXTENDS or INSTANCE names it. */
  private async find(name: Ident, importer: string): Promise<Module> {
    const found = await this.findFile(name);
    if (found) return found;
    const error = diagnostic('E2003', `module not found: ${name.name}`, name.span,
      `looked for ${name.name}.tla in ${this.directories.join(', ')}; standard modules are ${Object.keys(standardModules).join(', ')}`);
    throw new DiagnosticError({ ...error, sany: { text: `Cannot find source file for module ${name.name} imported in module ${importer}.`, at: { module: importer, root: this.root } } });
  }

  /** Name.tla from the first directory that has it, or null. */
  private async findFile(name: Ident): Promise<Module | null> {
    for (const directory of this.directories) {
      const path = join(directory, `${name.name}.tla`);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        continue;
      }
      const module = await this.addFile(text, path);
      if (module.name.name !== name.name) {
        fail('E2003', `file ${path} holds module ${module.name.name}, not ${name.name}`, module.name.span, `rename the module to ${name.name} or the file to ${module.name.name}.tla`);
      }
      return module;
    }
    return null;
  }
}

function dependencies(module: Module): Ident[] {
  const names = [...module.extends, ...module.letInstances];
  for (const unit of module.units) {
    if (unit.kind === 'instance' || unit.kind === 'moduleDef') names.push(unit.instance.module);
    if (unit.kind === 'module') names.push(...dependencies(unit.module));
  }
  return names;
}

/** What a name at module level stands for. */
type Entry =
  /** `leading`: arguments passed before the written ones (the parameters of `I(p) == INSTANCE M`). */
  | { kind: 'target'; target: Resolved; arity: number; span?: Span; leading?: IRExpr[] }
  /**
   * A constant of an instantiated module replaced by `WITH c <- expr`; for a VARIABLE given a
   * definition (`substitutedVariable`), `replaces` is what its name meant in the instantiating module.
   */
  | { kind: 'substituted'; expr: IRExpr; span: Span; replaces?: Entry; lazy?: true }
  /** A named instance `I(p) == INSTANCE M`: its exported names, for `I!Op` / `I(e)!Op`. */
  | { kind: 'instance'; exports: ReadonlyMap<string, Entry>; params: number; span: Span };

/**
 * How a module's CONSTANT and VARIABLE declarations are bound: in the root module (and what it
 * extends) they become the spec's constants and variables; in an instantiated module they take
 * the WITH substitution or the same-named symbol of the instantiating module.
 */
interface DeclarationContext {
  declare(decl: Ident, arity: number, what: 'constant' | 'variable'): Entry;
  /** Prefix of the names of definitions made in this context ('I!' for a named instance). */
  prefix: string;
  /** Modules already extended in this context, so that a diamond EXTENDS loads a module once. */
  extended: Map<string, ReadonlyMap<string, Entry>>;
  /** Modules being loaded in this context, outermost first, to refuse circular EXTENDS. */
  loading: Set<string>;
  /**
   * Parameters of the enclosing parameterized instances (`I(p) == INSTANCE M`): every definition
   * made in this context takes them first, and M's own references pass them along.
   */
  instanceParams: Param<ResolvedPhase>[];
  /** Inside an INSTANCE: its ASSUMEs are resolved but are not the root's, which TLC checks (SANY's getAssumptions). */
  instantiated: boolean;
}

interface LocalVar {
  id: number;
  arity: number;
  span: Span;
  /** `LET M == INSTANCE Foo`: M's definitions, and the arguments every `M!Op` passes before its own (`letInstance`). */
  instance?: { entry: Extract<Entry, { kind: 'instance' }>; leading: IRExpr[] };
}

/** Lexical scope of bound names inside an expression. */
class LocalScope {
  constructor(
    private readonly vars: ReadonlyMap<string, LocalVar>,
    private readonly parent?: LocalScope,
  ) {}
  lookup(name: string): LocalVar | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  with(vars: Map<string, LocalVar>): LocalScope {
    return new LocalScope(vars, this);
  }
  names(): string[] {
    return [...this.vars.keys(), ...(this.parent?.names() ?? [])];
  }
}

const emptyScope = new LocalScope(new Map());

/** Operators of TLA+ itself that cloudOS does not evaluate: temporal "while". */
const unsupportedCoreOperators = new Set(['-+->']);

class Resolver {
  private readonly defs: ResolvedDef[] = [];
  private readonly constants: ResolvedModule['constants'] = [];
  private readonly variables: ResolvedModule['variables'] = [];
  private readonly assumptions: ResolvedModule['assumptions'] = [];
  private nextId = 0;
  /** The INSTANCEs (ids, outermost first) whose module is being resolved: ENABLED and WF/SF record them. */
  private instances: readonly number[] = [];
  private instanceCount = 0;
  /** Definitions marked `substitutes` so far (their slots). */
  private substitutedVariables = 0;
  /** The modules being resolved (innermost last), for "defined below" hints. */
  private readonly modulesInProgress: Module[] = [];
  /** The parameters of the parameterized instances enclosing the module being resolved (DeclarationContext). */
  private instanceParams: Param<ResolvedPhase>[] = [];
  /** SANY's semantic errors met so far: SANY reports all of them, so resolution goes on past each and resolveRoot throws them together. */
  private readonly semanticErrors: Diagnostic[] = [];

  constructor(private readonly library: ModuleLibrary) {}

  resolveRoot(root: Module): ResolvedModule {
    const context: DeclarationContext = {
      prefix: '',
      extended: new Map(),
      loading: new Set([root.name.name]),
      instanceParams: [],
      instantiated: false,
      declare: (decl, arity, what) => {
        if (what === 'constant') {
          this.constants.push({ name: decl.name, arity, span: decl.span });
          return { kind: 'target', target: { kind: 'constant', index: this.constants.length - 1, name: decl.name }, arity, span: decl.span };
        }
        this.variables.push({ name: decl.name, span: decl.span });
        return { kind: 'target', target: { kind: 'variable', index: this.variables.length - 1, name: decl.name }, arity: 0, span: decl.span };
      },
    };
    const { scope } = this.afterSemanticErrors(() => this.module(root, context));
    const flat = new Map<string, Resolved>();
    const flatten = (entries: ReadonlyMap<string, Entry>, prefix: string): void => {
      for (const [name, entry] of entries) {
        if (entry.kind === 'target') flat.set(prefix + name, entry.target);
        else if (entry.kind === 'instance') flatten(entry.exports, `${prefix}${name}!`);
      }
    };
    flatten(scope, '');
    const slots = new Map(this.variables.map((v, i) => [v.name, i]));
    return {
      name: root.name.name, file: root.file, constants: this.constants, variables: this.variables, defs: substitutePrimedParameters(this.defs),
      scope: flat, assumptions: this.assumptions, sources: this.library.sources,
      tlcVariableOrder: tlcVariableOrder(root.name.name, this.library.files).map((name) => slots.get(name)!),
    };
  }

  /** `resolve()`'s result when no semantic error was recorded; otherwise those errors, and any `resolve()` then threw, together. */
  private afterSemanticErrors<T>(resolve: () => T): T {
    let result: T;
    try {
      result = resolve();
    } catch (error) {
      if (error instanceof DiagnosticError && this.semanticErrors.length > 0) throw new DiagnosticError([...this.semanticErrors, ...error.diagnostics]);
      throw error;
    }
    if (this.semanticErrors.length > 0) throw new DiagnosticError(this.semanticErrors);
    return result;
  }

  /**
   * For an error SANY goes on past (one it words: an unknown operator, a wrong number of arguments),
   * thrown resolving the expression at `span`: the error recorded and a stand-in for the expression,
   * never evaluated since resolveRoot then fails. Any other error is thrown again.
   */
  private recovered(error: unknown, span: Span): IRExpr {
    if (!(error instanceof DiagnosticError) || !error.diagnostics.every((d) => d.sany)) throw error;
    this.semanticErrors.push(...error.diagnostics);
    return { kind: 'boolean', value: true, span };
  }

  private binder(ident: Ident): BoundVar {
    return { name: ident.name, id: this.nextId++, span: ident.span };
  }

  /** Resolves one module in a context; returns its whole top-level scope and what it exports. */
  private module(module: Module, context: DeclarationContext): { scope: Map<string, Entry>; exports: Map<string, Entry> } {
    this.modulesInProgress.push(module);
    const outerParams = this.instanceParams;
    this.instanceParams = context.instanceParams;
    try {
      return this.moduleUnits(module, context);
    } finally {
      this.modulesInProgress.pop();
      this.instanceParams = outerParams;
    }
  }

  private moduleUnits(module: Module, context: DeclarationContext): { scope: Map<string, Entry>; exports: Map<string, Entry> } {
    const scope = new Map<string, Entry>();
    const exports = new Map<string, Entry>();
    /**
     * `imported`: the entry comes through EXTENDS or an unnamed INSTANCE rather than this module's own text;
     * `definition`: the whole of this module's definition that `entry` is.
     */
    const add = (name: string, entry: Entry, span: Span, exported: boolean, imported = false, definition?: Span): void => {
      const existing = scope.get(name);
      // SANY only warns of a definition imported over one of the same arity ("Multiple declarations
      // or definitions"), and the first stays bound: APChameneos defines Sum, then INSTANCEs a Sum.
      if (existing && imported && isDefinition(existing) && isDefinition(entry) && existing.arity === entry.arity) return;
      if (existing && !sameEntry(existing, entry)) {
        const where = entrySpan(existing);
        const error = diagnostic('E2004', `duplicate definition of ${name}`, span, where ? `${name} is already defined at ${where.file}:${where.line}:${where.col}` : `${name} is already defined (by a standard module); choose another name`);
        const first = existing.kind === 'target' && existing.target.kind === 'def' ? this.defs[existing.target.index]?.span : undefined;
        if (!definition || !first) throw new DiagnosticError(error);
        // A definition over another one: SANY warns, errs, goes on (with the first bound) and TLC prints both.
        this.semanticErrors.push({
          ...error,
          sany: { text: `Operator ${name} already defined or declared.`, at: definition, warning: `Multiple declarations or definitions for symbol ${name}.  \nThis duplicates the one at ${tlcLocation(first)}.` },
        });
        return;
      }
      // The same thing again (an INSTANCE's VARIABLE v that is this module's v): this module's entry stays.
      const kept = existing ?? entry;
      scope.set(name, kept);
      if (exported) exports.set(name, kept);
    };
    for (const ext of module.extends) {
      for (const [name, entry] of this.extend(ext, context)) add(name, entry, ext.span, true, true);
    }
    const recursiveSlots = new Map<string, number>();
    const define = (unit: OperatorDef | FunctionDef): void => {
      const slot = recursiveSlots.get(unit.name.name);
      const index = slot ?? this.reserveDef();
      const name = context.prefix + unit.name.name;
      const arity = unit.kind === 'operator' ? unit.params.length : 0;
      const entry: Entry = { kind: 'target', target: { kind: 'def', index, name }, arity, span: unit.name.span, ...leadingOf(context) };
      if (slot === undefined && unit.kind === 'function') add(unit.name.name, entry, unit.name.span, !unit.local, false, unit.span);
      if (unit.kind === 'function' && context.instanceParams.length > 0) {
        fail('E1002', 'unsupported construct: a function definition f[x \\in S] in a parameterized INSTANCE', unit.span, 'define it as an operator f(x) instead');
      }
      const def = unit.kind === 'operator' ? this.operatorDef(unit, scope, emptyScope) : this.functionDef(unit, scope, emptyScope);
      const params = def.kind === 'operator' ? { params: [...context.instanceParams, ...def.params] } : {};
      this.defs[index] = { ...def, ...params, name: { ...def.name, name }, index, module: module.name.name };
      if (slot === undefined && unit.kind === 'operator') add(unit.name.name, entry, unit.name.span, !unit.local, false, unit.span);
      else if (slot !== undefined && unit.local) exports.delete(unit.name.name);
    };
    for (const unit of module.units) {
      switch (unit.kind) {
        case 'constants':
          for (const decl of unit.decls) add(decl.name.name, context.declare(decl.name, decl.arity, 'constant'), decl.name.span, true);
          break;
        case 'variables':
          for (const name of unit.names) add(name.name, context.declare(name, 0, 'variable'), name.span, true);
          break;
        case 'recursive':
          for (const decl of unit.decls) {
            const index = this.reserveDef();
            recursiveSlots.set(decl.name.name, index);
            add(decl.name.name, { kind: 'target', target: { kind: 'def', index, name: context.prefix + decl.name.name }, arity: decl.arity, span: decl.span, ...leadingOf(context) }, decl.span, true);
          }
          break;
        case 'operator': case 'function':
          define(unit);
          break;
        case 'instance': {
          const instanceExports = this.instantiate(unit.instance, scope, context.prefix, context.instanceParams, unit.span);
          for (const [name, entry] of instanceExports) add(name, entry, unit.span, !unit.local, true);
          break;
        }
        case 'moduleDef': {
          const params = this.instanceParameters(unit.params);
          const instanceParams = [...context.instanceParams, ...params];
          const instanceExports = this.instantiate(unit.instance, scope, `${context.prefix}${unit.name.name}!`, instanceParams, unit.span);
          add(unit.name.name, { kind: 'instance', exports: instanceExports, params: params.length, span: unit.name.span }, unit.name.span, !unit.local);
          break;
        }
        case 'assume': {
          const expr = this.expr(unit.expr, scope, emptyScope);
          if (!context.instantiated) this.assumptions.push({ expr, span: unit.span });
          if (unit.name) define(namedStatement(unit.name, unit.expr, unit.span));
          break;
        }
        case 'theorem':
          // A named statement can be used as an expression (`ASSUME T1`), as in SANY; otherwise it
          // is checked for names and never evaluated. A sequent's NEW declarations scope over its
          // hypotheses, which only the prover reads.
          if (unit.statement.kind === 'expr') {
            if (unit.name) define(namedStatement(unit.name, unit.statement.expr, unit.span));
            else this.expr(unit.statement.expr, scope, emptyScope);
          }
          break;
        case 'module':
          break; // registered by the library; resolved when extended or instantiated
        default:
          unit satisfies never;
      }
    }
    for (const [name, index] of recursiveSlots) {
      if (this.defs[index] === undefined) {
        const entry = scope.get(name)!;
        fail('E2001', `RECURSIVE ${name} is declared but never defined`, entrySpan(entry), `define ${name} in this module`);
      }
    }
    return { scope, exports };
  }

  private reserveDef(): number {
    this.defs.push(undefined as unknown as ResolvedDef); // filled when the definition is resolved
    return this.defs.length - 1;
  }

  /** EXTENDS M: M's declarations are this context's; its exports join the extending module. */
  private extend(name: Ident, context: DeclarationContext): ReadonlyMap<string, Entry> {
    const done = context.extended.get(name.name);
    if (done) return done;
    let exports: ReadonlyMap<string, Entry>;
    if (isBuiltIn(name.name, this.library.modules)) {
      exports = standardExports(name.name, (ext) => (isBuiltIn(ext, this.library.modules) ? undefined : this.extend({ ...name, name: ext }, context)));
    }
    else {
      const module = this.library.modules.get(name.name);
      if (!module) fail('E2003', `module not found: ${name.name}`, name.span);
      if (context.loading.has(name.name)) {
        fail('E2003', `circular EXTENDS: ${[...context.loading, name.name].join(' -> ')}`, name.span, 'a module cannot extend itself, directly or through others');
      }
      context.loading.add(name.name);
      exports = this.module(module, context).exports;
      context.loading.delete(name.name);
    }
    context.extended.set(name.name, exports);
    return exports;
  }

  /**
   * INSTANCE M WITH c <- e: M's constants and variables take the substitutions or same-named symbols.
   * `site`: the INSTANCE's definition (or unit), where TLC's nested expressions name the substitutions.
   */
  private instantiate(instance: InstanceExpr, outer: ReadonlyMap<string, Entry>, prefix: string, instanceParams: Param<ResolvedPhase>[], site: Span): ReadonlyMap<string, Entry> {
    const name = instance.module;
    if (isBuiltIn(name.name, this.library.modules)) return standardExports(name.name);
    const module = this.library.modules.get(name.name);
    if (!module) fail('E2003', `module not found: ${name.name}`, name.span);
    const substitutions = new Map<string, { value: Expr; span: Span }>();
    for (const s of instance.substitutions) substitutions.set(s.name.name, { value: s.value, span: s.span });
    const used = new Set<string>();
    // Substitutions may use the instance's parameters: `I(p) == INSTANCE M WITH c <- p + 1`.
    const paramScope = emptyScope.with(new Map(instanceParams.map((p) => [p.binder.name, { id: p.binder.id, arity: p.arity, span: p.span }])));
    const outerInstances = this.instances;
    const instanceId = this.instanceCount++;
    const lazy = instanceParams.length === 0 ? this.lazySubstitutions(module, instance, outer) : new Map<string, LazySubstitution>();
    const lazyParams = [...lazy.values()].map((l) => l.param);
    // How a declaration of M is bound; resolved in the instantiating module, outside this instance.
    const bind = (decl: Ident, arity: number, what: 'constant' | 'variable'): Entry => {
      const substitution = substitutions.get(decl.name);
      const passed = what === 'constant' && arity === 0 ? lazy.get(decl.name) : undefined;
      // `lazy`: each use of c is a reference to its parameter, at the use (where TLC's nested expressions name it).
      if (passed) return { kind: 'substituted', expr: boundRef(passed.param), span: substitution!.span, lazy: true };
      if (substitution) {
        const value = substitution.value;
        const name = value.kind === 'apply' && value.fixity === 'name' && value.args.length === 0 && value.ref.path.length === 0;
        if (arity > 0 || (name && !paramScope.lookup(value.ref.name))) {
          return this.operatorSubstitution(decl, arity, value, outer, paramScope, instanceParams.length > 0);
        }
        return { kind: 'substituted', expr: this.expr(value, outer, paramScope), span: substitution.span };
      }
      const param = paramScope.lookup(decl.name);
      if (param) {
        // `P(Succ) == INSTANCE M`: M's Succ is the instance's parameter, as WITH Succ <- Succ would say.
        return { kind: 'substituted', expr: { kind: 'apply', ref: { kind: 'bound', id: param.id, name: decl.name, arity: param.arity }, args: [], fixity: 'name', span: decl.span }, span: decl.span };
      }
      const same = outer.get(decl.name);
      if (!same) {
        fail('E2001', `INSTANCE ${name.name} needs a value for ${what} ${decl.name}`, instance.span,
          `add WITH ${decl.name} <- ... or declare ${decl.name} in the instantiating module (declared at ${decl.span.file}:${decl.span.line}:${decl.span.col})`);
      }
      return same;
    };
    const context: DeclarationContext = {
      prefix,
      extended: new Map(),
      loading: new Set([module.name.name]),
      instanceParams: [...instanceParams, ...lazyParams],
      instantiated: true,
      declare: (decl, arity, what) => {
        used.add(decl.name);
        this.instances = outerInstances;
        try {
          const entry = bind(decl, arity, what);
          return what === 'variable' && instanceParams.length === 0 ? this.substitutedVariable(decl, entry, instanceId, `${prefix}${decl.name}`, module.name.name) : entry;
        } finally {
          this.instances = [...outerInstances, instanceId];
        }
      },
    };
    this.instances = [...outerInstances, instanceId];
    let exports: ReadonlyMap<string, Entry>;
    try {
      ({ exports } = this.module(module, context));
    } finally {
      this.instances = outerInstances;
    }
    for (const s of instance.substitutions) {
      if (!used.has(s.name.name)) {
        fail('E2001', `${name.name} has no CONSTANT or VARIABLE named ${s.name.name} to substitute`, s.name.span, `remove \`${s.name.name} <- ...\``);
      }
    }
    return lazy.size === 0 ? exports : this.entered(exports, [...lazy.values()], site);
  }

  /**
   * The substitutions `c <- e` that TLC evaluates lazily and we pass as arguments (eval's
   * LazyArgument): e is evaluated where M first uses c, once per entry into the instance, never if
   * unused. TLC binds each as a LazyValue when it enters the instance's definition (SubstInNode); so
   * do we: every definition of M takes c as a leading parameter, passed along inside M, and what the
   * instantiating module sees is a definition of the same name calling it with e (`entered`). Only
   * for a CONSTANT c of M replaced by a constant-level expression that is not a literal or a name
   * (nothing could differ), in an instance without parameters whose module (with what it extends)
   * defines no function `f[x \in S]` and instantiates nothing (those keep e inlined at each use).
   */
  private lazySubstitutions(module: Module, instance: InstanceExpr, outer: ReadonlyMap<string, Entry>): Map<string, LazySubstitution> {
    const lazy = new Map<string, LazySubstitution>();
    const constants = this.plainConstants(module, new Set());
    if (!constants) return lazy;
    for (const s of instance.substitutions) {
      const value = s.value;
      if (!constants.has(s.name.name) || value.kind === 'number' || value.kind === 'string' || value.kind === 'boolean' || (value.kind === 'apply' && value.fixity === 'name' && value.args.length === 0)) continue;
      const expr = this.expr(value, outer, emptyScope);
      if (!this.constantLevel(expr, new Set())) continue;
      lazy.set(s.name.name, { param: { binder: this.binder(s.name), arity: 0, span: s.span }, expr });
    }
    return lazy;
  }

  /** The CONSTANTs of arity 0 of `module` and what it extends; undefined when one of them defines a function or instantiates a module. */
  private plainConstants(module: Module, seen: Set<string>): Set<string> | undefined {
    const names = new Set<string>();
    if (seen.has(module.name.name)) return names;
    seen.add(module.name.name);
    for (const ext of module.extends) {
      const extended = isBuiltIn(ext.name, this.library.modules) ? undefined : this.library.modules.get(ext.name);
      const inner = extended ? this.plainConstants(extended, seen) : names;
      if (!inner) return undefined;
      for (const n of inner) names.add(n);
    }
    for (const unit of module.units) {
      if (unit.kind === 'function' || unit.kind === 'instance' || unit.kind === 'moduleDef') return undefined;
      if (unit.kind === 'constants') for (const decl of unit.decls) if (decl.arity === 0) names.add(decl.name.name);
    }
    return names;
  }

  /** Whether `e` reads no variable, step, bound name or `@`, through the definitions it uses. */
  private constantLevel(e: IRExpr, seen: Set<number>): boolean {
    const reads = readsOf(e);
    if (reads.variables || reads.actions || reads.local || reads.free.size > 0) return false;
    for (const index of reads.defs) {
      if (seen.has(index)) continue;
      seen.add(index);
      const def = this.defs[index];
      if (def === undefined || def.kind !== 'operator' || !this.constantLevel(def.body, seen)) return false;
    }
    return true;
  }

  /**
   * M's exports as the instantiating module sees them when substitutions are passed lazily: each
   * definition of M is one of the same name and parameters that calls it with the substitutions
   * (at `site`, where TLC's nested expressions name the INSTANCE), and `M!c` is e itself.
   */
  private entered(exports: ReadonlyMap<string, Entry>, lazy: readonly LazySubstitution[], site: Span): ReadonlyMap<string, Entry> {
    const byParam = new Map(lazy.map((l) => [l.param.binder.id, l.expr]));
    const passed = lazy.map((l) => l.expr);
    const wrappers = new Map<number, Entry>();
    const enter = (entry: Entry): Entry => {
      const e = entry.kind === 'substituted' ? entry.expr : undefined;
      if (e?.kind === 'apply' && e.ref.kind === 'bound' && byParam.has(e.ref.id)) return { kind: 'substituted', expr: byParam.get(e.ref.id)!, span: entry.span! };
      if (entry.kind !== 'target' || entry.target.kind !== 'def' || entry.leading?.length !== lazy.length) return entry;
      const index = entry.target.index;
      const known = wrappers.get(index);
      if (known) return known;
      const def = this.defs[index]!;
      if (def.kind !== 'operator') return entry;
      const params = def.params.slice(lazy.length).map((p): Param<ResolvedPhase> => ({ binder: this.binder(p.binder), arity: p.arity, span: p.span }));
      const body: IRExpr = { kind: 'apply', ref: entry.target, args: [...passed, ...params.map(boundRef)], fixity: 'call', span: site };
      const wrapper = this.reserveDef();
      this.defs[wrapper] = { kind: 'operator', name: this.binder(def.name), params, body, recursive: false, local: def.local, span: def.span, index: wrapper, module: def.module };
      const seen: Entry = { kind: 'target', target: { kind: 'def', index: wrapper, name: entry.target.name }, arity: entry.arity, ...(entry.span ? { span: entry.span } : {}) };
      wrappers.set(index, seen);
      return seen;
    };
    return new Map([...exports].map(([name, entry]) => [name, enter(entry)]));
  }

  /**
   * A VARIABLE v of an instantiated module that is not the instantiating module's own VARIABLE v:
   * a definition marked `substitutes` (names/ir.ts), so that ENABLED written in the instance can give
   * v a value of its own. A nested instance's same-named v is the enclosing instance's.
   */
  private substitutedVariable(decl: Ident, entry: Entry, instance: number, name: string, module: string): Entry {
    if (entry.kind === 'instance' || (entry.kind === 'target' && (entry.arity > 0 || (entry.target.kind === 'variable' && entry.target.name === decl.name)))) return entry;
    const expr: IRExpr = entry.kind === 'substituted' ? entry.expr : { kind: 'apply', ref: entry.target, args: [], fixity: 'name', span: decl.span };
    if (expr.kind === 'apply' && expr.ref.kind === 'def' && this.defs[expr.ref.index]?.substitutes?.variable === decl.name) return entry;
    const index = this.reserveDef();
    const substitutes = { variable: decl.name, instance, slot: this.substitutedVariables++ };
    this.defs[index] = { kind: 'operator', name: this.binder({ name, span: decl.span }), params: [], body: expr, recursive: false, local: true, span: decl.span, index, module, substitutes };
    const span = entry.kind === 'substituted' ? entry.span : decl.span;
    return { kind: 'substituted', expr: { kind: 'apply', ref: { kind: 'def', index, name }, args: [], fixity: 'name', span: decl.span }, span, replaces: entry };
  }

  /**
   * `WITH c <- Op` or `WITH c <- d`: c stands for the symbol Op (any arity) of the instantiating
   * module, or for the instance's parameter Op (an operator of a LET passed to its LET INSTANCE).
   */
  private operatorSubstitution(decl: Ident, arity: number, value: Expr, outer: ReadonlyMap<string, Entry>, params: LocalScope, parameterized: boolean): Entry {
    if (value.kind === 'lambda' && !parameterized) return this.lambdaSubstitution(decl, arity, value, outer);
    if (value.kind !== 'apply' || value.fixity !== 'name' || value.ref.path.length > 0) {
      fail('E1002', `unsupported construct: substituting an expression for the operator constant ${decl.name}`, value.span, 'substitute the name of an operator defined in the instantiating module');
    }
    const param = value.ref.path.length === 0 ? params.lookup(value.ref.name) : undefined;
    if (param) {
      if (param.arity !== arity) fail('E2002', `${decl.name} takes ${arity} argument(s) but ${value.ref.name} takes ${param.arity}`, value.span);
      return { kind: 'target', target: { kind: 'bound', id: param.id, name: value.ref.name, arity }, arity, span: value.span };
    }
    const entry = this.lookupModule(value.ref, outer, emptyScope);
    if (entry.kind === 'instance') fail('E2001', `${value.ref.name} is an instance, not an operator`, value.span);
    if (entry.kind === 'substituted') return entry;
    if (entry.arity !== arity) {
      fail('E2002', `${decl.name} takes ${arity} argument(s) but ${value.ref.name} takes ${entry.arity}`, value.span);
    }
    return entry;
  }

  /**
   * `WITH F <- LAMBDA s, l : e`: F becomes an anonymous definition of the instantiating module
   * (named LAMBDA), with the lambda's parameters; its body sees that module's names.
   */
  private lambdaSubstitution(decl: Ident, arity: number, lambda: Extract<Expr, { kind: 'lambda' }>, outer: ReadonlyMap<string, Entry>): Entry {
    if (lambda.params.length !== arity) {
      fail('E2002', `${decl.name} takes ${arity} argument(s) but the LAMBDA substituted for it takes ${lambda.params.length}`, lambda.span);
    }
    const index = this.reserveDef();
    const name = { name: 'LAMBDA', span: lambda.span };
    const def = this.operatorDef({ kind: 'operator', name, params: lambda.params, body: lambda.body, recursive: false, local: true, span: lambda.span }, outer, emptyScope);
    const instantiating = this.modulesInProgress[this.modulesInProgress.length - 2]!;
    this.defs[index] = { ...def, index, module: instantiating.name.name };
    return { kind: 'target', target: { kind: 'def', index, name: 'LAMBDA' }, arity, span: lambda.span };
  }

  private operatorDef(def: OperatorDef, scope: ReadonlyMap<string, Entry>, locals: LocalScope): OperatorDef<ResolvedPhase> {
    const params = this.params(def.params);
    const bodyScope = this.declare(locals, scope, new Map(params.map((p) => [p.binder.name, { id: p.binder.id, arity: p.arity, span: p.span }])));
    return { ...def, name: this.binder(def.name), params, body: this.expr(def.body, scope, bodyScope) };
  }

  /** `f[x \in S] == e`: `self` (the function's own binder) is visible in `e`. */
  private functionDef(def: FunctionDef, scope: ReadonlyMap<string, Entry>, locals: LocalScope, self?: BoundVar): FunctionDef<ResolvedPhase> {
    const { bounds, scope: inner } = this.bounds(def.bounds, scope, locals);
    return { ...def, name: self ?? this.binder(def.name), bounds, body: this.expr(def.body, scope, inner) };
  }

  /** The parameters p of `I(p) == INSTANCE M`: values only. */
  private instanceParameters(params: Param[]): Param<ResolvedPhase>[] {
    const resolved = this.params(params);
    const operatorParam = resolved.find((p) => p.arity > 0);
    if (operatorParam) fail('E1002', 'unsupported construct: an operator parameter of a parameterized INSTANCE', operatorParam.span);
    return resolved;
  }

  /**
   * `locals` with `vars` bound. SANY refuses a parameter, bound name or LET definition that declares
   * a name already visible where it is bound ("Multiply-defined symbol"): `\E i \in S : \E i \in T : P`
   * or a parameter named as a VARIABLE is an error, not shadowing.
   */
  private declare(locals: LocalScope, scope: ReadonlyMap<string, Entry>, vars: Map<string, LocalVar>): LocalScope {
    for (const [name, local] of vars) {
      const outer = locals.lookup(name);
      const entry = outer ? undefined : scope.get(name);
      if (!outer && !entry) continue;
      const where = outer?.span ?? (entry ? entrySpan(entry) : undefined);
      fail('E2004', `${name} is declared again within the scope of its declaration ${where ? `at ${where.file}:${where.line}:${where.col}` : 'by a standard module'}`, local.span, `rename this ${name}: TLA+ forbids declaring a name again in its scope (SANY: "Multiply-defined symbol")`);
    }
    return locals.with(vars);
  }

  private params(params: Param[]): Param<ResolvedPhase>[] {
    const seen = new Set<string>();
    return params.map((p) => {
      if (seen.has(p.binder.name)) fail('E2004', `duplicate parameter ${p.binder.name}`, p.span);
      seen.add(p.binder.name);
      return { binder: this.binder(p.binder), arity: p.arity, span: p.span };
    });
  }

  /** Bounds bind left to right; each set is resolved in the scope before its own names. */
  private bounds(bounds: Bound[], scope: ReadonlyMap<string, Entry>, locals: LocalScope): { bounds: Bound<ResolvedPhase>[]; scope: LocalScope } {
    const vars = new Map<string, LocalVar>();
    const resolved = bounds.map((b): Bound<ResolvedPhase> => {
      const set = this.expr(b.set, scope, locals);
      const names = b.names.map((n) => {
        if (vars.has(n.name)) fail('E2004', `${n.name} is bound twice`, n.span);
        const binder = this.binder(n);
        vars.set(n.name, { id: binder.id, arity: 0, span: n.span });
        return binder;
      });
      return { kind: b.kind, names, set, span: b.span };
    });
    return { bounds: resolved, scope: this.declare(locals, scope, vars) };
  }

  private lookupModule(ref: NameRef, scope: ReadonlyMap<string, Entry>, locals: LocalScope): Entry {
    let entries: ReadonlyMap<string, Entry> = scope;
    const instanceArgs: IRExpr[] = [];
    for (const [i, step] of ref.path.entries()) {
      const local = i === 0 ? locals.lookup(step.name)?.instance : undefined;
      if (local) instanceArgs.push(...local.leading);
      const entry = local?.entry ?? entries.get(step.name);
      if (!entry) this.unknown(step.name, entries, emptyScope, step.span);
      if (entry.kind !== 'instance') fail('E2001', `${step.name} is not a module instance, so ${step.name}!... names nothing`, step.span, `define ${step.name} == INSTANCE M`);
      if (step.args.length !== entry.params) {
        fail('E2002', `the instance ${step.name} takes ${entry.params} argument(s) but is given ${step.args.length}`, step.span, `write ${step.name}${entry.params > 0 ? `(${Array.from({ length: entry.params }, (_, i) => `e${i + 1}`).join(', ')})` : ''}!...`);
      }
      instanceArgs.push(...step.args.map((a) => this.expr(a, scope, locals)));
      entries = entry.exports;
    }
    const entry = entries.get(ref.name);
    if (entry && instanceArgs.length > 0) {
      // Seen from outside, the instance's parameters are the arguments written in the path.
      if (entry.kind === 'substituted') fail('E1002', `unsupported construct: ${ref.name} of a parameterized INSTANCE (a substituted CONSTANT or VARIABLE)`, ref.span, 'use it through a definition of the instantiated module');
      if (entry.kind === 'target') return { ...entry, leading: instanceArgs };
    }
    if (entry) return entry;
    const core = ref.path.length === 0 ? coreOperators[ref.name] : undefined;
    if (core !== undefined) return { kind: 'target', target: { kind: 'builtin', module: 'TLA+', name: ref.name, arity: core }, arity: core };
    return this.unknown(ref.name, entries, ref.path.length === 0 ? locals : emptyScope, ref.span, true);
  }

  /** E2001 for `name`; `operator`: the name applied (`Foo`, `I!Foo`: not an instance step), which SANY calls an unknown operator (TLC prints its words). */
  private unknown(name: string, entries: ReadonlyMap<string, Entry>, locals: LocalScope, span: Span, operator = false): never {
    if (unsupportedCoreOperators.has(name)) {
      fail('E1002', `unsupported construct: the temporal operator ${name}`, span, 'see tools/tla/SUPPORTED.md for the supported subset');
    }
    const later = [...this.modulesInProgress].reverse().flatMap((m) => m.units)
      .find((u): u is OperatorDef | FunctionDef => (u.kind === 'operator' || u.kind === 'function') && u.name.name === name);
    const candidate = closestName(name, [...entries.keys(), ...locals.names()]);
    let hint: string | undefined;
    if (later?.kind === 'operator' && contains(later.span, span)) {
      hint = `${name} can call itself only if declared first: add RECURSIVE ${name}${later.params.length > 0 ? `(${later.params.map(() => '_').join(', ')})` : ''} above it`;
    } else if (later) {
      hint = `${name} is defined below, at ${later.name.span.file}:${later.name.span.line}:${later.name.span.col}; TLA+ requires definitions before their use (or RECURSIVE)`;
    } else if (isStandardOperator(name)) {
      // Before a near spelling: `-` without EXTENDS Naturals is not a misspelt `x`.
      hint = `${name} is defined in the standard module ${standardModuleOf(name)}; add it to EXTENDS`;
    } else if (candidate !== undefined) {
      const local = locals.lookup(candidate);
      const where = local?.span ?? (entries.get(candidate) ? entrySpan(entries.get(candidate)!) : undefined);
      hint = `did you mean '${candidate}'?` + (where ? ` (declared at ${where.file}:${where.line}:${where.col})` : '');
    }
    throw new DiagnosticError({ ...diagnostic('E2001', `unknown identifier '${name}'`, span, hint), ...(operator ? { sany: { text: `Unknown operator: \`${name}'.`, at: span } } : {}) });
  }

  private expr(e: Expr, scope: ReadonlyMap<string, Entry>, locals: LocalScope, operand = false): IRExpr {
    const go = (x: Expr): IRExpr => this.expr(x, scope, locals);
    switch (e.kind) {
      case 'number': case 'string': case 'boolean': case 'exceptAt':
        return e;
      case 'apply':
        // Inline, not a callback: a 1,000-term sum nests 1,000 applications deep, and each level's frames count.
        try {
          return this.apply(e, scope, locals, operand);
        } catch (error) {
          return this.recovered(error, e.span);
        }
      case 'and': case 'or':
        return { ...e, args: e.args.map(go) };
      case 'lambda': {
        const params = this.params(e.params);
        const inner = this.declare(locals, scope, new Map(params.map((p) => [p.binder.name, { id: p.binder.id, arity: p.arity, span: p.span }])));
        return { ...e, params, body: this.expr(e.body, scope, inner) };
      }
      case 'if':
        return { ...e, cond: go(e.cond), then: go(e.then), else: go(e.else) };
      case 'case':
        return {
          kind: 'case', arms: e.arms.map((a) => ({ guard: go(a.guard), body: go(a.body), span: a.span })),
          ...(e.other ? { other: go(e.other), ...(e.otherSpan ? { otherSpan: e.otherSpan } : {}) } : {}), span: e.span,
        };
      case 'let': {
        let inner = locals;
        const defs: LetDef<ResolvedPhase>[] = [];
        for (const def of e.defs) {
          if (def.kind === 'moduleDef') {
            inner = this.declare(inner, scope, new Map([[def.name.name, this.letInstance(def, scope, inner)]]));
            continue;
          }
          const arity = def.kind === 'operator' ? def.params.length : 0;
          const self = this.binder(def.name);
          const withSelf = this.declare(inner, scope, new Map([[def.name.name, { id: self.id, arity, span: def.name.span }]]));
          const resolved: LetDef<ResolvedPhase> = def.kind === 'operator'
            ? { ...this.operatorDef(def, scope, def.recursive ? withSelf : inner), name: self }
            : this.functionDef(def, scope, withSelf, self);
          defs.push(resolved);
          inner = withSelf;
        }
        return { ...e, defs, body: this.expr(e.body, scope, inner) };
      }
      case 'quant': case 'funcCtor': {
        const { bounds, scope: inner } = this.bounds(e.bounds, scope, locals);
        return { ...e, bounds, body: this.expr(e.body, scope, inner) };
      }
      case 'unboundedQuant': {
        const names = e.names.map((n) => this.binder(n));
        const inner = this.declare(locals, scope, new Map(names.map((b) => [b.name, { id: b.id, arity: 0, span: b.span }])));
        return { ...e, names, body: this.expr(e.body, scope, inner) };
      }
      case 'choose': {
        const set = e.set ? go(e.set) : undefined;
        const names = e.names.map((n) => this.binder(n));
        const inner = this.declare(locals, scope, new Map(names.map((b) => [b.name, { id: b.id, arity: 0, span: b.span }])));
        return { kind: 'choose', names, tuple: e.tuple, ...(set ? { set } : {}), body: this.expr(e.body, scope, inner), span: e.span };
      }
      case 'setEnum':
        return { ...e, elems: e.elems.map(go) };
      case 'setFilter': {
        const { bounds, scope: inner } = this.bounds([e.bound], scope, locals);
        return { ...e, bound: bounds[0]!, pred: this.expr(e.pred, scope, inner) };
      }
      case 'setMap': {
        const { bounds, scope: inner } = this.bounds(e.bounds, scope, locals);
        return { ...e, bounds, body: this.expr(e.body, scope, inner) };
      }
      case 'cartesian':
        return { ...e, sets: e.sets.map(go) };
      case 'funcSet':
        return { ...e, domain: go(e.domain), range: go(e.range) };
      case 'funcApp':
        return { ...e, fn: go(e.fn), args: e.args.map(go) };
      case 'record': case 'recordSet': {
        const seen = new Set<string>();
        for (const f of e.fields) {
          if (seen.has(f.name)) fail('E2004', `duplicate field ${f.name}`, f.span);
          seen.add(f.name);
        }
        return { ...e, fields: e.fields.map((f) => ({ ...f, value: go(f.value) })) };
      }
      case 'field':
        return { ...e, record: go(e.record) };
      case 'except':
        return {
          ...e, fn: go(e.fn),
          updates: e.updates.map((u) => ({
            ...u, value: go(u.value),
            path: u.path.map((s): ExceptStep<ResolvedPhase> => (s.kind === 'index' ? { ...s, args: s.args.map(go) } : s)),
          })),
        };
      case 'tuple':
        return { ...e, elems: e.elems.map(go) };
      case 'prime': case 'unchanged': case 'always': case 'eventually':
        return { ...e, arg: go(e.arg) };
      case 'enabled':
        return { ...e, arg: go(e.arg), ...this.instancesWritten() };
      case 'leadsTo':
        return { ...e, lhs: go(e.lhs), rhs: go(e.rhs) };
      case 'boxAction': case 'angleAction':
        return { ...e, action: go(e.action), sub: go(e.sub) };
      case 'fairness':
        return { ...e, sub: go(e.sub), action: go(e.action), ...this.instancesWritten() };
      default:
        return e satisfies never;
    }
  }

  /**
   * `LET M(p) == INSTANCE Foo WITH c <- e`: Foo's definitions are resolved once, as those of a
   * parameterized instance whose parameters are the enclosing instances' parameters, then the LET's
   * bound names its substitutions read (the enclosing operator's parameters, quantified variables,
   * earlier LET definitions, operators among them), then p; `M(a)!Op` in the LET passes those names
   * (an operator as an operator argument), then a.
   */
  private letInstance(def: LetInstance, scope: ReadonlyMap<string, Entry>, locals: LocalScope): LocalVar {
    const params = this.instanceParameters(def.params);
    // The bound names the substitutions read, found by resolving them once where they are written.
    const ownParams = this.declare(locals, scope, new Map(params.map((p) => [p.binder.name, { id: p.binder.id, arity: 0, span: p.span }])));
    const free = new Set(def.instance.substitutions.flatMap((s) => [...readsOf(this.expr(s.value, scope, ownParams, true)).free]));
    const read = locals.names().filter((name, i, all) => all.indexOf(name) === i && free.has(locals.lookup(name)!.id));
    const captured = read.map((name): Param<ResolvedPhase> => {
      const local = locals.lookup(name)!;
      return { binder: this.binder({ name, span: local.span }), arity: local.arity, span: local.span };
    });
    const enclosing = this.instanceParams;
    const exports = this.instantiate(def.instance, scope, `${def.name.name}!`, [...enclosing, ...captured, ...params], def.span);
    const toRef = (id: number, name: string, arity: number, span: Span): IRExpr => ({ kind: 'apply', ref: { kind: 'bound', id, name, arity }, args: [], fixity: 'name', span });
    const leading = [
      ...enclosing.map((p) => toRef(p.binder.id, p.binder.name, p.arity, def.name.span)),
      ...read.map((name) => toRef(locals.lookup(name)!.id, name, locals.lookup(name)!.arity, def.name.span)),
    ];
    return { id: this.binder(def.name).id, arity: 0, span: def.name.span, instance: { entry: { kind: 'instance', exports, params: params.length, span: def.name.span }, leading } };
  }

  /** `instances` of an ENABLED or WF/SF written inside instantiated modules (ast.ts). */
  private instancesWritten(): { instances?: readonly number[] } {
    return this.instances.length > 0 ? { instances: this.instances } : {};
  }

  private apply(e: Extract<Expr, { kind: 'apply' }>, scope: ReadonlyMap<string, Entry>, locals: LocalScope, operand: boolean): IRExpr {
    if (e.ref.selectors) return this.subexpression(e.ref, e.ref.selectors, scope, locals);
    // A loop, not map: a 1,000-term sum nests 1,000 applications deep, and each level's frames count.
    const args: IRExpr[] = [];
    // Only an argument written in parentheses may be an operator (for an operator parameter): `x' = G` is G without its arguments.
    for (const a of e.args) args.push(this.expr(a, scope, locals, e.fixity === 'call'));
    const local = e.ref.path.length === 0 ? locals.lookup(e.ref.name) : undefined;
    let target: Resolved;
    let arity: number;
    let declared: Span | undefined;
    let leading: IRExpr[] = [];
    if (local?.instance) fail('E2001', `${e.ref.name} is a module instance; name one of its definitions as ${e.ref.name}!Op`, e.span);
    if (local) {
      target = { kind: 'bound', id: local.id, name: e.ref.name, arity: local.arity };
      arity = local.arity;
      declared = local.span;
    } else {
      const entry = this.lookupModule(e.ref, scope, locals);
      if (entry.kind === 'instance') {
        fail('E2001', `${e.ref.name} is a module instance; name one of its definitions as ${e.ref.name}!Op`, e.span);
      }
      if (entry.kind === 'substituted') {
        if (args.length > 0) fail('E2002', `${e.ref.name} takes no arguments`, e.span);
        return entry.lazy ? { ...entry.expr, span: e.span } : entry.expr;
      }
      target = entry.target;
      arity = entry.arity;
      declared = entry.span;
      leading = entry.leading ?? [];
    }
    const passedAsOperator = operand && args.length === 0 && arity > 0;
    if (args.length !== arity && !passedAsOperator) {
      const where = declared ? ` (declared at ${declared.file}:${declared.line}:${declared.col})` : '';
      // SANY places it at the arguments, from the parenthesis after the name, or at the name written without them.
      const at = e.fixity === 'call' ? { ...e.span, line: e.ref.span.endLine, col: e.ref.span.endCol } : e.ref.span;
      const sany = (e.fixity === 'call' || e.fixity === 'name') && e.ref.path.length === 0 ? { sany: { text: `The operator ${e.ref.name} requires ${arity} arguments.`, at } } : {};
      throw new DiagnosticError({ ...diagnostic('E2002', `${e.ref.name} takes ${arity} argument(s) but is given ${args.length}`, e.span, `${e.ref.name} is declared with ${arity} parameter(s)${where}`), ...sany });
    }
    if (leading.length > 0 && passedAsOperator) {
      fail('E1002', `unsupported construct: passing ${e.ref.name} of a parameterized INSTANCE as an operator argument`, e.span, 'wrap it: LAMBDA x : I(p)!Op(x)');
    }
    return { kind: 'apply', ref: target, args: [...leading, ...args], fixity: e.fixity, span: e.span };
  }

  /**
   * `Inv!2`, `Thm!:` (SANY's subexpression names): the part of the definition's resolved body that
   * the selectors name, used in place. Only definitions without parameters, defined above.
   */
  private subexpression(ref: NameRef, selectors: readonly SubexpressionSelector[], scope: ReadonlyMap<string, Entry>, locals: LocalScope): IRExpr {
    const written = `${ref.name}${selectors.map((s) => (s.kind === 'body' ? '!:' : `!${s.index}`)).join('')}`;
    if (ref.path.length === 0 && locals.lookup(ref.name)) {
      fail('E1002', `unsupported construct: a subexpression reference into a LET definition or parameter (${written})`, ref.span, 'name a module-level definition');
    }
    const entry = this.lookupModule(ref, scope, locals);
    if (entry.kind !== 'target' || entry.target.kind !== 'def') {
      fail('E2001', `${ref.name} is not a definition, so ${written} names no part of one`, ref.span, 'a subexpression reference starts with the name of an operator or theorem');
    }
    const def = this.defs[entry.target.index];
    if (def === undefined) fail('E2001', `${ref.name} is not defined yet, so ${written} names nothing`, ref.span, `move ${written} below the definition of ${ref.name}`);
    if (def.kind !== 'operator' || def.params.length > 0) {
      fail('E1002', `unsupported construct: a subexpression reference into a definition with parameters (${written})`, ref.span, 'define the part as an operator of its own');
    }
    return selectors.reduce((part, selector, i) => selectPart(part, selector, i, written), def.body);
  }
}

/** The part of `e` that one selector names; the `i`-th selector of `written`. */
function selectPart(e: IRExpr, selector: SubexpressionSelector, i: number, written: string): IRExpr {
  if (selector.kind === 'body') {
    if (i > 0) fail('E1002', `unsupported construct: !: after another selector (${written})`, selector.span, '!: names the body of the definition and comes first');
    return e;
  }
  const n = selector.index;
  let operands: IRExpr[] | undefined;
  // A junction list is n-ary; `a /\ b /\ c` without bullets nests in SANY, which the IR does not keep.
  if ((e.kind === 'and' || e.kind === 'or') && (e.bulleted || e.args.length === 2)) operands = e.args;
  else if (e.kind === 'if') operands = [e.cond, e.then, e.else];
  // Written operands only: an operator of a parameterized instance also takes the instance's arguments first.
  else if (e.kind === 'apply' && e.args.length === (e.fixity === 'infix' ? 2 : e.fixity === 'name' || e.fixity === 'call' ? -1 : 1)) operands = e.args;
  if (!operands) {
    const what = e.kind === 'and' || e.kind === 'or' ? 'an unbulleted junction of more than two terms' : `an expression of kind ${e.kind === 'apply' ? `${e.fixity} application` : e.kind}`;
    fail('E1002', `unsupported construct: the selector !${n} of ${written} into ${what}`, selector.span,
      'subexpression references select an item of a bulleted /\\ or \\/ list, an operand of an infix or prefix operator, or a part of IF/THEN/ELSE');
  }
  const part = operands[n - 1];
  if (!part) fail('E2001', `${written}: the expression has ${operands.length} operand(s), so !${n} names none`, selector.span, `select 1 to ${operands.length}`);
  return part;
}

/** A substitution passed lazily (Resolver.lazySubstitutions): the parameter that stands for c inside M, and e. */
interface LazySubstitution {
  param: Param<ResolvedPhase>;
  expr: IRExpr;
}

/** A reference to a parameter, as an argument (an operator parameter passed as an operator). */
function boundRef(p: Param<ResolvedPhase>): IRExpr {
  return { kind: 'apply', ref: { kind: 'bound', id: p.binder.id, name: p.binder.name, arity: p.arity }, args: [], fixity: 'name', span: p.span };
}

/** The leading arguments of definitions made in `context`: its instance parameters, as bound references. */
function leadingOf(context: DeclarationContext): { leading?: IRExpr[] } {
  if (context.instanceParams.length === 0) return {};
  return {
    leading: context.instanceParams.map(boundRef),
  };
}

/** A standard module, unless it is a community module the user supplied as a file. */
function isBuiltIn(name: string, supplied: ReadonlyMap<string, unknown>): name is StandardModuleName {
  return isStandardModule(name) && !(standardModules[name].community && supplied.has(name));
}

/**
 * The operators a built-in module exports, with those of the modules it extends; `supplied` gives the
 * exports of a module the user supplied as a file (a community module it extends, e.g. Functions
 * under SequencesExt), so that one module of that name serves everywhere, as in TLC.
 */
function standardExports(name: StandardModuleName, supplied: (name: StandardModuleName) => ReadonlyMap<string, Entry> | undefined = () => undefined): ReadonlyMap<string, Entry> {
  const exports = new Map<string, Entry>();
  const add = (module: StandardModuleName): void => {
    for (const ext of standardModules[module].extends) {
      const user = supplied(ext);
      if (user) for (const [op, entry] of user) exports.set(op, entry);
      else add(ext);
    }
    for (const [op, arity] of Object.entries(standardModules[module].operators)) {
      exports.set(op, { kind: 'target', target: { kind: 'builtin', module, name: op, arity }, arity });
    }
  };
  add(name);
  return exports;
}

function isStandardOperator(name: string): boolean {
  return standardModuleOf(name) !== undefined;
}

function standardModuleOf(name: string): StandardModuleName | undefined {
  return (Object.keys(standardModules) as StandardModuleName[]).find((m) => Object.hasOwn(standardModules[m].operators, name));
}

/** Whether `inner` lies within `outer`. */
function contains(outer: Span, inner: Span): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return outer.file === inner.file && before(outer.line, outer.col, inner.line, inner.col) && before(inner.endLine, inner.endCol, outer.endLine, outer.endCol);
}

/** An operator or function definition (a module's or a standard module's), not a declaration or an instance. */
function isDefinition(entry: Entry): entry is Extract<Entry, { kind: 'target' }> {
  return entry.kind === 'target' && (entry.target.kind === 'def' || entry.target.kind === 'builtin');
}

function entrySpan(entry: Entry): Span | undefined {
  return entry.span;
}

/** The same symbol reached twice (a module extended along two paths) is not a duplicate. */
function sameEntry(a: Entry, b: Entry): boolean {
  if (a.kind === 'substituted' && a.replaces) return sameEntry(a.replaces, b);
  if (b.kind === 'substituted' && b.replaces) return sameEntry(a, b.replaces);
  if (a.kind === 'target' && b.kind === 'target') {
    const x = a.target;
    const y = b.target;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case 'builtin': return y.kind === 'builtin' && x.module === y.module && x.name === y.name;
      case 'def': return y.kind === 'def' && x.index === y.index;
      case 'constant': return y.kind === 'constant' && x.index === y.index;
      case 'variable': return y.kind === 'variable' && x.index === y.index;
      case 'bound': return false;
      default: return x satisfies never;
    }
  }
  return a === b;
}

/** `THEOREM T == e` and `ASSUME A == e` define T and A as operators without parameters. */
function namedStatement(name: Ident, body: Expr, span: Span): OperatorDef {
  return { kind: 'operator', name, params: [], body, recursive: false, local: false, span };
}
