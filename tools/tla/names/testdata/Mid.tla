---- MODULE Mid ----
EXTENDS Base
Quad(a) == Double(Double(a))
====
