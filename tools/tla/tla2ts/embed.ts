// The resolved module as data inside tla2ts output, so that a generated module needs neither the
// .tla files nor the parser when it is loaded. JSON with three tags: {"$map": entries} for the
// Maps of the IR, {"$big": "digits"} for its bigint literals, and {"$id"}/{"$ref"} for nodes the
// IR shares (an INSTANCE substitution is one node used at every occurrence), so that decoding
// gives back the same graph, not a copy per use.
import type { ResolvedModule } from '../names/index.js';
import { specModuleTokens, type ModuleTokens } from '../values/index.js';

/** A resolved module as embedded: its sources' tokens, which TLC's string order is computed from, in place of the texts. */
export type EmbeddedModule = ResolvedModule & { moduleTokens?: ReadonlyMap<string, ModuleTokens> };

/**
 * `module` as a JSON string. Source texts are left out (a diagnostic then shows no excerpt; their
 * tokens are kept for CHOOSE among strings) and
 * every span's file is rewritten by `fileName` (the generator makes them relative, so that no path
 * of the machine that generated the file is baked into it).
 */
export function encodeModule(module: ResolvedModule, fileName: (file: string) => string): string {
  const uses = new Map<object, number>();
  const count = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    const n = uses.get(v) ?? 0;
    uses.set(v, n + 1);
    if (n > 0) return;
    if (v instanceof Map) for (const [k, x] of v) (count(k), count(x));
    else for (const x of Object.values(v)) count(x);
  };
  const root = { ...module, sources: new Map<string, string>(), moduleTokens: specModuleTokens(module) };
  count(root);
  const ids = new Map<object, number>();
  const encode = (v: unknown, key: string): unknown => {
    if (typeof v === 'bigint') return { $big: v.toString() };
    if (typeof v === 'string') return key === 'file' ? fileName(v) : v;
    if (typeof v !== 'object' || v === null) return v;
    const seen = ids.get(v);
    if (seen !== undefined) return { $ref: seen };
    let body: unknown;
    if (v instanceof Map) body = { $map: [...v].map(([k, x]) => [encode(k, ''), encode(x, '')]) };
    else if (Array.isArray(v)) body = v.map((x) => encode(x, ''));
    else {
      const fields: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k.startsWith('$')) throw new Error(`internal: the IR has a field named ${k}, which the embedding reserves`);
        fields[k] = encode(x, k);
      }
      body = fields;
    }
    if ((uses.get(v) ?? 0) < 2) return body;
    const id = ids.size;
    ids.set(v, id);
    return { $id: id, $v: body };
  };
  return JSON.stringify(encode(root, ''));
}

/** The module `encodeModule` wrote. */
export function decodeModule(text: string): EmbeddedModule {
  const shared: unknown[] = [];
  const decode = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(decode);
    const o = v as Record<string, unknown>;
    if ('$big' in o) return BigInt(o.$big as string);
    if ('$ref' in o) return shared[o.$ref as number];
    if ('$map' in o) return new Map((o.$map as unknown[][]).map(([k, x]) => [decode(k), decode(x)]));
    if ('$id' in o) {
      const value = decode(o.$v);
      shared[o.$id as number] = value;
      return value;
    }
    const fields: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) fields[k] = decode(x);
    return fields;
  };
  return decode(JSON.parse(text)) as EmbeddedModule;
}

/** `value` as JSON with every span's file rewritten by `fileName`: how spans reach generated code. */
export function spanData(value: unknown, fileName: (file: string) => string): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'file' && typeof v === 'string' ? fileName(v) : v));
}
