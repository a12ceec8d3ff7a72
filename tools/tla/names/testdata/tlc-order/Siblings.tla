---- MODULE Siblings ----
\* After is written after this module's end: a top-level module SANY reads from the same file, not a
\* module nested in this one, whose name would be one key more in this module's table: with I!D0 ..
\* I!D53 it holds 143 names, and a 144th would grow it from 191 buckets to 383 and put x before left.
EXTENDS Naturals
VARIABLES left, x
I == INSTANCE After
Init == left = 0 /\ x = I!D0
Next == UNCHANGED <<left, x>>
====
---- MODULE After ----
D0 == 0
D1 == 1
D2 == 2
D3 == 3
D4 == 4
D5 == 5
D6 == 6
D7 == 7
D8 == 8
D9 == 9
D10 == 10
D11 == 11
D12 == 12
D13 == 13
D14 == 14
D15 == 15
D16 == 16
D17 == 17
D18 == 18
D19 == 19
D20 == 20
D21 == 21
D22 == 22
D23 == 23
D24 == 24
D25 == 25
D26 == 26
D27 == 27
D28 == 28
D29 == 29
D30 == 30
D31 == 31
D32 == 32
D33 == 33
D34 == 34
D35 == 35
D36 == 36
D37 == 37
D38 == 38
D39 == 39
D40 == 40
D41 == 41
D42 == 42
D43 == 43
D44 == 44
D45 == 45
D46 == 46
D47 == 47
D48 == 48
D49 == 49
D50 == 50
D51 == 51
D52 == 52
D53 == 53
====
