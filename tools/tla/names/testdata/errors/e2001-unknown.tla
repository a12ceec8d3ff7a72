---- MODULE E2001Unknown ----
VARIABLE replies
Next == replys' = replies
====
