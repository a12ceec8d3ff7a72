// A value's text broken over lines as TLC breaks it where it prints a state, Print, PrintT (tlc2/pprint):
// TLC prints the value on one line, reads that line back as a tree of sets, tuples, records,
// functions, SUBSETs and constants, and lays out each part too wide for the columns left into one
// element per line. A line it cannot read back whole (a lazy set such as `[S -> T]` or `Seq(S)`, a
// name with `_`, a string holding `"`) stays as it is, so we read our one-line text as TLC reads its own.

/** TLC's columns (tlc2.value.Values' width, 80 unless the JVM is told otherwise). */
export const tlcLineWidth = 80;

/** Each kind's delimiters when broken: what opens and closes it, the indent of the lines after the first, what ends each element. */
interface Style {
  open: string;
  close: string;
  pad: string;
  sep: string;
}

/** Pairs (records, functions) put a value that does not fit beside its key on the next line, indented by `divPad` more. */
interface PairStyle extends Style {
  div: string;
  divPad: string;
}

const setStyle: Style = { open: '{ ', close: ' }', pad: '  ', sep: ',' };
const tupleStyle: Style = { open: '<< ', close: ' >>', pad: '   ', sep: ',' };
const subsetStyle: Style = { open: 'SUBSET ', close: ' ', pad: ' ', sep: ',' };
const recordStyle: PairStyle = { open: '[ ', close: ' ]', pad: '  ', sep: ',', div: ' |->', divPad: '    ' };
const functionStyle: PairStyle = { open: '( ', close: ' )', pad: '  ', sep: ' @@', div: ' :>', divPad: '    ' };

/** A part of the line: its one-line text, and how it breaks. */
type Part =
  | { kind: 'atom'; text: string }
  | { kind: 'list'; text: string; style: Style; items: Part[] }
  | { kind: 'pairs'; text: string; style: PairStyle; pairs: [Part, Part][] };

/** `text` laid out in `width` columns as TLC lays out a value it prints; unchanged when it fits or TLC could not read it back. */
export function tlcLayout(text: string, width = tlcLineWidth): string {
  if (text.length <= width) return text;
  const read = readPart(text, 0);
  if (read === null || read.end !== text.length) return text;
  return layout(read.part, width, 0, '');
}

/** A part laid out in `width` columns, `trailer` of them kept free at the end of its last line for what closes its container. */
function layout(part: Part, width: number, trailer: number, indent: string): string {
  if (part.text.length <= width - trailer || part.kind === 'atom') return part.text;
  const { style } = part;
  const inner = width - Math.max(style.open.length, style.pad.length);
  const innerIndent = indent + style.pad;
  const innerTrailer = trailer + style.close.length;
  const body =
    part.kind === 'list'
      ? part.items.map((item, i) => (i < part.items.length - 1 ? layout(item, inner, style.sep.length, innerIndent) + style.sep + '\n' + innerIndent : layout(item, inner, innerTrailer, innerIndent))).join('')
      : part.pairs.map(([key, value], i) => layoutPair(key, value, part.style, inner, i < part.pairs.length - 1 ? null : innerTrailer, innerIndent, innerTrailer)).join('');
  return style.open + body + style.close;
}

/**
 * One `key |-> value` or `key :> value`: on one line if it fits, else the value on the lines after
 * the key (the key itself broken if it does not fit alone). `last` is the trailer of the last pair,
 * null for the others, which end with the separator and leave no trailer but its width. TLC keeps
 * the list's trailer (`listTrailer`) free after a broken key whichever pair it is.
 */
function layoutPair(key: Part, value: Part, style: PairStyle, width: number, last: number | null, indent: string, listTrailer: number): string {
  const after = last === null ? style.sep + '\n' + indent : '';
  const oneLine = key.text.length + style.div.length + 1 + value.text.length;
  if (last === null ? oneLine + style.sep.length <= width : oneLine <= width - last) return key.text + style.div + ' ' + value.text + after;
  const keyText = key.text.length + style.div.length <= width ? key.text : layout(key, width, listTrailer + style.div.length, indent);
  const valueIndent = indent + style.divPad;
  return keyText + style.div + '\n' + valueIndent + layout(value, width - style.divPad.length, last ?? style.sep.length, valueIndent) + after;
}

