// Measured facts about TLC's string intern table (see string-order.ts and SUPPORTED.md, "Strings in
// TLC's order"). Measured 6 Dec 2026 with TLC built from the public TLA+ tools source (2026.12 build): a Java
// wrapper that runs tlc2.TLC and, at exit, lists util.UniqueString's intern table by intern number.

/** Strings TLC interns before it reads the spec (intern numbers 1 to 236: SANY's operator tables), in order. */
export const startupTable: readonly string[] = ["STRING", "FALSE", "TRUE", "BOOLEAN", "=", "/=", ".", "'", "\\lnot", "\\neg", "\\land", "\\lor", "\\equiv", "=>", "SUBSET", "UNION", "DOMAIN", "\\subseteq", "\\in", "\\notin", "\\", "\\intersect", "\\union", "\\times", "~>", "[]", "<>", "ENABLED", "UNCHANGED", "\\cdot", "-+->", "$AngleAct", "$BoundedChoose", "$BoundedExists", "$BoundedForall", "$CartesianProd", "$Case", "$ConjList", "$DisjList", "$Except", "$FcnApply", "$FcnConstructor", "$IfThenElse", "$NonRecursiveFcnSpec", "$Pair", "$RcdConstructor", "$RcdSelect", "$RecursiveFcnSpec", "$Seq", "$SetEnumerate", "$SetOfAll", "$SetOfFcns", "$SetOfRcds", "$SF", "$SquareAct", "$SubsetOf", "$TemporalExists", "$TemporalForall", "$TemporalWhile", "$Tuple", "$UnboundedChoose", "$UnboundedExists", "$UnboundedForall", "$WF", "$Nop", "$Qed", "$Pfcase", "$Have", "$Take", "$Pick", "$Witness", "$Suffices", "***I do not exist***", "--TLA+ BUILTINS--", "Formal_0", "Formal_1", "Formal_2", "[", "^", "/", "*", "-", "-.", "+", "^+", "^*", "^#", "<", "\\leq", ">", "\\geq", "...", "..", "|", "||", "&&", "&", "$$", "$", "??", "%%", "%", "##", "++", "--", "**", "//", "^^", "@@", "!!", "|-", "|=", "-|", "=|", "<:", ":>", ":=", "::=", "\\oplus", "\\ominus", "\\odot", "\\oslash", "\\otimes", "\\uplus", "\\sqcap", "\\sqcup", "\\div", "\\wr", "\\star", "\\o", "\\bigcirc", "\\bullet", "\\prec", "\\succ", "\\preceq", "\\succeq", "\\sim", "\\simeq", "\\ll", "\\gg", "\\asymp", "\\subset", "\\supset", "\\supseteq", "\\approx", "\\cong", "\\sqsubset", "\\sqsubseteq", "\\sqsupset", "\\sqsupseteq", "\\doteq", "\\propto", "~", "¬", "□", "◇", "/\\", "∧", "\\/", "∨", "<=>", "≡", "⇔", "#", "≠", "<=", "=<", "≤", ">=", "≥", "\\X", "×", "\\cap", "∩", "\\cup", "∪", "\\circ", "∘", "(+)", "⊕", "(-)", "⊖", "(.)", "⊙", "(/)", "⊘", "(\\X)", "⊗", "≈", "≔", "≍", "◯", "⩴", "●", "⋅", "≅", "÷", "≐", "‥", "…", "‼", "≫", "⇒", "∈", "⫤", "↝", "≪", "⊣", "∉", "⇸", "≺", "⪯", "∝", "⁇", "⊨", "⊢", "∼", "≃", "⊓", "⊔", "⊏", "⊑", "⊐", "⊒", "⋆", "⊂", "⊆", "≻", "⪰", "⊃", "⊇", "⊎", "‖", "≀", "⁺", "@"];

