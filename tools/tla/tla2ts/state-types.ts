// The type of each VARIABLE, read from the spec's type invariant (TypeOK) as TLA+ authors write it:
// a conjunction of `x \in S`, `x \subseteq S` and `DOMAIN f = D /\ \A p \in D : f[p] \in S` (or
// `f[p] \subseteq S`, `Range(f[p]) \subseteq S`), S built from Nat, Int, a..b, BOOLEAN, STRING,
// {literals}, SUBSET, [D -> R], [a : S, ...], Seq(S), \X, \cup, \cap, \, {x \in S : P}, definitions
// and CONSTANTs (whose values under the .cfg tell their elements' type). Anything else leaves the
// variable (or the part) a Value, and the output says why in a comment.
import { EvalContext, Interpreter, type InterpreterOptions } from '../eval/index.js';
import type { IRExpr, ResolvedModule } from '../names/index.js';
import { finiteElements, startStringOrder, isFcn, isSet, type FcnValue, type Value } from '../values/index.js';
import type { StateType } from './typed-state.js';

/** Evaluates a constant-level set expression under the .cfg, or undefined when it cannot. */
export type ConstantEvaluator = (e: IRExpr) => Value | undefined;

/** Evaluates constant-level sets under the .cfg's constants (`options`), undefined when it cannot. */
export function constantEvaluator(module: ResolvedModule, options: InterpreterOptions): ConstantEvaluator {
  const interp = new Interpreter(module, options);
  const ctx = new EvalContext({ print: () => undefined, random: () => 0, registers: new Map(), strings: startStringOrder() });
  return (e) => {
    try {
      return interp.compile(e)(ctx);
    } catch {
      return undefined; // an unbound constant, a variable: the type stays a Value, and the output says why
    }
  };
}

/** Definitions tla2ts reads types from, first found first: the usual names of a type invariant. */
const typeInvariantNames = /^(TypeOK|TypeOk|TypeInvariant|TypeInv|TypeOKInv|TypesOK)$/;

/** The definition holding the type invariant: an INVARIANT named like one, else a definition so named. */
export function typeInvariantOf(module: ResolvedModule, invariants: readonly string[]): number | undefined {
  const named = (name: string) => typeInvariantNames.test(name) || typeInvariantNames.test(name.replace(/^[A-Z][A-Z]*(?=Type)/, ''));
  const fromCfg = invariants.find(named);
  const def = module.defs.find((d) => d.name.name === fromCfg) ?? module.defs.find((d) => d.kind === 'operator' && d.params.length === 0 && typeInvariantNames.test(d.name.name));
  return def?.index;
}

/** Every variable a Value: what the output says when no type invariant was read. */
export function untypedStates(module: ResolvedModule, why = 'no type invariant (TypeOK) was read for this module'): StateType[] {
  return module.variables.map(() => ({ kind: 'value', why }));
}

type Apply = Extract<IRExpr, { kind: 'apply' }>;

