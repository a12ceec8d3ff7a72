// TLC's module TLCExt, the operators with a meaning of their own: AssertEq, TLCGetOrDefault,
// TLCGetAndSet, TLCModelValue, TLCNoOp, TLCCache. Those that need TLC's search itself (the trace
// behind a state, deferred or interactive evaluation, TLC's fingerprints) and the community module
// Json (file I/O), and the standard module Reals, load, and a use of one of their operators is refused by name.
import { formatValue, modelValue, valueError, valuesEqual } from '../values/index.js';
import { intArg, operatorArg, valueArg } from './args.js';
import type { StdOperator } from './std-operator.js';

/** An operator that loads with its module (so a spec that never evaluates it is checked) but is refused when used. */
function refused(name: string, arity: number, why: string): StdOperator {
  return { arity, call: () => valueError('E1002', `unsupported construct: ${name} is not provided`, why) };
}

export const tlcExt: Record<string, StdOperator> = {
  // AssertEq(a, b): a = b; when they differ, "Assertion failed" and both values are printed first.
  AssertEq: {
    arity: 2,
    call: (args, ctx) => {
      const a = valueArg('AssertEq', args, 0);
      const b = valueArg('AssertEq', args, 1);
      if (valuesEqual(a, b)) return true;
      ctx.print('"Assertion failed"');
      ctx.print(formatValue(a));
      ctx.print(formatValue(b));
      return false;
    },
  },
  // TLCGetOrDefault(i, d): what TLCSet(i, _) last stored in register i, or d if nothing was.
  TLCGetOrDefault: {
    arity: 2,
    call: (args, ctx) => ctx.registers.get(intArg('TLCGetOrDefault', args, 0)) ?? valueArg('TLCGetOrDefault', args, 1),
  },
  // TLCGetAndSet(i, Op, v, d): register i's value (d if unset) is returned, and Op(that, v) stored in its place.
  TLCGetAndSet: {
    arity: 4,
    call: (args, ctx) => {
      const key = intArg('TLCGetAndSet', args, 0);
      const old = ctx.registers.get(key) ?? valueArg('TLCGetAndSet', args, 3);
      ctx.registers.set(key, operatorArg('TLCGetAndSet', args, 1)(old, valueArg('TLCGetAndSet', args, 2)));
      return old;
    },
  },
  // TLCModelValue("s"): the model value named s, the same one a .cfg's `c = s` would give.
  TLCModelValue: {
    arity: 1,
    call: (args) => {
      const name = valueArg('TLCModelValue', args, 0);
      if (typeof name !== 'string') return valueError('E3001', `TLCModelValue expects a string, got ${formatValue(name)}`);
      return modelValue(name);
    },
  },
  // TLCNoOp(v) is v; TLCCache(e, c) is e (TLC keeps e's value for each c, a saving only).
  TLCNoOp: { arity: 1, call: (args) => valueArg('TLCNoOp', args, 0) },
  TLCCache: { arity: 2, call: (args) => valueArg('TLCCache', args, 0) },
  AssertError: refused('AssertError', 2, 'it needs its second argument unevaluated and TLC\'s exact error text'),
  Trace: refused('Trace', 0, 'the behaviour leading to a state is not available while it is evaluated; keep a history variable instead'),
  CounterExample: refused('CounterExample', 0, 'the counterexample is not available to the spec; use --dump-trace itf FILE'),
  ToTrace: refused('ToTrace', 1, 'CounterExample is not provided'),
  TLCDefer: refused('TLCDefer', 1, 'TLC evaluates its argument after the successor is generated; evaluate it in place'),
  PickSuccessor: refused('PickSuccessor', 1, 'it asks the user, at the terminal, which successor to take'),
  TLCFP: refused('TLCFP', 1, 'TLC\'s fingerprints are not ours, so its value would differ from TLC\'s'),
  TLCEvalDefinition: refused('TLCEvalDefinition', 1, 'name the definition itself instead of a string'),
};

const notJson = 'writing and reading files, and JSON text as TLC formats it, are not provided';

/** The community module Json: loaded, every operator refused by name. */
export const json: Record<string, StdOperator> = {
  ToJson: refused('ToJson', 1, notJson),
  ToJsonArray: refused('ToJsonArray', 1, notJson),
  ToJsonObject: refused('ToJsonObject', 1, notJson),
  JsonSerialize: refused('JsonSerialize', 2, notJson),
  JsonDeserialize: refused('JsonDeserialize', 1, notJson),
  ndJsonSerialize: refused('ndJsonSerialize', 2, notJson),
  ndJsonDeserialize: refused('ndJsonDeserialize', 1, notJson),
};

const notReal = 'real numbers are not provided (TLC does not evaluate them either); use integers';

/** The standard module Reals: loaded (with Integers), every operator of its own refused by name. */
export const reals: Record<string, StdOperator> = {
  Real: refused('Real', 0, notReal),
  '/': refused('/', 2, notReal),
  Infinity: refused('Infinity', 0, notReal),
};
