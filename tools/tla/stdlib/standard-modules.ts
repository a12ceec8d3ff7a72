// The standard modules built into cloudOS (their operators are implemented beside this file)
// and TLA+'s own built-in operators: the names and arities the names phase resolves to.

export type StandardModuleName = 'Naturals' | 'Integers' | 'Sequences' | 'FiniteSets' | 'TLC' | 'Bags';

export interface StandardModule {
  /** Modules whose operators EXTENDS brings along (not LOCAL INSTANCEs, which stay hidden). */
  extends: StandardModuleName[];
  /** Canonical operator name (see ../syntax/operators.ts) → arity. */
  operators: Record<string, number>;
}

export const standardModules: Record<StandardModuleName, StandardModule> = {
  Naturals: {
    extends: [],
    operators: { Nat: 0, '+': 2, '-': 2, '*': 2, '^': 2, '<': 2, '>': 2, '<=': 2, '>=': 2, '%': 2, '\\div': 2, '..': 2 },
  },
  Integers: { extends: ['Naturals'], operators: { Int: 0, '-.': 1 } },
  Sequences: {
    extends: [],
    operators: { Seq: 1, Len: 1, '\\o': 2, Append: 2, Head: 1, Tail: 1, SubSeq: 3, SelectSeq: 2 },
  },
  FiniteSets: { extends: [], operators: { IsFiniteSet: 1, Cardinality: 1 } },
  TLC: {
    extends: [],
    operators: {
      Print: 2, PrintT: 1, Assert: 2, JavaTime: 0, TLCGet: 1, TLCSet: 2, ':>': 2, '@@': 2,
      Permutations: 1, SortSeq: 2, RandomElement: 1, Any: 0, ToString: 1, TLCEval: 1,
    },
  },
  Bags: {
    extends: [],
    operators: {
      IsABag: 1, BagToSet: 1, SetToBag: 1, BagIn: 2, EmptyBag: 0, '(+)': 2, '(-)': 2, BagUnion: 1,
      '\\sqsubseteq': 2, SubBag: 1, BagOfAll: 2, BagCardinality: 1, CopiesIn: 2,
    },
  },
};

export function isStandardModule(name: string): name is StandardModuleName {
  return Object.hasOwn(standardModules, name);
}

/**
 * Operators of TLA+ itself, visible in every module. /\, \/, ', UNCHANGED, ENABLED, [], <>, ~>
 * and \X have their own AST kinds and are not listed.
 */
export const coreOperators: Record<string, number> = {
  '=': 2, '/=': 2, '\\in': 2, '\\notin': 2, '~': 1, '=>': 2, '<=>': 2, '\\equiv': 2,
  '\\cup': 2, '\\cap': 2, '\\': 2, '\\subseteq': 2, SUBSET: 1, UNION: 1, DOMAIN: 1,
  BOOLEAN: 0, STRING: 0,
};
