// Prints values as TLC prints them: {1, 2}, <<1, 2>>, [a |-> 1], (1 :> "a" @@ 2 :> "b"), "str",
// model values bare, the empty function as <<>>, and lazy sets in their source form (1..3, Nat).
// Given a spec's order on strings (string-order.ts), sets and function domains print in it, and the
// small lazy sets TLC enumerates to print them as their elements, as TLC prints them; without one,
// in our canonical order and source form (diagnostics of bare values).
import { tlcLayout } from './tlc-layout.js';
import type { SetValue, Value } from './value.js';

/** TLC's order on a spec's values: elements sorted, and each one's canonical position (null: unchanged). */
export interface ElementOrder {
  arrange(elems: readonly Value[]): readonly Value[];
  positions(elems: readonly Value[]): readonly number[] | null;
  /** The elements TLC prints a lazy set as, null where it prints its source form. */
  printed(s: SetValue): readonly Value[] | null;
}

function formatString(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + '"';
}

function formatList(values: readonly Value[], order: ElementOrder | undefined): string {
  return values.map((v) => formatValue(v, order)).join(', ');
}

function formatElements(elems: readonly Value[], order: ElementOrder | undefined): string {
  return `{${formatList(order ? order.arrange(elems) : elems, order)}}`;
}

function formatSet(s: SetValue, order: ElementOrder | undefined): string {
  const inner = (v: Value): string => formatValue(v, order);
  const printed = s.kind === 'enum' ? null : order?.printed(s);
  if (printed) return formatElements(printed, order);
  switch (s.kind) {
    case 'enum':
      return formatElements(s.elems, order);
    case 'interval':
      return s.lo > s.hi ? '{}' : `${s.lo}..${s.hi}`; // TLC prints an empty interval as the empty set
    case 'infinite':
      return s.name;
    case 'subset':
      // TLC writes an interval's parentheses: SUBSET binds tighter than `..`.
      return s.base.kind === 'interval' ? `SUBSET (${inner(s.base)})` : `SUBSET ${inner(s.base)}`;
    case 'fcnset':
      return `[${inner(s.domain)} -> ${inner(s.range)}]`;
    case 'rcdset':
      return `[${(order?.positions(s.names) ?? s.names.map((_, i) => i)).map((i) => `${s.names[i]!} : ${inner(s.sets[i]!)}`).join(', ')}]`;
    case 'product':
      return s.sets.map(inner).join(' \\X ');
    case 'seqset':
      return `Seq(${inner(s.base)})`;
    case 'diff':
      return `${inner(s.base)} \\ ${inner(s.removed)}`;
    case 'union':
      return s.parts.map(inner).join(' \\cup ');
    case 'filter':
      return s.shown;
  }
}

export function formatValue(v: Value, order?: ElementOrder): string {
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
      if (values.length === 0) return '<<>>'; // TLC prints every empty function so, measured
      if (domain === null) return `<<${formatList(values, order)}>>`;
      const at = order?.positions(domain) ?? domain.map((_, i) => i);
      if (domain.every((d) => typeof d === 'string')) return `[${at.map((i) => `${domain[i] as string} |-> ${formatValue(values[i]!, order)}`).join(', ')}]`;
      return `(${at.map((i) => `${formatValue(domain[i]!, order)} :> ${formatValue(values[i]!, order)}`).join(' @@ ')})`;
    }
    default:
      return formatSet(v, order);
  }
}

/** A value as TLC's messages show it (Values.ppr): over several lines where it is too long for one, as in traces. */
export function formatTlcValue(v: Value): string {
  return tlcLayout(formatValue(v));
}

/**
 * TLC's words for a value of a kind TLC words as `the integer 3` (tlc2/value/impl/*Value.java), for
 * the kinds measured or read there, else undefined.
 */
export function tlcKindAndValue(v: Value): string | undefined {
  switch (typeof v) {
    case 'number':
      return `the integer ${v}`;
    case 'string':
      return `the string ${formatValue(v)}`;
    case 'boolean':
      return `the boolean ${formatValue(v)}`;
    default:
      return v.kind === 'model' ? `the model value ${formatValue(v)}` : undefined;
  }
}
