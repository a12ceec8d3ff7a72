// The TLC module: Print, PrintT, Assert, ToString, :>, @@, Permutations, SortSeq, RandomElement
// (from the run's seeded generator), TLCGet/TLCSet on integer registers, TLCEval, JavaTime, and
// TLCGet("-Dtlc2.tool.impl.Tool.cdot"), the system property that enables \cdot in TLC ("true"), and
// TLCGet("config") of a `cloudos check` run (mode, deadlock, worker: the fields that do not vary).
// Not provided (refused with E3001 by name): Any, and TLCGet of the checker's statistics ("level", ...).
import {
  fcnFromSortedDomain,
  finiteElements,
  formatValue,
  tlcLayout,
  mergeFcns,
  setOf,
  singletonFcn,
  tlcCoded,
  tuple,
  valueError,
  type Value,
} from '../values/index.js';
import { boolArg, boolResult, fcnArg, intArg, operatorArg, seqArg, setArg, valueArg } from './args.js';
import type { OperatorCallback, StdContext, StdOperator } from './std-operator.js';

/**
 * TLCGet("config") as TLC gives it in a breadth-first run (measured: `-workers 2 -deadlock` gives
 * `worker |-> 2, deadlock |-> FALSE`, as does CHECK_DEADLOCK FALSE), without the fields that
 * differ from run to run or machine to machine: `install` (the jar's path), `seed` and
 * `fingerprint` (chosen at random unless given), which ours cannot give as TLC's.
 */
function runConfig(ctx: StdContext): Value {
  if (ctx.run === undefined) {
    return valueError('E3001', 'TLCGet("config") is known only in a run of `cloudos check`', 'TLC reports the options of its run; evaluate it under `cloudos check`');
  }
  return fcnFromSortedDomain(['deadlock', 'mode', 'worker'], [ctx.run.deadlock, 'bfs', ctx.run.workers]);
}

function permutations(elems: readonly Value[]): Value[][] {
  if (elems.length === 0) return [[]];
  const out: Value[][] = [];
  elems.forEach((first, i) => {
    for (const rest of permutations([...elems.slice(0, i), ...elems.slice(i + 1)])) out.push([first, ...rest]);
  });
  return out;
}

/** s sorted by the strict order `less` (a callback returning a boolean); equal elements keep their order. */
export function sortSeq(op: string, s: readonly Value[], less: OperatorCallback): Value[] {
  const lt = (a: Value, b: Value) => boolResult(op, less(a, b));
  return [...s].sort((a, b) => (lt(a, b) ? -1 : lt(b, a) ? 1 : 0));
}

export const tlc: Record<string, StdOperator> = {
  Print: {
    arity: 2,
    call: (args, ctx) => {
      // TLC prints both arguments, two spaces apart (measured: Print({"p"}, TRUE) prints {"p"}  TRUE),
      // each laid out in 80 columns on its own, as if it began the line.
      const value = valueArg('Print', args, 1);
      ctx.print(`${tlcLayout(formatValue(valueArg('Print', args, 0), ctx.strings))}  ${tlcLayout(formatValue(value, ctx.strings))}`);
      return value;
    },
  },
  PrintT: {
    arity: 1,
    call: (args, ctx) => {
      ctx.print(tlcLayout(formatValue(valueArg('PrintT', args, 0), ctx.strings)));
      return true;
    },
  },
  Assert: {
    arity: 2,
    call: (args) => {
      if (!boolArg('Assert', args, 0)) {
        const out = valueArg('Assert', args, 1);
        // TLC's words lay out a long second argument as Print does (a string stays as it is).
        valueError('E3005', `the first argument of Assert evaluated to FALSE; the second argument was: ${typeof out === 'string' ? out : formatValue(out)}`, undefined, tlcCoded(`The first argument of Assert evaluated to FALSE; the second argument was:\n${tlcLayout(formatValue(out))}`));
      }
      return true;
    },
  },
  JavaTime: { arity: 0, call: () => Math.floor(Date.now() / 1000) | 0 },
  TLCGet: {
    arity: 1,
    call: (args, ctx) => {
      const key = valueArg('TLCGet', args, 0);
      // A Java system property of TLC's command line: specs ask for the one that enables \cdot,
      // which is always enabled here.
      if (key === '-Dtlc2.tool.impl.Tool.cdot') return 'true';
      if (key === 'config') return runConfig(ctx);
      if (typeof key !== 'number') {
        return valueError('E3001', `TLCGet(${formatValue(key)}) is not supported: only integer registers set by TLCSet are`, 'the checker statistics TLC exposes through TLCGet("level") etc. are not available');
      }
      const v = ctx.registers.get(key);
      if (v === undefined) return valueError('E3001', `TLCGet(${key}): register ${key} was never set by TLCSet`);
      return v;
    },
  },
  TLCSet: {
    arity: 2,
    call: (args, ctx) => {
      ctx.registers.set(intArg('TLCSet', args, 0), valueArg('TLCSet', args, 1));
      return true;
    },
  },
  ':>': { arity: 2, call: (args) => singletonFcn(valueArg(':>', args, 0), valueArg(':>', args, 1)) },
  '@@': { arity: 2, call: (args) => mergeFcns(fcnArg('@@', args, 0), fcnArg('@@', args, 1)) },
  Permutations: {
    arity: 1,
    call: (args) => {
      const elems = finiteElements(setArg('Permutations', args, 0));
      return setOf(permutations(elems).map((image) => fcnFromSortedDomain(elems, image)));
    },
  },
  SortSeq: {
    arity: 2,
    call: (args) => {
      return tuple(sortSeq('SortSeq', seqArg('SortSeq', args, 0), operatorArg('SortSeq', args, 1)));
    },
  },
  RandomElement: {
    arity: 1,
    call: (args, ctx) => {
      const elems = finiteElements(setArg('RandomElement', args, 0));
      if (elems.length === 0) valueError('E3004', 'RandomElement of the empty set');
      return elems[Math.floor(ctx.random() * elems.length)]!;
    },
  },
  Any: { arity: 0, call: () => valueError('E3001', 'the TLC operator Any is not supported', 'replace Any by a finite set of the values the spec needs') },
  ToString: { arity: 1, call: (args, ctx) => ctx.strings.made(formatValue(valueArg('ToString', args, 0), ctx.strings)) },
  TLCEval: { arity: 1, call: (args) => valueArg('TLCEval', args, 0) },
};
