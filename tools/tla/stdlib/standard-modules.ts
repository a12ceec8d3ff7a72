// The standard modules built into cloudOS (their operators are implemented beside this file)
// and TLA+'s own built-in operators: the names and arities the names phase resolves to.

export type StandardModuleName =
  | 'Naturals' | 'Integers' | 'Sequences' | 'FiniteSets' | 'TLC' | 'Bags' | 'TLAPS'
  | 'NaturalsInduction' | 'FiniteSetTheorems' | 'SequenceTheorems' | 'SequencesExtTheorems' | 'WellFoundedInduction' | 'FunctionTheorems';

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
  // The proof system's backend pragmas: cited in BY/USE steps, which the parser skips.
  TLAPS: {
    extends: [],
    operators: {
      SimpleArithmetic: 0, SMT: 0, CVC3: 0, Yices: 0, veriT: 0, Z3: 0, Spass: 0, LS4: 0, PTL: 0,
      Zenon: 0, Isa: 0, IsaWithSetExtensionality: 0, SlowZenon: 0, SlowerZenon: 0, VerySlowZenon:
      0, SlowestZenon: 0, Auto: 0, SlowAuto: 0, SlowerAuto: 0, SlowestAuto: 0, Force: 0,
      SlowForce: 0, SlowerForce: 0, SlowestForce: 0, SimplifyAndSolve: 0, SlowSimplifyAndSolve: 0,
      SlowerSimplifyAndSolve: 0, SlowestSimplifyAndSolve: 0, Simplification: 0,
      SlowSimplification: 0, SlowerSimplification: 0, SlowestSimplification: 0, Blast: 0,
      SlowBlast: 0, SlowerBlast: 0, SlowestBlast: 0, AutoBlast: 0, AllProvers: 0, AllSMT: 0,
      AllIsa: 0, SMTT: 1, CVC3T: 1, YicesT: 1, veriTT: 1, Z3T: 1, SpassT: 1, ZenonT: 1, IsaT: 1,
      IsaM: 1, AllProversT: 1, AllSMTT: 1, AllIsaT: 1, IsaMT: 2,
    },
  },
  // TLAPS's theorem libraries: their theorems serve proofs, which are skipped. The few operators they
  // define to state those theorems are not provided (a use is E2001), nor what they EXTEND.
  NaturalsInduction: { extends: [], operators: {} },
  FiniteSetTheorems: { extends: [], operators: {} },
  SequenceTheorems: { extends: [], operators: {} },
  SequencesExtTheorems: { extends: [], operators: {} },
  WellFoundedInduction: { extends: [], operators: {} },
  FunctionTheorems: { extends: [], operators: {} },
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
