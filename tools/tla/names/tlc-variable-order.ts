// The order in which TLC lists a spec's variables (states in traces, the coverage report): SANY's
// ModuleNode.getVariableDecls(), the reverse of the enumeration of the root module's symbol table.
// That table (tla2sany/semantic/Context) is a java.util.Hashtable holding every name the module
// knows, the built-in operators and what EXTENDS and INSTANCE bring included, so the order depends
// on all of them: this file replays what SANY adds, in SANY's order, into a simulated Hashtable.
import type { Module } from '../syntax/ast.js';
import { isStandardModule, standardModules } from '../stdlib/standard-modules.js';
import { sanyStandardUnits } from './sany-standard-units.js';

/** Java's String.hashCode over UTF-16 code units, as a signed 32-bit integer. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * java.util.Hashtable as created by `new Hashtable<>()` (capacity 11, load factor 0.75): a new key
 * goes at the head of its bucket's chain, after a rehash to 2n+1 buckets when the count reached
 * the threshold; putting a key again keeps its place. Enumeration runs from the last bucket down,
 * each chain from its head. Keys compare by `id`, hash by `hashName`.
 */
export class JavaHashtable<K extends { id: string; hashName: string }> {
  /** Each chain with its head last. */
  private buckets: K[][] = Array.from({ length: 11 }, () => []);
  private threshold = 8;
  private readonly ids = new Set<string>();

  has(id: string): boolean {
    return this.ids.has(id);
  }

  put(key: K): void {
    if (this.ids.has(key.id)) return;
    if (this.ids.size >= this.threshold) this.rehash();
    this.bucket(key, this.buckets.length).push(key);
    this.ids.add(key.id);
  }

  /** The keys in the order Hashtable.keys() / elements() gives them. */
  enumerate(): K[] {
    const out: K[] = [];
    for (let i = this.buckets.length - 1; i >= 0; i--) {
      const chain = this.buckets[i]!;
      for (let j = chain.length - 1; j >= 0; j--) out.push(chain[j]!);
    }
    return out;
  }

  private bucket(key: K, capacity: number): K[] {
    return this.buckets[(javaStringHash(key.hashName) & 0x7fffffff) % capacity]!;
  }

  /** Old buckets from the last down, each chain from its head, each entry to the head of its new chain. */
  private rehash(): void {
    const old = this.buckets;
    const capacity = old.length * 2 + 1;
    this.buckets = Array.from({ length: capacity }, () => []);
    // Java computes the threshold in float: exact for any capacity reached here.
    this.threshold = Math.floor(capacity * 0.75);
    for (let i = old.length - 1; i >= 0; i--) {
      const chain = old[i]!;
      for (let j = chain.length - 1; j >= 0; j--) this.bucket(chain[j]!, capacity).push(chain[j]!);
    }
  }
}

/** A symbol of a module's context, as SANY's Context classes its SymbolNode. */
interface ContextSymbol {
  /** Key identity: a module's name is keyed apart from an operator of the same name (SymbolTable.ModuleName). */
  id: string;
  /** The name as SANY spells it (`\leq` for `<=`), which the key hashes. */
  hashName: string;
  kind: 'builtin' | 'constant' | 'variable' | 'definition' | 'instance' | 'theorem' | 'module';
  local: boolean;
  /** The module SANY records as where the symbol was originally defined (null for built-ins). */
  origin: SanyContext | null;
}

/**
 * TLA+'s built-in operators in the order of SANY's BuiltInOperators (recorded from SANY): every
 * top-level module's context starts as a copy of this table, copied from its last entry back.
 */
const builtIns = [
  'STRING', 'FALSE', 'TRUE', 'BOOLEAN', '=', '/=', '.', "'", '\\lnot', '\\neg', '\\land', '\\lor', '\\equiv', '=>', 'SUBSET', 'UNION',
  'DOMAIN', '\\subseteq', '\\in', '\\notin', '\\', '\\intersect', '\\union', '\\times', '~>', '[]', '<>', 'ENABLED', 'UNCHANGED',
  '\\cdot', '-+->', '$AngleAct', '$BoundedChoose', '$BoundedExists', '$BoundedForall', '$CartesianProd', '$Case', '$ConjList',
  '$DisjList', '$Except', '$FcnApply', '$FcnConstructor', '$IfThenElse', '$NonRecursiveFcnSpec', '$Pair', '$RcdConstructor',
  '$RcdSelect', '$RecursiveFcnSpec', '$Seq', '$SetEnumerate', '$SetOfAll', '$SetOfFcns', '$SetOfRcds', '$SF', '$SquareAct',
  '$SubsetOf', '$TemporalExists', '$TemporalForall', '$TemporalWhile', '$Tuple', '$UnboundedChoose', '$UnboundedExists',
  '$UnboundedForall', '$WF', '$Nop', '$Qed', '$Pfcase', '$Have', '$Take', '$Pick', '$Witness', '$Suffices',
];

