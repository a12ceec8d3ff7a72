---- MODULE BadEscape ----
Greeting == "hello\qworld"
====
