---- MODULE TemporalExists ----
VARIABLE x
Spec == \EE y : y = x
====
