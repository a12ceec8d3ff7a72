---- MODULE Counter ----
\* Instantiated by Main with a substitution for Limit; its variable count is Main's.
EXTENDS Naturals
CONSTANT Limit
VARIABLE count
LOCAL Helper == 1
Inc == count' = count + Helper
CanInc == count < Limit
====
