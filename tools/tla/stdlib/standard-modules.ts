// The standard modules built into cloudOS (their operators are implemented beside this file)
// and TLA+'s own built-in operators: the names and arities the names phase resolves to.

export type StandardModuleName =
  | 'Naturals' | 'Integers' | 'Reals' | 'Sequences' | 'FiniteSets' | 'TLC' | 'TLCExt' | 'Bags' | 'TLAPS'
  | 'NaturalsInduction' | 'FiniteSetTheorems' | 'SequenceTheorems' | 'SequencesExtTheorems' | 'WellFoundedInduction' | 'FunctionTheorems'
  | CommunityModuleName;

/** The community modules TLC users load (tlaplus/CommunityModules), implemented natively. */
export type CommunityModuleName =
  | 'Folds' | 'FiniteSetsExt' | 'Functions' | 'SequencesExt' | 'BagsExt' | 'Bitwise' | 'UndirectedGraphs' | 'Graphs' | 'IOUtils' | 'DyadicRationals' | 'Randomization' | 'Json';

export interface StandardModule {
  /** Modules whose operators EXTENDS brings along (not LOCAL INSTANCEs, which stay hidden). */
  extends: StandardModuleName[];
  /** Canonical operator name (see ../syntax/operators.ts) → arity. */
  operators: Record<string, number>;
  /**
   * A community module: a file of the same name beside the spec (or on the search path) is used
   * instead, as TLC prefers a module the user supplies over its library's.
   */
  community?: true;
}