/** A part read from `text` at `at` (blanks before it skipped), and where it ends; null where TLC's reading fails. */
function readPart(text: string, at: number): { part: Part; end: number } | null {
  const start = skipBlanks(text, at);
  switch (text[start]) {
    case '{':
      return readList(text, start, 1, '}', 1, setStyle);
    case '<':
      return readList(text, start, 2, '>', 2, tupleStyle);
    case '[':
      return readPairs(text, start, ']', ',', '|->', recordStyle);
    case '(':
      return readPairs(text, start, ')', '@@', ':>', functionStyle);
    case undefined:
      return null;
  }
  if (text.startsWith('SUBSET', start)) {
    const base = readPart(text, start + 'SUBSET'.length);
    return base && { part: { kind: 'list', text: text.slice(start, base.end), style: subsetStyle, items: [base.part] }, end: base.end };
  }
  const end = constantEnd(text, start);
  return end === null ? null : { part: { kind: 'atom', text: text.slice(start, end) }, end };
}

/**
 * Elements after an opening of `openLength` characters up to the first that starts with `close`
 * (TLC looks at one character: a tuple ends at its first `>`), commas between them optional.
 */
function readList(text: string, start: number, openLength: number, close: string, closeLength: number, style: Style): { part: Part; end: number } | null {
  const items: Part[] = [];
  let at = skipBlanks(text, start + openLength);
  while (text[at] !== close) {
    if (at >= text.length) return null;
    const item = readPart(text, at);
    if (item === null) return null;
    items.push(item.part);
    at = skipSeparator(text, item.end, ',');
  }
  const end = at + closeLength;
  return end > text.length ? null : { part: { kind: 'list', text: text.slice(start, end), style, items }, end };
}

function readPairs(text: string, start: number, close: string, sep: string, div: string, style: PairStyle): { part: Part; end: number } | null {
  const pairs: [Part, Part][] = [];
  let at = skipBlanks(text, start + 1);
  while (text[at] !== close) {
    if (at >= text.length) return null;
    const key = readPart(text, at);
    if (key === null) return null;
    const divAt = skipBlanks(text, key.end);
    if (!text.startsWith(div, divAt)) return null;
    const value = readPart(text, divAt + div.length);
    if (value === null) return null;
    pairs.push([key.part, value.part]);
    at = skipSeparator(text, value.end, sep);
  }
  return { part: { kind: 'pairs', text: text.slice(start, at + 1), style, pairs }, end: at + 1 };
}

const interval = /\d+\.\.\d+/y;
const letterOrDigit = /^[\p{L}\p{Nd}]$/u;
const isLetterOrDigit = (c: string | undefined): boolean => c !== undefined && letterOrDigit.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Where a constant starting at `start` ends: a string (to the next `"`: TLC reads no escapes), an
 * interval `i..j`, a negative integer, a run of letters and digits (integers, TRUE, model values,
 * field names, `Nat`); null for anything else.
 */
function constantEnd(text: string, start: number): number | null {
  const c = text[start];
  if (c === '"') {
    const close = text.indexOf('"', start + 1);
    return close < 0 ? null : close + 1;
  }
  if (isDigit(c)) {
    interval.lastIndex = start;
    if (interval.test(text)) return interval.lastIndex;
  }
  let end = start + 1;
  const inRun = c === '-' ? isDigit : isLetterOrDigit;
  if (c !== '-' && !isLetterOrDigit(c)) return null;
  while (inRun(text[end])) end++;
  return end;
}

function skipBlanks(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return at;
}

function skipSeparator(text: string, at: number, sep: string): number {
  at = skipBlanks(text, at);
  if (text.startsWith(sep, at)) at += sep.length;
  return skipBlanks(text, at);
}