/** One module's symbol table: the Hashtable and what was added to it, in order (Context's chain of Pairs). */
class SanyContext {
  readonly table = new JavaHashtable<ContextSymbol>();
  readonly added: ContextSymbol[] = [];

  /** `outer`: the contexts searched after this one (an inner module sees its enclosing modules' symbols). */
  constructor(readonly outer: readonly SanyContext[] = []) {}

  /** A top-level module's context (SymbolTable's constructor duplicates the built-ins' context, from its last entry back). */
  static topLevel(): SanyContext {
    const context = new SanyContext();
    for (const name of builtIns) context.added.push({ id: name, hashName: name, kind: 'builtin', local: false, origin: null });
    for (let i = context.added.length - 1; i >= 0; i--) context.table.put(context.added[i]!);
    return context;
  }

  /** Context.addSymbolToContext. */
  private insert(symbol: ContextSymbol): void {
    this.table.put(symbol);
    this.added.push(symbol);
  }

  /** SymbolTable.addSymbol: added unless a context searched already binds the name. */
  add(symbol: ContextSymbol): void {
    if (!this.table.has(symbol.id) && !this.outer.some((c) => c.table.has(symbol.id))) this.insert(symbol);
  }

  /** Context.mergeExtendContext (EXTENDS): `from`'s non-local symbols in the order added, those this table lacks. */
  extend(from: SanyContext): void {
    for (const symbol of from.added) if (!symbol.local && !this.table.has(symbol.id)) this.insert(symbol);
  }

  /** ModuleNode.isParameterFree: no CONSTANT or VARIABLE in the table. */
  parameterFree(): boolean {
    return !this.added.some((s) => s.kind === 'constant' || s.kind === 'variable');
  }

  /**
   * Generator.generateInstance (an unnamed `INSTANCE M`): M's definitions, then its theorems, in
   * enumeration order (Context.getByClass), each under its own name. SANY keeps, without adding it,
   * a theorem of a parameter-free module reached through an M with parameters.
   */
  instance(of: SanyContext, local: boolean): void {
    const withParameters = !of.parameterFree();
    const symbols = of.table.enumerate();
    const origin = (s: ContextSymbol) => (withParameters && !s.origin!.parameterFree() ? this : s.origin);
    for (const s of symbols) if (s.kind === 'definition' && !s.local) this.add({ ...s, local, origin: origin(s) });
    for (const s of symbols) {
      if (s.kind !== 'theorem' || s.local || (withParameters && s.origin!.parameterFree() && !local)) continue;
      this.add({ ...s, local, origin: origin(s) });
    }
  }

  /** Generator.processModuleDefinition (`I == INSTANCE M`): `I!Op` for M's definitions and instances, then its theorems, then I. */
  namedInstance(name: string, of: SanyContext, local: boolean): void {
    const symbols = of.table.enumerate();
    const qualified = (s: ContextSymbol): ContextSymbol => ({ id: `${name}!${s.hashName}`, hashName: `${name}!${s.hashName}`, kind: s.kind, local, origin: this });
    for (const s of symbols) if (!s.local && (s.kind === 'definition' || s.kind === 'instance')) this.add(qualified(s));
    for (const s of symbols) if (!s.local && s.kind === 'theorem') this.add(qualified(s));
    this.add({ id: name, hashName: name, kind: 'instance', local, origin: this });
  }
}

/** A unit of a module as it adds to the symbol table. */
type SanyUnit =
  | { kind: 'symbol'; name: string; symbol: 'constant' | 'variable' | 'definition' | 'theorem'; local: boolean }
  | { kind: 'instance'; module: string; name?: string; local: boolean }
  | { kind: 'module'; module: Module };

/** SANY's canonical spellings of the user-definable operators where ours differ (tla2sany/parser/Operators.java's synonyms). */
const sanySpellings: Readonly<Record<string, string>> = {
  '<=': '\\leq', '>=': '\\geq', '(+)': '\\oplus', '(-)': '\\ominus', '(.)': '\\odot', '(/)': '\\oslash', '(\\X)': '\\otimes',
};

function sanyName(name: string): string {
  // Own keys only: a spec may name a definition toString or constructor (tla2ts's hostile-spec test).
  return Object.hasOwn(sanySpellings, name) ? sanySpellings[name]! : name;
}

