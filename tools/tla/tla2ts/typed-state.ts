// The typed view of a state that tla2ts output gives (`toState`): each variable's value converted
// to plain TypeScript data following the type tla2ts read from TypeOK (integers as numbers,
// records as objects, sets as ReadonlySet, functions as ReadonlyMap, sequences and tuples as
// arrays). A value that does not have its declared type (TypeOK does not hold) is an error naming
// the variable, not a silently wrong object.
import { asSet, finiteElements, formatValue, isFcn, isSet, type Value } from '../values/index.js';

/** The type of a variable's values, as data (emitted into the generated module). */
export type StateType =
  | { kind: 'int' }
  | { kind: 'bool' }
  /** `literals`: the only strings allowed, when TypeOK lists them. */
  | { kind: 'string'; literals?: string[] }
  | { kind: 'model' }
  | { kind: 'set'; elem: StateType }
  | { kind: 'fcn'; from: StateType; to: StateType }
  | { kind: 'seq'; elem: StateType }
  | { kind: 'tuple'; elems: StateType[] }
  /** `name`: the interface the generated module declares for it. */
  | { kind: 'record'; name: string; fields: [string, StateType][] }
  | { kind: 'union'; of: StateType[] }
  /** Left as the runtime's Value; `why` says why (also written as a comment in the output). */
  | { kind: 'value'; why: string };

const mismatch = Symbol('mismatch');

/** `value` as `type` describes it, or `mismatch`. */
function convert(value: Value, type: StateType): unknown {
  switch (type.kind) {
    case 'value':
      return value;
    case 'int':
      return typeof value === 'number' ? value : mismatch;
    case 'bool':
      return typeof value === 'boolean' ? value : mismatch;
    case 'string':
      return typeof value === 'string' && (type.literals === undefined || type.literals.includes(value)) ? value : mismatch;
    case 'model':
      return typeof value === 'object' && value.kind === 'model' ? value : mismatch;
    case 'set': {
      if (!isSet(value)) return mismatch;
      const out = new Set<unknown>();
      for (const e of finiteElements(asSet(value, 'a set'))) {
        const c = convert(e, type.elem);
        if (c === mismatch) return mismatch;
        out.add(c);
      }
      return out;
    }
    case 'fcn': {
      if (!isFcn(value)) return mismatch;
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < value.values.length; i++) {
        const k = convert(value.domain === null ? i + 1 : value.domain[i]!, type.from);
        const v = convert(value.values[i]!, type.to);
        if (k === mismatch || v === mismatch) return mismatch;
        out.set(k, v);
      }
      return out;
    }
    case 'seq':
    case 'tuple': {
      if (!isFcn(value) || (value.domain !== null && value.values.length > 0)) return mismatch;
      if (type.kind === 'tuple' && value.values.length !== type.elems.length) return mismatch;
      const out = value.values.map((v, i) => convert(v, type.kind === 'seq' ? type.elem : type.elems[i]!));
      return out.includes(mismatch) ? mismatch : out;
    }
    case 'record': {
      if (!isFcn(value) || value.domain === null || value.domain.length !== type.fields.length) return mismatch;
      const fields: [string, unknown][] = [];
      for (const [name, fieldType] of type.fields) {
        const i = value.domain.indexOf(name);
        const c = i < 0 ? mismatch : convert(value.values[i]!, fieldType);
        if (c === mismatch) return mismatch;
        fields.push([name, c]);
      }
      // fromEntries defines own properties, so a field named __proto__ stays a plain field
      return Object.fromEntries(fields);
    }
    case 'union':
      for (const member of type.of) {
        const c = convert(value, member);
        if (c !== mismatch) return c;
      }
      return mismatch;
  }
}

/** The state with named, typed fields, from the values in `variables` order. */
export function typedState(variables: readonly string[], types: readonly StateType[], values: readonly Value[]): Record<string, unknown> {
  return Object.fromEntries(
    variables.map((name, i) => {
      const c = convert(values[i]!, types[i]!);
      if (c === mismatch) throw new TypeError(`the variable ${name} is ${formatValue(values[i]!)}, which is not of the type tla2ts read from TypeOK: TypeOK does not hold in this state`);
      return [name, c];
    }),
  );
}