/** The type of each variable from the type invariant `typeOk` (a definition index). */
export function stateTypes(module: ResolvedModule, typeOk: number | undefined, evaluate: ConstantEvaluator): StateType[] {
  if (typeOk === undefined) return untypedStates(module);
  const typeOkName = module.defs[typeOk]!.name.name;
  const found: (StateType | undefined)[] = module.variables.map(() => undefined);
  const visiting = new Set<number>();
  /** `DOMAIN v = D`: v's domain, by variable. */
  const domains = new Map<number, IRExpr>();
  /** `\A p \in S : v[p] \in T` (or `\subseteq T`, or `Range(v[p]) \subseteq T`): v's values over S, by variable. */
  const pointwise = new Map<number, { over: IRExpr; to: StateType }>();
  const conjuncts = (e: IRExpr): void => {
    if (e.kind === 'and') return e.args.forEach(conjuncts);
    if (e.kind === 'quant') return valuesAt(e);
    if (e.kind !== 'apply') return;
    const domainOf = e.ref.kind === 'builtin' && e.ref.name === '=' ? domainVariable(e.args[0]!) : undefined;
    if (domainOf !== undefined) {
      if (!domains.has(domainOf)) domains.set(domainOf, e.args[1]!);
      return;
    }
    if (e.ref.kind === 'def' && e.args.length === 0 && !visiting.has(e.ref.index)) {
      const def = module.defs[e.ref.index]!;
      visiting.add(e.ref.index);
      if (def.kind === 'operator') conjuncts(def.body);
      return;
    }
    const [lhs, set] = e.args;
    if (e.ref.kind !== 'builtin' || e.ref.module !== 'TLA+' || lhs?.kind !== 'apply' || lhs.ref.kind !== 'variable' || set === undefined) return;
    const variable = lhs.ref.index;
    if (found[variable] !== undefined) return;
    const hint = capitalized(lhs.ref.name);
    if (e.ref.name === '\\in') found[variable] = elementType(set, hint);
    else if (e.ref.name === '\\subseteq') found[variable] = { kind: 'set', elem: elementType(set, hint) };
  };

  /** The type of the elements of the set `e`; `hint` names the records found in it. */
  const elementType = (e: IRExpr, hint: string): StateType => {
    switch (e.kind) {
      case 'setEnum':
        if (e.elems.length > 0 && e.elems.every((x) => x.kind === 'string')) return { kind: 'string', literals: [...new Set(e.elems.map((x) => (x as { value: string }).value))] };
        if (e.elems.length > 0 && e.elems.every((x) => x.kind === 'number')) return { kind: 'int' };
        if (e.elems.length > 0 && e.elems.every((x) => x.kind === 'boolean')) return { kind: 'bool' };
        // {NoFault}: records in it are named after the definition
        return evaluated(e, e.elems[0]?.kind === 'apply' && e.elems[0].ref.kind === 'def' && e.elems[0].args.length === 0 ? capitalized(e.elems[0].ref.name) : hint);
      case 'setFilter':
        return elementType(e.bound.set, hint);
      case 'funcSet':
        return { kind: 'fcn', from: elementType(e.domain, `${hint}Key`), to: elementType(e.range, hint) };
      case 'recordSet':
        return { kind: 'record', name: hint, fields: [...e.fields].sort((a, b) => (a.name < b.name ? -1 : 1)).map((f) => [f.name, elementType(f.value, `${hint}${capitalized(f.name)}`)]) };
      case 'cartesian':
        return { kind: 'tuple', elems: e.sets.map((s, i) => elementType(s, `${hint}${i + 1}`)) };
      case 'apply':
        return applied(e, hint);
      default:
        return evaluated(e, hint);
    }
  };

  const applied = (e: Apply, hint: string): StateType => {
    const { ref } = e;
    if (ref.kind === 'builtin') {
      const [a, b] = e.args;
      switch (`${ref.module} ${ref.name}`) {
        case 'Naturals Nat':
        case 'Integers Int':
        case 'Naturals ..':
          return { kind: 'int' };
        case 'TLA+ BOOLEAN':
          return { kind: 'bool' };
        case 'TLA+ STRING':
          return { kind: 'string' };
        case 'TLA+ SUBSET':
          return { kind: 'set', elem: elementType(a!, hint) };
        case 'Sequences Seq':
          return { kind: 'seq', elem: elementType(a!, hint) };
        case 'TLA+ \\cup':
          return union(elementType(a!, hint), elementType(b!, hint));
        case 'TLA+ \\cap':
        case 'TLA+ \\':
          return elementType(a!, hint);
      }
      return evaluated(e, hint);
    }
    if (ref.kind === 'def' && e.args.length === 0) {
      const def = module.defs[ref.index]!;
      if (def.kind === 'operator' && !visiting.has(ref.index)) {
        visiting.add(ref.index);
        const type = elementType(def.body, capitalized(ref.name));
        visiting.delete(ref.index);
        return type;
      }
    }
    return evaluated(e, hint);
  };

  /** A set tla2ts cannot read by its shape: the type its elements have under the .cfg, when they share one. */
  const evaluated = (e: IRExpr, hint: string): StateType => {
    const value = evaluate(e);
    if (value === undefined || !isSet(value)) return { kind: 'value', why: `${typeOkName} bounds it by a set that is not a constant tla2ts can evaluate (line ${e.span.line})` };
    let elems: readonly Value[];
    try {
      elems = finiteElements(value);
    } catch {
      return { kind: 'value', why: `${typeOkName} bounds it by a set tla2ts cannot enumerate (line ${e.span.line})` };
    }
    return typeOfValues(elems, hint) ?? { kind: 'value', why: `the elements of the set on line ${e.span.line} are ${elems.length === 0 ? 'none (an empty set)' : 'not all of one shape tla2ts can name'}` };
  };

  /** The conjuncts of `\A p \in S : ...` that bound `v[p]` for a variable v. */
  const valuesAt = (e: Extract<IRExpr, { kind: 'quant' }>): void => {
    const bound = e.bounds[0];
    if (e.quantifier !== 'forall' || e.bounds.length !== 1 || bound?.kind !== 'names' || bound.names.length !== 1) return;
    const p = bound.names[0]!.id;
    /** The variable v of `v[p]`, or undefined. */
    const pointOf = (x: IRExpr | undefined): Apply | undefined =>
      x?.kind === 'funcApp' && x.fn.kind === 'apply' && x.fn.ref.kind === 'variable' && x.args.length === 1 && x.args[0]!.kind === 'apply' && x.args[0]!.ref.kind === 'bound' && x.args[0]!.ref.id === p ? x.fn : undefined;
    const facts = (c: IRExpr): void => {
      if (c.kind === 'and') return c.args.forEach(facts);
      if (c.kind !== 'apply' || c.ref.kind !== 'builtin' || c.ref.module !== 'TLA+' || c.args.length !== 2) return;
      const [lhs, set] = c.args as [IRExpr, IRExpr];
      const direct = pointOf(lhs);
      const ranged = lhs.kind === 'apply' && isRange(lhs) ? pointOf(lhs.args[0]) : undefined;
      const v = direct ?? ranged;
      if (v === undefined || v.ref.kind !== 'variable' || pointwise.has(v.ref.index)) return;
      const hint = capitalized(v.ref.name);
      let to: StateType | undefined;
      if (direct && c.ref.name === '\\in') to = elementType(set, hint);
      else if (direct && c.ref.name === '\\subseteq') to = { kind: 'set', elem: elementType(set, hint) };
      else if (ranged && c.ref.name === '\\subseteq') {
        // Range(v[p]) \subseteq T bounds the values, not the domain: a sequence, or else a function.
        const elem = elementType(set, hint);
        to = { kind: 'union', of: [{ kind: 'seq', elem }, { kind: 'fcn', from: { kind: 'value', why: `${typeOkName} bounds only the range (line ${c.span.line})` }, to: elem }] };
      }
      if (to) pointwise.set(v.ref.index, { over: bound.set, to });
    };
    facts(e.body);
  };

  const typeOkDef = module.defs[typeOk]!;
  if (typeOkDef.kind === 'operator') conjuncts(typeOkDef.body);
  // `DOMAIN v = D /\ \A p \in D : v[p] \in T`: v is a function from D to T.
  for (const [v, domain] of domains) {
    if (found[v] !== undefined) continue;
    const hint = capitalized(module.variables[v]!.name);
    const values = pointwise.get(v);
    const over = values && (sameExpression(values.over, domain) || domainVariable(values.over) === v);
    found[v] = {
      kind: 'fcn',
      from: elementType(domain, `${hint}Key`),
      to: over ? values.to : { kind: 'value', why: `${typeOkName} gives the domain of ${module.variables[v]!.name} but no \\A over it bounding its values` },
    };
  }
  return found.map((t, i) => t ?? { kind: 'value', why: `${typeOkName} has no conjunct \`${module.variables[i]!.name} \\in S\` or \`${module.variables[i]!.name} \\subseteq S\`` });
}