function unitsOf(module: Module): SanyUnit[] {
  const symbol = (name: string, kind: 'constant' | 'variable' | 'definition' | 'theorem', local = false): SanyUnit => ({ kind: 'symbol', name: sanyName(name), symbol: kind, local });
  return module.units.flatMap((unit): SanyUnit[] => {
    switch (unit.kind) {
      case 'operator': case 'function': return [symbol(unit.name.name, 'definition', unit.local)];
      case 'constants': return unit.decls.map((d) => symbol(d.name.name, 'constant'));
      case 'variables': return unit.names.map((n) => symbol(n.name, 'variable'));
      // Generator.processRecursive adds the operator where it is declared, not LOCAL.
      case 'recursive': return unit.decls.map((d) => symbol(d.name.name, 'definition'));
      case 'instance': return [{ kind: 'instance', module: unit.instance.module.name, local: unit.local }];
      case 'moduleDef': return [{ kind: 'instance', module: unit.instance.module.name, name: unit.name.name, local: unit.local }];
      case 'assume': case 'theorem': return unit.name ? [symbol(unit.name.name, 'theorem')] : [];
      case 'module': return [{ kind: 'module', module: unit.module }];
      default: return unit satisfies never;
    }
  });
}

/** The units of a standard module, from sany-standard-units.ts's notation. */
function standardUnits(units: readonly string[]): SanyUnit[] {
  return units.map((text): SanyUnit => {
    const words = text.split(' ');
    const local = words[0] === 'LOCAL';
    const [first, second] = local ? words.slice(1) : words;
    if (first === 'INSTANCE') return { kind: 'instance', module: second!, local };
    if (first === 'THEOREM') return { kind: 'symbol', name: second!, symbol: 'theorem', local };
    return { kind: 'symbol', name: first!, symbol: 'definition', local };
  });
}

/** Builds the symbol tables of the modules a spec reads, each top-level module's once, as SANY's module table holds them. */
class SanyModules {
  private readonly contexts = new Map<string, SanyContext | null>();

  /** `files`: the modules read from files; a community module among them replaces the built-in one, as in the names phase. */
  constructor(private readonly files: ReadonlyMap<string, Module>) {}

  /** The context of the top-level module `name`; null for one neither read nor listed (TLAPS's theorem libraries). */
  topLevel(name: string): SanyContext | null {
    let context = this.contexts.get(name);
    if (context !== undefined) return context;
    const file = this.files.get(name);
    const standard = isStandardModule(name) && !(standardModules[name].community && file) ? sanyStandardUnits[name] : undefined;
    context = standard ? SanyContext.topLevel() : file ? SanyContext.topLevel() : null;
    this.contexts.set(name, context);
    if (context && standard) this.build(context, standard.extends, standardUnits(standard.units), new Map());
    else if (context && file) this.build(context, file.extends.map((e) => e.name), unitsOf(file), new Map());
    return context;
  }

  /** Generator.generateModule: EXTENDS, then each unit; `inner` holds the inner modules in scope (SymbolTable.resolveModule). */
  private build(context: SanyContext, extended: readonly string[], units: readonly SanyUnit[], inner: Map<string, SanyContext>): void {
    const lookUp = (name: string) => inner.get(name) ?? this.topLevel(name);
    for (const name of extended) {
      const from = lookUp(name);
      if (from) context.extend(from);
    }
    for (const unit of units) {
      switch (unit.kind) {
        case 'symbol':
          context.add({ id: unit.name, hashName: unit.name, kind: unit.symbol, local: unit.local, origin: context });
          break;
        case 'instance': {
          const of = lookUp(unit.module);
          if (!of) break;
          if (unit.name === undefined) context.instance(of, unit.local);
          else context.namedInstance(unit.name, of, unit.local);
          break;
        }
        case 'module': {
          const name = unit.module.name.name;
          // A module after the end of this one in its file is a top-level module of its own.
          if (this.files.get(name) === unit.module) break;
          // An inner module's table starts empty and sees the enclosing ones; the module's name is keyed apart.
          const nested = new SanyContext([context, ...context.outer]);
          this.build(nested, unit.module.extends.map((e) => e.name), unitsOf(unit.module), new Map(inner));
          context.add({ id: `MODULE ${name}`, hashName: name, kind: 'module', local: false, origin: context });
          inner.set(name, nested);
          break;
        }
        default:
          unit satisfies never;
      }
    }
  }
}

/**
 * The root module's symbol table in SANY's enumeration order: each name as SANY spells it, a module's
 * as `MODULE M`. `files`: every top-level module read from a file, by name (the root's included);
 * the standard modules come from sany-standard-units.ts.
 */
export function sanySymbolTable(root: string, files: ReadonlyMap<string, Module>): { key: string; kind: ContextSymbol['kind'] }[] {
  const context = new SanyModules(files).topLevel(root);
  return (context?.table.enumerate() ?? []).map((s) => ({ key: s.id, kind: s.kind }));
}

/** The root module's variables in TLC's order: ModuleNode.getVariableDecls() reverses the table's enumeration. */
export function tlcVariableOrder(root: string, files: ReadonlyMap<string, Module>): string[] {
  return sanySymbolTable(root, files).filter((s) => s.kind === 'variable').map((s) => s.key).reverse();
}