/** Strings interned right after the root module's name (SANY's syntax-node names), in order. */
export const syntaxNodeTable: readonly string[] = ["Not a node", "N_ActDecl", "N_ActionExpr", "N_AssumeDecl", "N_AssumeProve", "N_Assumption", "N_BeginModule", "N_Body", "N_BoundedQuant", "N_Case", "N_CaseArm", "N_CaseStatement", "N_ChooseStatement", "N_ConjItem", "N_ConjList", "N_ConsDecl", "N_DisjItem", "N_DisjList", "N_EndModule", "N_Except", "N_ExceptComponent", "N_ExceptSpec", "N_Times", "N_Extends", "N_FairnessExpr", "N_FcnAppl", "N_FcnConst", "N_FieldSet", "N_FieldVal", "N_FunctionDefinition", "N_FunctionParam", "N_GeneralId", "N_GenInfixOp", "N_GenNonExpPrefixOp", "N_GenPostfixOp", "N_GenPrefixOp", "N_IdentDecl", "N_Real", "N_IdentifierTuple", "N_IdentLHS", "N_IdPrefix", "N_IdPrefixElement", "N_IfThenElse", "N_InfixDecl", "N_InfixExpr", "N_InfixLHS", "N_InfixOp", "N_InnerProof", "N_Instance", "N_NonLocalInstance", "N_Integer", "N_LeafProof", "N_LetDefinitions", "N_LetIn", "N_MaybeBound", "N_Module", "N_ModuleDefinition", "N_NonExpPrefixOp", "N_Number", "N_NumberedAssumeProve", "N_OpApplication", "N_OpArgs", "N_OperatorDefinition", "N_OtherArm", "N_ParamDecl", "N_ParamDeclaration", "N_ParenExpr", "N_PostfixDecl", "N_PostfixExpr", "N_PostfixLHS", "N_PostfixOp", "N_PrefixDecl", "N_PrefixExpr", "N_PrefixLHS", "N_PrefixOp", "N_Proof", "N_ProofLet", "N_ProofName", "N_ProofStatement", "N_ProofStep", "N_QEDStep", "N_QuantBound", "N_RcdConstructor", "N_RecordComponent", "N_SetEnumerate", "N_SetOfAll", "N_SetOfFcns", "N_SetOfRcds", "N_String", "N_SubsetOf", "N_Substitution", "N_TempDecl", "N_Theorem", "N_Tuple", "N_UnBoundedOrBoundedChoose", "N_UnboundedQuant", "N_VariableDeclaration", "Token =", "Token \\in", "N_NewSymb", "N_Lambda", "N_Recursive", "N_Label", "N_StructOp", "N_NumerableStep", "N_TerminalProof", "N_UseOrHide", "N_NonExprBody", "N_DefStep", "N_HaveStep", "N_TakeStep", "N_WitnessStep", "N_PickStep", "N_CaseStep", "N_AssertStep"];

/** Strings interned after every module is read, before the string literals (SANY's semantic pass starting), in order. */
export const semanticStartTable: readonly string[] = ["LAMBDA", "$$InAssume", "nullODN", "nullOpArg", "nullLabelNode"];

/**
 * For each standard module TLC ships: its identifiers, keywords and numbers in order of first
 * appearance, its string literals in order, and the modules it extends and instantiates (read from
 * the module texts in TLC's jar with moduleTokens; checked against the measured intern table).
 */
