---- MODULE E2003Missing ----
EXTENDS Naturals, NoSuchModule
====
