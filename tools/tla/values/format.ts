// Prints values as TLC prints them: {1, 2}, <<1, 2>>, [a |-> 1], (1 :> "a" @@ 2 :> "b"), "str",
// model values bare, the empty function as << >>, and lazy sets in their source form (1..3, Nat).
import type { SetValue, Value } from './value.js';

function formatString(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

function formatList(values: readonly Value[]): string {
  return values.map(formatValue).join(', ');
}

function formatSet(s: SetValue): string {
  switch (s.kind) {
    case 'enum':
      return `{${formatList(s.elems)}}`;
    case 'interval':
      return s.lo > s.hi ? '{}' : `${s.lo}..${s.hi}`; // TLC prints an empty interval as the empty set
    case 'infinite':
      return s.name;
    case 'subset':
      return `SUBSET ${formatValue(s.base)}`;
    case 'fcnset':
      return `[${formatValue(s.domain)} -> ${formatValue(s.range)}]`;
    case 'rcdset':
      return `[${s.names.map((n, i) => `${n} : ${formatValue(s.sets[i]!)}`).join(', ')}]`;
    case 'product':
      return s.sets.map(formatValue).join(' \\X ');
    case 'seqset':
      return `Seq(${formatValue(s.base)})`;
    case 'diff':
      return `${formatValue(s.base)} \\ ${formatValue(s.removed)}`;
    case 'union':
      return s.parts.map(formatValue).join(' \\cup ');
  }
}

export function formatValue(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'number':
      return String(v);
    case 'string':
      return formatString(v);
  }
  switch (v.kind) {
    case 'model':
      return v.name;
    case 'fcn': {
      const { domain, values } = v;
      if (values.length === 0) return '<< >>';
      if (domain === null) return `<<${formatList(values)}>>`;
      if (domain.every((d) => typeof d === 'string')) {
        return `[${domain.map((d, i) => `${d as string} |-> ${formatValue(values[i]!)}`).join(', ')}]`;
      }
      return `(${domain.map((d, i) => `${formatValue(d)} :> ${formatValue(values[i]!)}`).join(' @@ ')})`;
    }
    default:
      return formatSet(v);
  }
}
