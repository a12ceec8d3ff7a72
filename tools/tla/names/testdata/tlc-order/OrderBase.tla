---- MODULE OrderBase ----
\* Extended by Instances.tla: its variables are the root's, after the symbols of Sequences.
EXTENDS Sequences
VARIABLES baseLog, baseCount
BaseOp == Len(baseLog)
====