/** The variable v of `DOMAIN v`, or undefined. */
function domainVariable(e: IRExpr): number | undefined {
  if (e.kind !== 'apply' || e.ref.kind !== 'builtin' || e.ref.name !== 'DOMAIN') return undefined;
  const arg = e.args[0];
  return arg?.kind === 'apply' && arg.ref.kind === 'variable' ? arg.ref.index : undefined;
}

/** `Range(f)`: the Functions module's, or a definition so named of one parameter (as specs write it). */
function isRange(e: Apply): boolean {
  return e.args.length === 1 && e.ref.name === 'Range' && (e.ref.kind === 'def' || (e.ref.kind === 'builtin' && e.ref.module === 'Functions'));
}

/** The same expression, written at two places (spans aside). */
function sameExpression(a: IRExpr, b: IRExpr): boolean {
  const text = (e: IRExpr) => JSON.stringify(e, (key, value: unknown) => (key === 'span' ? undefined : typeof value === 'bigint' ? `${value}n` : value));
  return text(a) === text(b);
}

/** Most distinct strings a type lists as literals when it is read from values (beyond: `string`). */
const maxLiterals = 16;

/** The type all of `values` share, read from the values themselves (a CONSTANT's, a constant set's), or undefined. */
function typeOfValues(values: readonly Value[], hint: string): StateType | undefined {
  if (values.length === 0) return undefined;
  if (values.every((v) => typeof v === 'number')) return { kind: 'int' };
  if (values.every((v) => typeof v === 'boolean')) return { kind: 'bool' };
  if (values.every((v): v is string => typeof v === 'string')) {
    const literals = [...new Set(values)];
    return literals.length <= maxLiterals ? { kind: 'string', literals } : { kind: 'string' };
  }
  if (values.every((v) => typeof v === 'object' && v.kind === 'model')) return { kind: 'model' };
  if (values.every(isSet)) {
    const elem = typeOfValues(values.flatMap((s) => finiteElements(s)), hint);
    return elem && { kind: 'set', elem };
  }
  if (!values.every(isFcn)) return undefined;
  const first = values[0]!;
  if (values.every((f) => f.domain === null)) {
    const n = first.values.length;
    if (values.some((f) => f.values.length !== n)) {
      const elem = typeOfValues(values.flatMap((f) => f.values), hint);
      return elem && { kind: 'seq', elem };
    }
    const elems = first.values.map((_, i) => typeOfValues(values.map((f) => f.values[i]!), `${hint}${i + 1}`));
    return elems.every((t) => t !== undefined) ? { kind: 'tuple', elems } : undefined;
  }
  const fieldNames = (f: FcnValue) => (f.domain?.every((d) => typeof d === 'string') ? f.domain.join('\n') : undefined);
  if (fieldNames(first) !== undefined && values.every((f) => fieldNames(f) === fieldNames(first))) {
    const fields = (first.domain as string[]).map((name, i): [string, StateType | undefined] => [name, typeOfValues(values.map((f) => f.values[i]!), `${hint}${capitalized(name)}`)]);
    return fields.every(([, t]) => t !== undefined) ? { kind: 'record', name: hint, fields: fields as [string, StateType][] } : undefined;
  }
  const from = typeOfValues(values.flatMap((f) => f.domain ?? f.values.map((_, i) => i + 1)), `${hint}Key`);
  const to = typeOfValues(values.flatMap((f) => f.values), hint);
  return from && to && { kind: 'fcn', from, to };
}

