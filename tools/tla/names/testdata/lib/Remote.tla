---- MODULE Remote ----
Answer == 42
====
