---- MODULE DuplicateExtended ----
EXTENDS Base
VARIABLE x
Limit == 4
Init == x = 0
Next == x' = (x + 1) % Limit
====