export const standardModules: Readonly<Record<string, { words: readonly string[]; literals: readonly string[]; extends: readonly string[]; instances: readonly string[] }>> = {
  "Naturals": {
    words: "Naturals Nat a b CHOOSE n TRUE".split(' '),
    literals: [],
    extends: [],
    instances: [],
  },
  "Integers": {
    words: "Integers EXTENDS Naturals Int a 0".split(' '),
    literals: [],
    extends: ["Naturals"],
    instances: [],
  },
  "Reals": {
    words: "Reals EXTENDS Integers Real a b CHOOSE m Infinity i r".split(' '),
    literals: ["Reals"],
    extends: ["Integers"],
    instances: [],
  },
  "Sequences": {
    words: "Sequences LOCAL INSTANCE Naturals Seq S UNION 1 n Nat Len s CHOOSE DOMAIN t i IF THEN ELSE Append e Head Tail CASE SubSeq m SelectSeq Test _ LET F 0 IN".split(' '),
    literals: [],
    extends: [],
    instances: ["Naturals"],
  },
  "FiniteSets": {
    words: "FiniteSets LOCAL INSTANCE Naturals Sequences IsFiniteSet S seq Seq s n 1 Len Cardinality LET CS T SUBSET IF THEN 0 ELSE CHOOSE x IN".split(' '),
    literals: [],
    extends: [],
    instances: ["Naturals", "Sequences"],
  },
  "Bags": {
    words: "Bags EXTENDS TLC LOCAL INSTANCE Naturals IsABag B DOMAIN n Nat 0 BagToSet SetToBag S e 1 BagIn EmptyBag B1 B2 IF THEN ELSE LET IN d Sum f DSum SUBSET elt CHOOSE TRUE BagUnion UNION SubBag RemoveFromDom x y Combine BagSet i Biggest Range r s RSB BB BagOfAll F _ BagCardinality CopiesIn".split(' '),
    literals: [],
    extends: ["TLC"],
    instances: ["Naturals"],
  },
  "TLC": {
    words: "TLC LOCAL INSTANCE Naturals Sequences FiniteSets Print out val PrintT TRUE Assert IF THEN ELSE CHOOSE v JavaTime n Nat TLCGet i TLCSet d e x f g DOMAIN Permutations S w SortSeq s Op _ LET Perm p 1 Len j IN RandomElement Any ToString a b STRING TLCEval".split(' '),
    literals: [],
    extends: [],
    instances: ["Naturals", "Sequences", "FiniteSets"],
  },
  "TLCExt": {
    words: "TLCExt LOCAL INSTANCE TLC Integers AssertEq a b IF THEN PrintT ELSE AssertError err exp LET FailsEval e CHOOSE BOOLEAN TRUE TLCError s STRING IN Assert TLCGetOrDefault key defaultVal n TLCGetAndSet Op _ val oldVal v TLCSet Trace CounterExample ToTrace CE TLCModelValue str ToString TLCDefer expression TLCNoOp PickSuccessor bool TLCCache closure TLCFP var i Int TLCEvalDefinition definitionName".split(' '),
    literals: ["Assertion failed"],
    extends: [],
    instances: ["TLC", "Integers"],
  },
  "_TLCTrace": {
    words: "_TLCTrace LOCAL INSTANCE TLC TLCExt Sequences Naturals _TLCTraceDeserialize absoluteFilename TRUE _TLCTraceSerialize val CONSTANT _TLCTraceFile _TLCTrace0 verbose IF CounterExample state DOMAIN FALSE THEN ELSE LET trace ToTrace vars UNION i IN counterexample PrintT _TLCTraceSilent _TLCTraceInputFile _TLCTraceFileDeserialized _TLCState level Trace _TLCTraceLassoTarget actions e 3 1 CHOOSE 0 _TLCTraceConstraint TLCGet dump pair v 2 _TLCTraceView lassoTarget".split(' '),
    literals: ["console", "CounterExample written: ", "counterexample", "action", "level", "state", "vars"],
    extends: [],
    instances: ["TLC", "TLCExt", "Sequences", "Naturals"],
  },
  "RealTime": {
    words: "RealTime EXTENDS Reals VARIABLE now RTBound A v D E LET TNext t IF _v ENABLED THEN 0 ELSE Timer _ MaxTime MinTime IN RTnow NowNext r Real UNCHANGED _now WF_".split(' '),
    literals: [],
    extends: ["Reals"],
    instances: [],
  },
  "Randomization": {
    words: "Randomization LOCAL INSTANCE Naturals FiniteSets RandomSubset k S CHOOSE T SUBSET Cardinality RandomSetOfSubsets n TestRandomSetOfSubsets i 1 5".split(' '),
    literals: [],
    extends: [],
    instances: ["Naturals", "FiniteSets"],
  },
  "Json": {
    words: "Json LOCAL INSTANCE Sequences FiniteSets TLC IsSequence F D TRUE FALSE ToJsonKeyValue d ToString RECURSIVE ToJsonObjectString _ LET CHOOSE IN IF DOMAIN THEN ELSE ToJsonArrayString ToJsonString IsFiniteSet ToJson value ToJsonArray ToJsonObject JsonSerialize absoluteFilename JsonDeserialize val ndJsonSerialize ndJsonDeserialize".split(' '),
    literals: [":", "{", "}", ", ", "[", "]", "{}", "[]"],
    extends: [],
    instances: ["Sequences", "FiniteSets", "TLC"],
  },
  "Toolbox": {
    words: "Toolbox LOCAL INSTANCE Naturals FiniteSets TLC _TETrace CHOOSE f Nat 0 STRING TRUE _TETraceLength Cardinality DOMAIN _TEPosition IF TLCGet THEN ELSE 1".split(' '),
    literals: ["level"],
    extends: [],
    instances: ["Naturals", "FiniteSets", "TLC"],
  },
};
