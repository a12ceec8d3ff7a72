---- MODULE Prints ----
\* Print and PrintT as TLC lays them out: each argument of Print in 80 columns on its own, a SUBSET of
\* 7 elements left lazy (with the space TLC leaves after it), what TLC cannot read back (a set of functions,
\* Seq, an interval of negative numbers) on one line, a string never broken, nor ToString's result.
EXTENDS Integers, Sequences, TLC
S == {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}
S7 == {"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd", "eeeeeeeeeeee", "ffffffffffff", "gggggggggggg"}
Long == [f |-> S, g |-> <<1, 2, 3>>]
ASSUME PrintT(SUBSET S7)
ASSUME PrintT(<<SUBSET S7, 1>>)
ASSUME PrintT([S7 -> S7])
ASSUME PrintT(Seq(S))
ASSUME Print(Long, Long) = Long
ASSUME PrintT("a very long string, with commas, >> and |-> inside, that is longer than eighty chars")
ASSUME PrintT(<<ToString(Long)>>)
ASSUME PrintT({-3..-1, 0..1, 1..2, 3..4, 5..6, 7..8, 9..10, 11..12, 13..14, 15..16, 17..18, 19..20})
ASSUME PrintT({0..1, 1..2, 3..4, 5..6, 7..8, 9..10, 11..12, 13..14, 15..16, 17..18, 19..20, 21..22})
ASSUME PrintT(<<Nat, Int, "a long string to make it longer than the width of the line, to break">>)
VARIABLE x
Init == x = 0
Next == x' = x
====
