---- MODULE Layout ----
\* Values TLC breaks over lines where it prints a state (80 columns, not counting "/\ x = "): each kind,
\* nested, at the width (w79, w80, w81; inner: a tuple at its container's), keys too long for a line (keys),
\* strings holding delimiters; and what it leaves on one line because it cannot read it back: names
\* with _ (under, underfield), a string holding a quote, a set of functions (fnset).
EXTENDS Integers, Sequences, TLC
CONSTANTS Procs, Nodes
VARIABLES n, w79, w80, w81, inner, fn, rec, fnOfRecs, setOfSeqs, strs, keys, longval, subset, fnset, under, underfield, negs, intervals, nested, quote, bools

Init == /\ n = 0
        /\ w79 = <<"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb">>
        /\ w80 = <<"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb">>
        /\ w81 = <<"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb">>
        /\ inner = {<<"cccccccccccccccccccccccccccccc", "ddddddddddddddddddddddddddddddddddd">>, <<"eeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "ffffffffffffffffffffffffffffffffffff">>, <<"gggggggggggggggggggggggggggggg", "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh">>}
        /\ fn = [x \in Procs \X {0, 1} |-> x[2]]
        /\ rec = [state |-> "working", votes |-> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, log |-> <<"begin", "prepare", "commit">>, ok |-> TRUE]
        /\ fnOfRecs = [p \in Procs |-> [state |-> "idle", votes |-> {}, log |-> <<1, 2, 3>>, peer |-> p]]
        /\ setOfSeqs = {<<k, k + 1, k + 2>> : k \in 1..12}
        /\ strs = {"a, b", "c >> d", "e } f", "g |-> h", "i :> j @@ k", "l ] m", "n ) o", "p, q, r, s, t, u, v, w"}
        /\ keys = (<<"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk", "llllllllllllllllllllllllllllllllllllllll">> :> 1) @@ (<<"mmmmm", "nnnnn">> :> {"oooooooooooooooooooooooooooooooooooooooo", "pppppppppppppppppppppppppppppppppppppppp"})
        /\ longval = [p \in Procs |-> {"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"}]
        /\ subset = SUBSET {"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd", "eeeeeeeeeeee", "ffffffffffff", "gggggggggggg"}
        /\ fnset = [{"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd", "eeeeeeeeeeee", "ffffffffffff", "gggggggggggg"} -> {"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd", "eeeeeeeeeeee", "ffffffffffff", "gggggggggggg"}]
        /\ under = Nodes
        /\ underfield = [my_field |-> "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr", other |-> "ssssssssssssssssssssssssssssssssssssssss"]
        /\ negs = {-100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83}
        /\ intervals = <<1..10, 2..20, 3..30, 4..40, 5..50, 6..60, 7..70, 8..80, 9..90, 10..100, 11..110>>
        /\ nested = <<[a |-> <<{1, 2}, {3, 4}>>, b |-> (Procs :> {<<>>})], "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", {}, <<>>, [c |-> "tttttttttttttttttttttttttttttttttttttttt"]>>
        /\ quote = <<"say \"hi\"", "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq">>
        /\ bools = [b \in BOOLEAN |-> [p \in Procs |-> IF b THEN {p} ELSE {}]]

Next == /\ n' = n + 1
        /\ UNCHANGED <<w79, w80, w81, inner, fn, rec, fnOfRecs, setOfSeqs, strs, keys, longval, subset, fnset, under, underfield, negs, intervals, nested, quote, bools>>

Inv == n < 1
====
