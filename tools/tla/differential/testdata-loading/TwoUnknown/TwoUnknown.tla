---- MODULE TwoUnknown ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = Foo(x)
Inv == x < 3

\* a second undefined name, four lines below the first
Bad == y + 1
====
