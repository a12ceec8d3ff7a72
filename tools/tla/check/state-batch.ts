// Batches of states crossing threads: in the model's own batch form when it has one (for specs:
// tagged words and a string table, values/encode-batch.ts), else as one JSON string when every
// encoded state is plain JSON data (about twice as fast as the structured clone of many small nested
// arrays), else structured-cloned.
import type { Model, State } from './model.js';

export type StateBatch = { kind: 'model'; encoded: unknown } | { kind: 'json'; text: string } | { kind: 'cloned'; encoded: unknown[] };

type Codec = Pick<Model, 'encodeState' | 'encodeStates'>;
type Decoder = Pick<Model, 'decodeState' | 'decodeStates'>;

/** Whether JSON.parse(JSON.stringify(v)) gives back v exactly (no undefined, NaN, bigint, Map, class...). */
function isPlainJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return false;
      for (const key in v) if (!isPlainJson((v as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

export function packStates(model: Codec, states: readonly State[]): StateBatch {
  if (model.encodeStates) return { kind: 'model', encoded: model.encodeStates(states) };
  const encoded = states.map((s) => model.encodeState(s));
  return encoded.every(isPlainJson) ? { kind: 'json', text: JSON.stringify(encoded) } : { kind: 'cloned', encoded };
}

export function unpackStates(model: Decoder, batch: StateBatch): State[] {
  switch (batch.kind) {
    case 'model':
      return model.decodeStates!(batch.encoded);
    case 'json':
      return (JSON.parse(batch.text) as unknown[]).map((e) => model.decodeState(e));
    case 'cloned':
      return batch.encoded.map((e) => model.decodeState(e));
  }
}
