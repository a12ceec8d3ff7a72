---- MODULE Instances ----
\* Variables declared around EXTENDS of a module with variables, named, parameterized, LOCAL and
\* unnamed INSTANCEs (of a module that has one of its own, and of a nested module), RECURSIVE,
\* theorems and an operator symbol.
EXTENDS OrderBase, FiniteSets, Naturals
CONSTANTS N, Op(_)
VARIABLES zulu, yankee
RECURSIVE Fact(_)
Fact(n) == IF n = 0 THEN 1 ELSE n * Fact(n - 1)
Total[n \in Nat] == n
P == INSTANCE OrderParts WITH Limit <- N, part <- zulu, other <- yankee
VARIABLES xray, whiskey, victor
Q(k) == INSTANCE OrderParts WITH Limit <- k, part <- xray, other <- whiskey
LOCAL R == INSTANCE OrderParts WITH Limit <- 3, part <- victor, other <- victor
VARIABLES part, other
INSTANCE OrderParts WITH Limit <- 5
---- MODULE Nested ----
\* Naturals' operators are Instances' already: this INSTANCE adds none to Nested's table.
INSTANCE Naturals
VARIABLE nestedVar
NestedOp == nestedVar + 1
====
NI == INSTANCE Nested WITH nestedVar <- zulu
INSTANCE OrderC WITH m <- 2
a ++ b == a + b
THEOREM Named == TRUE
THEOREM TRUE
ASSUME Assumed == N \in Nat
LOCAL Later == 2
VARIABLES uniform, tango, sierra, romeo, quebec, papa
Init == zulu = 0 /\ yankee = 0 /\ xray = 0 /\ whiskey = 0 /\ victor = 0 /\ part = 0 /\ other = 0
        /\ uniform = 0 /\ tango = 0 /\ sierra = 0 /\ romeo = 0 /\ quebec = 0 /\ papa = 0
        /\ baseLog = <<>> /\ baseCount = 0
Next == UNCHANGED <<zulu, yankee, xray, whiskey, victor, part, other, uniform, tango, sierra, romeo, quebec, papa, baseLog, baseCount>>
====
