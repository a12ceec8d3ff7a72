---- MODULE Real ----
Half == 0.5
====
