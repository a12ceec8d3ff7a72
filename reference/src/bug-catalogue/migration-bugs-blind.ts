import type { CatalogueBug } from './catalogue.js';

// The second blind batch of migration bugs (issue 9): written from spec/migration, PROTOCOL.md and
// ../migration/migration.ts only, without reading the suite's migration tests, checkers or
// generators, and measured once, after they landed (README, "The second blind batch"). Each is a
// flag in ../migration/migration.ts.
export const migrationBlindBugs = [
  {
    id: 'migration-dirty-cleared-at-ack',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'dirty-page tracking',
    bug: 'the pre-copy source clears its dirty set when a round is acknowledged, not when the round is taken: pages written while the round was on its way are forgotten',
    resembles: 'the dirty-log race KVM closes by fetching and clearing the dirty bitmap atomically (KVM_GET_DIRTY_LOG) and by write-protecting before clearing (KVM_CLEAR_DIRTY_LOG, Linux 5.0): a log cleared after the copy loses the writes made in between',
    scenario: 'pre-copy of 64 pages; page 5 is written while round 1 is in flight; the round\'s ack clears the dirty set, the final copy leaves page 5 out: a read after the switch returns null',
  },
  {
    id: 'migration-late-round-overwrites',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'dirty-page tracking',
    bug: 'the destination merges every round copy it receives, even one older than a round it already merged',
    resembles: 'QEMU multifd sends the pages of successive iterations on several channels and must synchronise the channels at the end of each round (MULTIFD_FLAG_SYNC) so that an older copy of a page cannot land after a newer one',
    scenario: 'page 5 holds v0; pre-copy of 64 pages, 60 pages (page 5 among them: v1) written during round 1; a duplicate of round 1 arrives after round 2: a read after the switch returns v0',
  },
  {
    id: 'migration-abort-drops-held',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'freeze and abort',
    bug: 'an abort after the freeze resumes the process at the source but drops the messages held for it while it was frozen',
    resembles: 'rollback paths that restore the process but not its in-flight input (CRIU restores TCP queues from the dump only; a failed live migration that resumes the guest without the packets queued during the stop loses them)',
    scenario: 'q frozen at n2 on its way to n3, which never answers; p\'s m2 arrives and is held; the migration aborts: m2 is never delivered',
  },
  {
    id: 'migration-destination-keeps-aborted',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'freeze and abort',
    bug: 'the destination ignores an abort: it keeps the aborted migration\'s complete incoming copy, and refuses every later migration of the process to it',
    resembles: 'a destination left in the incoming state after a failed migration (QEMU\'s -incoming process must be killed and restarted by libvirt before another attempt; leftover destination state blocking a retry is a recurring libvirt cleanup bug)',
    scenario: 'stop-and-copy n1 → n2 whose prepared answers are lost: it aborts; a second migration to n2 over a perfect network answers migration_aborted',
  },
  {
    id: 'migration-fetch-not-resent',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'post-copy page races',
    bug: 'a post-copy destination never sends a page fetch again: its retry timer re-arms without retransmitting, so one lost fetch ends, at the timeout, in the process being declared lost',
    resembles: 'post-copy page requests lost on the return path (QEMU added postcopy-pause and recovery, Peter Xu 2018, because a request lost with the connection left the destination waiting on the fault for ever); here the timeout turns the wait into a loss',
    scenario: 'post-copy n1 → n2 with the background push slow; a read of page 3 at n2 faults, the first fetch is lost: the read answers crashed though the source lives',
  },
  {
    id: 'migration-cleared-page-not-dirty',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'dirty-page tracking',
    bug: 'a write of null (clearing a page) during pre-copy is not marked dirty: only writes of values are tracked',
    resembles: 'writes that bypass dirty logging (KVM fixes for pages written by vhost or by the zero-page and balloon paths without marking them in the dirty bitmap, so the destination kept stale contents)',
    scenario: 'page 5 holds v0; pre-copy of 64 pages; page 5 is cleared (null) during round 1: a read after the switch returns v0',
  },
  {
    id: 'migration-moved-epoch-ignored',
    abstraction: 'migration',
    batch: 'blind-2',
    class: 'residual dependencies and location',
    bug: 'a location notice (moved) is applied even when it is older than one already known: a late notice of an earlier move overwrites a newer forwarding pointer',
    resembles: 'stale forwarding: location updates without an order (Demos/MP and Sprite forwarding addresses need a migration count to discard stale updates; the same flaw was found on this kernel, fixed in ef0d816)',
    scenario: 'p (home n1) moves n1 → n2 → n3 → n2; the notice of the second move reaches n1 after that of the third; n3 crashes and stays down; a message from n1 follows the stale pointer to n3 and is lost',
  },
] as const satisfies readonly CatalogueBug[];
