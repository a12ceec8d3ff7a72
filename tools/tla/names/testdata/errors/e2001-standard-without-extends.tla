---- MODULE E2001NoExtends ----
Length == Len(<<1, 2>>)
====
