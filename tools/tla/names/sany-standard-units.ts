// The units of each standard module as SANY reads them (the .tla files TLC ships in tla2tools.jar
// and CommunityModules.jar), for tlc-variable-order.ts: what each module's symbol table holds, in
// order, decides where the symbols of a spec that EXTENDS or INSTANCEs it fall in the spec's own.
// One string per unit: `Name` (a definition, RECURSIVE declarations included), `LOCAL Name`,
// `INSTANCE M` / `LOCAL INSTANCE M`, `THEOREM Name`; operator symbols spelled as SANY's canonical
// names (`\leq` for `<=`, `\oplus` for `(+)`). The recorded contexts are SANY's (checked in
// tlc-variable-order.test.ts). TLAPS's theorem libraries are not shipped with TLC and are not listed.
import type { StandardModuleName } from '../stdlib/standard-modules.js';

export interface SanyModuleUnits {
  extends: readonly StandardModuleName[];
  units: readonly string[];
}

const naturals = ['Nat', '+', '-', '*', '^', '<', '>', '\\leq', '\\geq', '%', '\\div', '..'];

export const sanyStandardUnits: Partial<Record<StandardModuleName, SanyModuleUnits>> = {
  Naturals: { extends: [], units: naturals },
  Integers: { extends: ['Naturals'], units: ['Int', '-.'] },
  Reals: { extends: ['Integers'], units: ['Real', '/', 'Infinity'] },
  Sequences: { extends: [], units: ['LOCAL INSTANCE Naturals', 'Seq', 'Len', '\\o', 'Append', 'Head', 'Tail', 'SubSeq', 'SelectSeq'] },
  FiniteSets: { extends: [], units: ['LOCAL INSTANCE Naturals', 'LOCAL INSTANCE Sequences', 'IsFiniteSet', 'Cardinality'] },
  TLC: {
    extends: [],
    units: [
      'LOCAL INSTANCE Naturals', 'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE FiniteSets', 'Print', 'PrintT', 'Assert', 'JavaTime',
      'TLCGet', 'TLCSet', ':>', '@@', 'Permutations', 'SortSeq', 'RandomElement', 'Any', 'ToString', 'TLCEval',
    ],
  },
  TLCExt: {
    extends: [],
    units: [
      'LOCAL INSTANCE TLC', 'LOCAL INSTANCE Integers', 'AssertEq', 'AssertError', 'TLCGetOrDefault', 'TLCGetAndSet', 'Trace',
      'CounterExample', 'ToTrace', 'TLCModelValue', 'TLCDefer', 'TLCNoOp', 'PickSuccessor', 'TLCCache', 'TLCFP', 'TLCEvalDefinition',
    ],
  },
  Bags: {
    extends: ['TLC'],
    units: [
      'LOCAL INSTANCE Naturals', 'IsABag', 'BagToSet', 'SetToBag', 'BagIn', 'EmptyBag', '\\oplus', '\\ominus', 'LOCAL Sum', 'BagUnion',
      '\\sqsubseteq', 'SubBag', 'BagOfAll', 'BagCardinality', 'CopiesIn',
    ],
  },
  TLAPS: {
    extends: [],
    units: [
      'SimpleArithmetic', 'SMT', 'SMTT', 'CVC3', 'CVC3T', 'Yices', 'YicesT', 'veriT', 'veriTT', 'Z3', 'Z3T', 'Spass', 'SpassT', 'LS4', 'PTL',
      'Zenon', 'ZenonT', 'Isa', 'IsaT', 'IsaM', 'IsaMT', 'IsaWithSetExtensionality', 'THEOREM SetExtensionality',
      'THEOREM NoSetContainsEverything', 'SlowZenon', 'SlowerZenon', 'VerySlowZenon', 'SlowestZenon', 'Auto', 'SlowAuto', 'SlowerAuto',
      'SlowestAuto', 'Force', 'SlowForce', 'SlowerForce', 'SlowestForce', 'SimplifyAndSolve', 'SlowSimplifyAndSolve',
      'SlowerSimplifyAndSolve', 'SlowestSimplifyAndSolve', 'Simplification', 'SlowSimplification', 'SlowerSimplification',
      'SlowestSimplification', 'Blast', 'SlowBlast', 'SlowerBlast', 'SlowestBlast', 'AutoBlast', 'AllProvers', 'AllProversT', 'AllSMT',
      'AllSMTT', 'AllIsa', 'AllIsaT', 'THEOREM RuleTLA1', 'THEOREM RuleTLA2', 'THEOREM RuleINV1', 'THEOREM RuleINV2', 'THEOREM RuleWF1',
      'THEOREM RuleSF1', 'THEOREM RuleWF2', 'THEOREM RuleSF2', 'THEOREM RuleInvImplication', 'THEOREM RuleStepSimulation',
      'PropositionalTemporalLogic',
    ],
  },
  Folds: { extends: [], units: ['MapThenFoldSet'] },
  FiniteSetsExt: {
    extends: ['Folds', 'Functions'],
    units: [
      'LOCAL INSTANCE Naturals', 'LOCAL INSTANCE FiniteSets', 'FoldSet', 'SumSet', 'ProductSet', 'ReduceSet', 'MapThenSumSet',
      'FlattenSet', 'SymDiff', 'Quantify', 'kSubset', 'Max', 'Min', 'Choices', 'ChooseUnique',
    ],
  },
  Functions: {
    extends: [],
    units: [
      'LOCAL INSTANCE Folds', 'Restrict', 'RestrictDomain', 'RestrictValues', 'IsRestriction', 'Range', 'Pointwise', 'Inverse',
      'AntiFunction', 'IsInjective', 'Injection', 'Surjection', 'Bijection', 'ExistsInjection', 'ExistsSurjection', 'ExistsBijection',
      'FoldFunction', 'FoldFunctionOnSet',
    ],
  },
  SequencesExt: {
    extends: [],
    units: [
      'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE Naturals', 'LOCAL INSTANCE FiniteSets', 'LOCAL INSTANCE FiniteSetsExt',
      'LOCAL INSTANCE Functions', 'LOCAL INSTANCE Folds', 'LOCAL INSTANCE TLC', 'ToSet', 'SetToSeq', 'SetToSeqs', 'SetToSortSeq',
      'SetToAllKPermutations', 'TupleOf', 'SeqOf', 'BoundedSeq', 'Contains', 'Reverse', 'Remove', 'ReplaceAll', 'SelectInSeq',
      'SelectInSubSeq', 'SelectLastInSeq', 'SelectLastInSubSeq', 'InsertAt', 'ReplaceAt', 'RemoveAt', 'RemoveFirst', 'RemoveFirstMatch',
      'Cons', 'Snoc', 'Front', 'Last', 'IsPrefix', 'IsStrictPrefix', 'IsSuffix', 'IsStrictSuffix', 'Prefixes', 'CommonPrefixes',
      'LongestCommonPrefix', 'Suffixes', 'SeqMod', 'FoldSeq', 'FoldLeft', 'FoldRight', 'FoldLeftDomain', 'FoldRightDomain', 'FlattenSeq',
      'Zip', 'Interleave', 'SubSeqs', 'AllSubSeqs', 'IndexFirstSubSeq', 'ReplaceSubSeqAt', 'ReplaceFirstSubSeq', 'ReplaceAllSubSeqs',
    ],
  },
  BagsExt: {
    extends: [],
    units: [
      'LOCAL INSTANCE Bags', 'LOCAL INSTANCE Integers', 'LOCAL INSTANCE Folds', 'BagAdd', 'BagRemove', 'BagRemoveAll', 'MapThenFoldBag',
      'FoldBag', 'SumBag', 'ProductBag',
    ],
  },
  // And, Or, Xor and NotR are declared RECURSIVE before their LOCAL definitions, and SANY keeps the declaration's (exported) entry.
  Bitwise: { extends: [], units: ['LOCAL INSTANCE Integers', 'And', '&', 'Or', '|', 'Xor', '^^', 'NotR', 'Not', 'shiftR'] },
  UndirectedGraphs: {
    extends: [],
    units: [
      'LOCAL INSTANCE Naturals', 'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE SequencesExt', 'LOCAL INSTANCE FiniteSets',
      'LOCAL INSTANCE Folds', 'IsUndirectedGraph', 'IsLoopFreeUndirectedGraph', 'UndirectedSubgraph', 'Path', 'SimplePath',
      'ConnectedComponents', 'AreConnectedIn', 'IsStronglyConnected',
    ],
  },
  Graphs: {
    extends: [],
    units: [
      'LOCAL INSTANCE Naturals', 'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE SequencesExt', 'LOCAL INSTANCE FiniteSets',
      'IsDirectedGraph', 'DirectedSubgraph', 'Transpose', 'IsUndirectedGraph', 'UndirectedSubgraph', 'Path', 'SimplePath',
      'AreConnectedIn', 'ConnectionsIn', 'IsStronglyConnected', 'IsTreeWithRoot',
    ],
  },
  IOUtils: {
    extends: [],
    units: [
      'LOCAL INSTANCE TLC', 'LOCAL INSTANCE Integers', 'IOSerialize', 'IODeserialize', 'Serialize', 'Deserialize', 'IOExec', 'IOEnvExec',
      'IOExecTemplate', 'IOEnvExecTemplate', 'IOEnv', 'atoi',
    ],
  },
  DyadicRationals: {
    extends: [],
    units: [
      'LOCAL INSTANCE FiniteSets', 'LOCAL INSTANCE Integers', 'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE FiniteSetsExt', 'LOCAL INSTANCE TLC',
      'LOCAL Divides', 'LOCAL Divisors', 'LOCAL GCD', 'LOCAL Rational', 'LOCAL Reduce', 'IsDyadicRational', 'Zero', 'One', 'Add', 'Half',
      'PrettyPrint',
    ],
  },
  Randomization: { extends: [], units: ['LOCAL INSTANCE Naturals', 'LOCAL INSTANCE FiniteSets', 'RandomSubset', 'RandomSetOfSubsets', 'TestRandomSetOfSubsets'] },
  // As for Bitwise, the three RECURSIVE ones keep their exported entries.
  Json: {
    extends: [],
    units: [
      'LOCAL INSTANCE Sequences', 'LOCAL INSTANCE FiniteSets', 'LOCAL INSTANCE TLC', 'LOCAL IsSequence', 'LOCAL ToJsonKeyValue',
      'ToJsonObjectString', 'ToJsonArrayString', 'ToJsonString', 'ToJson', 'ToJsonArray', 'ToJsonObject', 'JsonSerialize',
      'JsonDeserialize', 'ndJsonSerialize', 'ndJsonDeserialize',
    ],
  },
};
