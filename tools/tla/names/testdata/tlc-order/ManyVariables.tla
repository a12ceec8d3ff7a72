---- MODULE ManyVariables ----
\* Forty variables: SANY's table rehashes four times while they are added.
EXTENDS Naturals
VARIABLES pc, stack, msgs, inbox, outbox, acks, seq, epoch, leader, votes,
          log, commitIndex, lastApplied, nextIndex, matchIndex, term, role, timer, clock, buffer,
          x1, x2, x3, x4, x5, x6, x7, x8, x9, x10,
          queue, head, tail, count, lock, owner, waiting, done, phase, round
vars == <<pc, stack, msgs, inbox, outbox, acks, seq, epoch, leader, votes,
          log, commitIndex, lastApplied, nextIndex, matchIndex, term, role, timer, clock, buffer,
          x1, x2, x3, x4, x5, x6, x7, x8, x9, x10,
          queue, head, tail, count, lock, owner, waiting, done, phase, round>>
Init == vars = [i \in 1..40 |-> 0]
Next == UNCHANGED vars
====
