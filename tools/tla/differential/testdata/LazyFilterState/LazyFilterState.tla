---- MODULE LazyFilterState ----
EXTENDS Naturals
VARIABLES x, s
Init == x = 0 /\ s = {}
Next == \E k \in 1..3 : /\ x < 7
                        /\ {k} \subseteq {n \in Nat : n > x - 2}
                        /\ x' = x + k
                        /\ s' = s \cup ({k, x} \cap {n \in Nat : n < k + x})
Inv == \A y \in s : s \subseteq {n \in Nat : n <= x + y}
Inv2 == x \in {n \in Nat : n # 11}
====