export const standardModules: Record<StandardModuleName, StandardModule> = {
  Naturals: {
    extends: [],
    operators: { Nat: 0, '+': 2, '-': 2, '*': 2, '^': 2, '<': 2, '>': 2, '<=': 2, '>=': 2, '%': 2, '\\div': 2, '..': 2 },
  },
  Integers: { extends: ['Naturals'], operators: { Int: 0, '-.': 1 } },
  // Loaded, as TLC loads it; real numbers are not provided, so each operator is refused when used (`tlc-ext.ts`).
  Reals: { extends: ['Integers'], operators: { Real: 0, '/': 2, Infinity: 0 } },
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
  // TLC's extensions (`tlc-ext.ts`): the experimental operators that need TLC's search are refused when used.
  TLCExt: {
    extends: [],
    operators: {
      AssertEq: 2, AssertError: 2, TLCGetOrDefault: 2, TLCGetAndSet: 4, Trace: 0, CounterExample: 0, ToTrace: 1,
      TLCModelValue: 1, TLCDefer: 1, TLCNoOp: 1, PickSuccessor: 1, TLCCache: 2, TLCFP: 1, TLCEvalDefinition: 1,
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
  // The community modules as tlaplus/CommunityModules has them today: FiniteSetsExt, Functions and
  // SequencesExt EXTEND (not LOCAL INSTANCE) what they build on, so those operators come along.
  Folds: { extends: [], operators: { MapThenFoldSet: 5 }, community: true },
  FiniteSetsExt: {
    extends: ['Integers', 'FiniteSets', 'Folds', 'Functions'],
    operators: {
      FoldSet: 3, ReduceSet: 3, SumSet: 1, ProductSet: 1, Max: 1, Min: 1, Quantify: 2, kSubset: 2, FlattenSet: 1,
      SymDiff: 2, Choices: 1, ChooseUnique: 2, MapThenSumSet: 2,
    },
    community: true,
  },
  Functions: {
    extends: ['Integers', 'Folds'],
    operators: {
      Restrict: 2, RestrictDomain: 2, RestrictValues: 2, IsRestriction: 2, Range: 1, Inverse: 3, AntiFunction: 1,
      IsInjective: 1, Injection: 2, Surjection: 2, Bijection: 2, ExistsInjection: 2, ExistsSurjection: 2,
      ExistsBijection: 2, FoldFunction: 3, FoldFunctionOnSet: 4, SumFunction: 1, SumFunctionOnSet: 2,
    },
    community: true,
  },
  SequencesExt: {
    extends: ['Sequences', 'Naturals', 'FiniteSets', 'FiniteSetsExt', 'Folds', 'Functions', 'Bags', 'TLC'],
    operators: {
      ToSet: 1, ToBag: 1, IsSorted: 2, Snoc: 2, SetToSeq: 1, SetToSeqs: 1, SetToSortSeq: 2, SetToAllKPermutations: 1, TupleOf: 2, SeqOf: 2,
      BoundedSeq: 2, Contains: 2, Reverse: 1, Remove: 2, ReplaceAll: 3, SelectInSeq: 2, SelectLastInSeq: 2,
      SelectInSubSeq: 4, SelectLastInSubSeq: 4, InsertAt: 3, ReplaceAt: 3, RemoveAt: 2, RemoveFirst: 2,
      RemoveFirstMatch: 2, Cons: 2, Front: 1, Last: 1, IsPrefix: 2, IsStrictPrefix: 2, IsSuffix: 2,
      IsStrictSuffix: 2, Prefixes: 1, Suffixes: 1, CommonPrefixes: 1, LongestCommonPrefix: 1, SeqMod: 2,
      FoldSeq: 3, FoldLeft: 3, FoldRight: 3, FoldLeftDomain: 3, FoldRightDomain: 3, FlattenSeq: 1, Zip: 2,
      SubSeqs: 1,
    },
    community: true,
  },
  BagsExt: {
    extends: [],
    operators: { BagAdd: 2, BagRemove: 2, BagRemoveAll: 2, MapThenFoldBag: 5, FoldBag: 3, SumBag: 1, ProductBag: 1 },
    community: true,
  },
  Bitwise: { extends: [], operators: { '&': 2, '|': 2, '^^': 2, shiftR: 2 }, community: true },
  UndirectedGraphs: {
    extends: [],
    operators: {
      IsUndirectedGraph: 1, IsLoopFreeUndirectedGraph: 1, UndirectedSubgraph: 1, SimplePath: 1, AreConnectedIn: 3,
      ConnectedComponents: 1, IsStronglyConnected: 1, UndirectedGraphs: 1,
    },
    community: true,
  },
  // Its modules are LOCAL INSTANCEs: EXTENDS Graphs brings only its own operators.
  Graphs: {
    extends: [],
    operators: {
      IsDirectedGraph: 1, DirectedSubgraph: 1, Transpose: 1, IsUndirectedGraph: 1, UndirectedSubgraph: 1, Path: 1, SimplePath: 1,
      AreConnectedIn: 3, ConnectionsIn: 1, IsStronglyConnected: 1, IsTreeWithRoot: 2,
    },
    community: true,
  },
  IOUtils: { extends: [], operators: { IOEnv: 0, atoi: 1 }, community: true },
  // Its modules are LOCAL INSTANCEs: EXTENDS DyadicRationals brings only its own six operators.
  DyadicRationals: { extends: [], operators: { IsDyadicRational: 1, Zero: 0, One: 0, Add: 2, Half: 1, PrettyPrint: 1 }, community: true },
  // Random choices TLC makes with its own generator cannot be reproduced: the module loads, and a
  // use of one of its operators is refused by name (E1002, not implemented).
  Randomization: { extends: [], operators: { RandomSubset: 2, RandomSetOfSubsets: 3, RandomSubsetSet: 3, TestRandomSetOfSubsets: 3 }, community: true },
  // Loaded so that a spec that serializes only on a path never taken is checked; a use is refused by name.
  Json: {
    extends: [],
    operators: { ToJson: 1, ToJsonArray: 1, ToJsonObject: 1, JsonSerialize: 2, JsonDeserialize: 1, ndJsonSerialize: 2, ndJsonDeserialize: 1 },
    community: true,
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
  '\\cdot': 2,
};
