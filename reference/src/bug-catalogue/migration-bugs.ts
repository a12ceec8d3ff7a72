import type { CatalogueBug } from './catalogue.js';

// Independent bugs of process migration (issue 9), written from the specification
// (spec/migration/README.md, PROTOCOL.md "Migration") and the kernel's code, apart from the suite's
// migration tests, checkers and mutants. Each is a flag in ../migration/migration.ts.
export const migrationBugs = [
  {
    id: 'migration-stale-round-ack',
    abstraction: 'migration',
    class: 'acknowledgement correlation',
    bug: 'the pre-copy source takes an acknowledgement of any round for the acknowledgement of the round in flight',
    resembles: 'migration streams whose acks carry no round or sequence number that is checked (a duplicated ack of round k releases round k+1, as in hand-written ARQ under a sliding window); Clark et al. (NSDI 2005) rely on each round being confirmed before the next dirty set is taken',
    scenario: 'pre-copy of 64 pages: 60 pages written during round 1; a duplicate of round 1\'s ack arrives while round 2 (those 60 pages) is still on its way: the source freezes and switches, the round-2 pages are lost; a read after the switch returns null',
  },
  {
    id: 'migration-mailbox-state-not-moved',
    abstraction: 'migration',
    class: 'process state not moved',
    bug: 'the final copy leaves out the mailbox\'s per-sender sequence numbers: the destination expects every sender\'s first message again',
    resembles: 'checkpoint/restore that forgets connection sequence state (CRIU\'s TCP repair mode exists because a restored socket with fresh sequence numbers stalls: the peer\'s next segment looks out of window); Sprite and V moved the message state with the process for this reason',
    scenario: 'p sends m1 to q, q migrates, p sends m2: the destination waits for p\'s message 1 again and never delivers m2',
  },
  {
    id: 'migration-send-seq-not-moved',
    abstraction: 'migration',
    class: 'process state not moved',
    bug: 'the final copy leaves out the process\'s own per-receiver send sequence numbers: after the move it numbers its messages from 1 again',
    resembles: 'the sender side of the same class: a restored process whose stream counters restart, so a receiver that suppresses duplicates takes its new messages for old ones (TCP after a restore without sequence repair; idempotency counters reset on failover)',
    scenario: 'r has moved once (so it orders by sequence); p sends m1 to r, p migrates, p sends m2: r takes m2 for a duplicate of m1 and drops it',
  },
  {
    id: 'migration-home-not-told',
    abstraction: 'migration',
    class: 'residual dependencies and location',
    bug: 'a commit does not tell the pid\'s home node the new location, so a process that moved twice is reached through a chain of forwarding pointers',
    resembles: 'residual dependencies on hosts a process has left (Douglis and Ousterhout on Sprite, 1991; Demos/MP forwarding chains break when an intermediate machine fails): Sprite routes through the home node so that no third machine stays on the path',
    scenario: 'p (home n1) moves to n2, then to n3; n2 crashes and stays down; a message to p follows n1\'s pointer to n2, which never answers: the message is lost',
  },
  {
    id: 'migration-push-overwrites-newer-page',
    abstraction: 'migration',
    class: 'post-copy page races',
    bug: 'a post-copy destination installs a pushed page even when the page is already there (faulted in and written since)',
    resembles: 'the pre-paging race of post-copy (Hines and Gopalan, VEE 2009: a pushed page must be discarded if the page was already received by a fault); QEMU\'s postcopy places pages with UFFDIO_COPY, which refuses an already-populated page for this reason',
    scenario: 'post-copy of a process whose page 0 holds "a": the background push of page 0 is delayed, the process faults page 0 in and writes "b", then the push arrives: a read returns "a"',
  },
  {
    id: 'migration-delivered-while-frozen',
    abstraction: 'migration',
    class: 'messages during the switch',
    bug: 'a message that reaches the source while the process is frozen is delivered into the frozen copy, whose state has already been sent, instead of being held and forwarded',
    resembles: 'the window between freeze and switch in V and Sprite migration, where messages must be queued and forwarded after the switch (Theimer, Lantz and Cheriton, SOSP 1985); delivering there delivers at the wrong end, and the destination\'s mailbox never learns of it',
    scenario: 'q is frozen at n2 on its way to n3 when p\'s m2 arrives: it is delivered at n2, then p\'s m3 waits at n3 for m2 for ever',
  },
  {
    id: 'migration-abort-leaves-frozen',
    abstraction: 'migration',
    class: 'freeze and abort',
    bug: 'an abort after the freeze answers migration_aborted but does not resume the process at the source',
    resembles: 'live migration failures that leave the guest paused at the source (a long-running class of libvirt/QEMU and Xen bug reports: "domain remains paused after failed migration")',
    scenario: 'stop-and-copy to a node that crashed: the migration aborts, then a write to the process at its source answers not_found',
  },
  {
    id: 'migration-dedup-not-moved',
    abstraction: 'migration',
    class: 'process state not moved',
    bug: 'the destination does not adopt the RPC duplicate-suppression streams that travel with a server process',
    resembles: 'server failover without the reply cache (NFS duplicate request caches are per server, so a retried non-idempotent request after failover executes twice unless the cache moves; Juszczak, USENIX 1989)',
    scenario: 'an at-most-once call executes at q, its reply is lost, q migrates; the retry follows q and executes the call a second time',
  },
] as const satisfies readonly CatalogueBug[];
