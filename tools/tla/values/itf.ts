// Values in ITF JSON, the trace format of Apalache and Quint: integers {"#bigint": "1"}, sets
// {"#set": [...]}, sequences and tuples {"#tup": [...]}, records as plain objects, other functions
// {"#map": [[k, v], ...]}, strings and booleans plain, model values {"#unserializable": "name"}.
import { ValueError } from './value-error.js';
import { fcnFromPairs, record } from './functions.js';
import { finiteElements } from './order.js';
import { setOf } from './sets.js';
import { modelValue, tuple, type Value } from './value.js';

export type ItfValue = boolean | string | { [key: string]: ItfValue } | ItfValue[];

export function toITF(v: Value): ItfValue {
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return { '#bigint': String(v) };
  }
  switch (v.kind) {
    case 'model':
      return { '#unserializable': v.name };
    case 'fcn': {
      const { domain, values } = v;
      if (domain === null) return { '#tup': values.map(toITF) };
      if (domain.every((d) => typeof d === 'string')) {
        const out: { [key: string]: ItfValue } = {};
        domain.forEach((d, i) => (out[d as string] = toITF(values[i]!)));
        return out;
      }
      return { '#map': domain.map((d, i) => [toITF(d), toITF(values[i]!)]) };
    }
    default:
      return { '#set': finiteElements(v).map(toITF) };
  }
}

function bad(path: string, why: string): never {
  throw new ValueError('E3001', `ITF value at ${path}: ${why}`, 'expected ITF JSON: {"#bigint": "1"}, {"#set": [...]}, {"#tup": [...]}, {"#map": [[k, v]]}, a record object, a string or a boolean');
}

/** Reads an ITF value; `path` names the place in the document for errors (e.g. `states[3].x`). */
export function fromITF(json: unknown, path = '$'): Value {
  if (typeof json === 'boolean' || typeof json === 'string') return json;
  if (Array.isArray(json)) return tuple(json.map((x, i) => fromITF(x, `${path}[${i}]`))); // ITF lists are sequences
  if (json === null || typeof json !== 'object') return bad(path, `unexpected ${json === null ? 'null' : typeof json}`);
  const obj = json as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0]!.startsWith('#')) {
    const content = obj[keys[0]!];
    switch (keys[0]) {
      case '#bigint': {
        if (typeof content !== 'string' || !/^-?\d+$/.test(content)) return bad(path, '#bigint must hold a decimal string');
        const n = Number(content);
        if (n < -(2 ** 31) || n > 2 ** 31 - 1) throw new ValueError('E3002', `ITF value at ${path}: ${content} is outside TLC's 32-bit integers`);
        return n;
      }
      case '#set':
        if (!Array.isArray(content)) return bad(path, '#set must hold an array');
        return setOf(content.map((x, i) => fromITF(x, `${path}.#set[${i}]`)));
      case '#tup':
        if (!Array.isArray(content)) return bad(path, '#tup must hold an array');
        return tuple(content.map((x, i) => fromITF(x, `${path}.#tup[${i}]`)));
      case '#map':
        if (!Array.isArray(content)) return bad(path, '#map must hold an array of pairs');
        return fcnFromPairs(
          content.map((pair, i) => {
            if (!Array.isArray(pair) || pair.length !== 2) return bad(`${path}.#map[${i}]`, 'expected a [key, value] pair');
            return [fromITF(pair[0], `${path}.#map[${i}][0]`), fromITF(pair[1], `${path}.#map[${i}][1]`)] as const;
          }),
        );
      case '#unserializable':
        if (typeof content !== 'string') return bad(path, '#unserializable must hold a string');
        return modelValue(content);
      default:
        return bad(path, `unknown ITF tag ${keys[0]}`);
    }
  }
  return record(keys.map((k) => [k, fromITF(obj[k], `${path}.${k}`)] as const));
}