/** `a \cup b`: string literals merge, equal types stay one, anything else is a union tried in order. */
function union(a: StateType, b: StateType): StateType {
  if (a.kind === 'string' && b.kind === 'string') return a.literals && b.literals ? { kind: 'string', literals: [...new Set([...a.literals, ...b.literals])] } : { kind: 'string' };
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  return { kind: 'union', of: [...(a.kind === 'union' ? a.of : [a]), ...(b.kind === 'union' ? b.of : [b])] };
}

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The TypeScript declarations of the state: `interface State` with one typed field per variable,
 * an interface per record type. Interface names are built only from identifier characters of the
 * spec's names and end in `Record`, so they cannot clash with the module's own names or run code.
 */
export function renderStateTypes(variables: readonly string[], types: readonly StateType[]): string {
  const interfaces: string[] = [];
  const names = new Map<string, string>(); // record type (as JSON) → interface name
  const taken = new Set<string>();
  const render = (t: StateType): string => {
    switch (t.kind) {
      case 'int':
        return 'number';
      case 'bool':
        return 'boolean';
      case 'string':
        return t.literals ? t.literals.map((l) => JSON.stringify(l)).join(' | ') : 'string';
      case 'model':
        return 'ModelValue';
      case 'set':
        return `ReadonlySet<${render(t.elem)}>`;
      case 'fcn':
        return `ReadonlyMap<${render(t.from)}, ${render(t.to)}>`;
      case 'seq':
        return `readonly (${render(t.elem)})[]`;
      case 'tuple':
        return `readonly [${t.elems.map(render).join(', ')}]`;
      case 'union':
        return t.of.map((m) => `(${render(m)})`).join(' | ');
      case 'value':
        return `Value /* ${commentText(t.why)} */`;
      case 'record': {
        const key = JSON.stringify(t);
        let name = names.get(key);
        if (name === undefined) {
          // A record with a one-string field (`type : {"Commit"}`) is named after it: MessageCommitRecord.
          const tag = t.fields.map(([, ft]) => (ft.kind === 'string' && ft.literals?.length === 1 ? ft.literals[0]! : '')).find((l) => /^[A-Za-z0-9_]+$/.test(l)) ?? '';
          const base = /^[A-Za-z][A-Za-z0-9_]*$/.test(t.name) ? `${t.name}${capitalized(tag)}Record` : 'AnonymousRecord';
          name = base;
          for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
          taken.add(name);
          names.set(key, name);
          const fields = t.fields.map(([f, ft]) => `\n  readonly ${JSON.stringify(f)}: ${render(ft)};`).join('');
          interfaces.push(`export interface ${name} {${fields}\n}`);
        }
        return name;
      }
    }
  };
  const fields = variables.map((v, i) => `\n  readonly ${JSON.stringify(v)}: ${render(types[i]!)};`).join('');
  return [...interfaces, `/** A state of the spec, one field per VARIABLE, typed from TypeOK. */\nexport interface State {${fields}\n}`].join('\n\n');
}

/** Text safe inside a block comment: no end of comment, no line break. */
function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]/g, ' ');
}
