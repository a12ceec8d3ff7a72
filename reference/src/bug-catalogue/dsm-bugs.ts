import type { CatalogueBug } from './catalogue.js';

// Independent bugs of distributed shared memory (issue 10), written from the specification
// (spec/dsm/README.md, PROTOCOL.md "Distributed shared memory") and the kernel's code, apart from
// the suite's DSM tests, checkers and mutants. Each is a flag in ../dsm/dsm.ts (one in ../kernel.ts).
// The scenarios run the kernel's default manager, the dynamic distributed one.
export const dsmBugs = [
  {
    id: 'dsm-reader-serves-copy',
    abstraction: 'dsm',
    class: 'stale copy sets and mappings',
    bug: 'a node holding a read copy answers a read request itself, so the reader it serves is in no owner\'s copy set',
    resembles: 'serving reads from any sharer without registering them with the directory: Ivy lets only the owner grant copies so that its copy set is complete (Li and Hudak 1989, section 3); an incomplete sharer list is the stale-copyset bug class model checking found in directory protocols (Dill et al., Murphi, on DASH)',
    scenario: 'n2 owns the page, n1 holds a copy; n3\'s read request reaches n1 and n1 serves it; n2 writes 7 (invalidating n1 only); n3\'s load returns the old 1',
  },
  {
    id: 'dsm-upgrade-keeps-own-copy',
    abstraction: 'dsm',
    class: 'stale copy sets and mappings',
    bug: 'a node that receives the ownership keeps its own copy\'s value and version and takes only the ownership and copy set from the message (an upgrade without data)',
    resembles: 'the upgrade race of MESI-style protocols: an upgrade request sends no data because the requester holds a shared copy, but an invalidation that overtakes the upgrade leaves that copy stale (Sorin, Hill and Wood, "A Primer on Memory Consistency and Cache Coherence", the Upgrade/Invalidation race)',
    scenario: 'n2 reads, n1 writes 5 (version 1, invalidating n2), n2 writes 7: the store is answered version 1 again, as if n1\'s store had not happened',
  },
  {
    id: 'dsm-queued-requests-dropped',
    abstraction: 'dsm',
    class: 'lost requests and timers',
    bug: 'requests that queued at a node while it waited for invalidation acknowledgements are discarded when it takes the write right',
    resembles: 'requests dropped in a transient state (Ivy queues them at the owner; protocols that neither queue nor NACK lose them), the lost-wakeup class',
    scenario: 'n2 takes the page from n1 and waits for n3\'s acknowledgement; n1\'s write request reaches n2 meanwhile; once n3 acknowledges, n1\'s store is never served and answers unavailable',
  },
  {
    id: 'dsm-restart-forgets-crash',
    abstraction: 'dsm',
    class: 'ownership and crashes',
    bug: 'a restarted node rebuilds its page table as at first boot, so the first node owns every page again, holding the initial 0',
    resembles: 'a rebooted primary that resumes its role from static configuration instead of learning it lost it (split brain after restart; Ivy\'s owner is the only holder of a page, so its crash loses the page, which the protocol must report, not resurrect)',
    scenario: 'n1 owns the page and writes 5; n1 crashes and restarts; n2\'s load returns 0 (version 0) instead of failing (page_lost, or unavailable from a manager that knows no owner)',
  },
  {
    id: 'dsm-read-forward-moves-hint',
    abstraction: 'dsm',
    class: 'probable-owner hints',
    bug: 'the dynamic manager points a forwarding node\'s probable owner at the requester of a read, not only of a write',
    resembles: 'probable-owner cycles (Li and Hudak 1989 update probOwner on forwarding a write request only; a reader never becomes owner, so a hint at it can lead back to where the request came from)',
    scenario: 'n2 owns the page; n3\'s read request is forwarded by n1 (whose hint now points at n3); while n3\'s copy is on its way n1 loads: its request goes n1 → n3 → n1, a hint loop with no crash, which the load survives only by asking every node who owns the page (before 2026-12-06 the load failed: page_lost, then unavailable)',
  },
  {
    id: 'dsm-old-owner-keeps-mapping',
    abstraction: 'dsm',
    class: 'stale copy sets and mappings',
    bug: 'an owner that gives the page and its ownership to a writer keeps a read right to its own copy',
    resembles: 'a page given away without flushing the local mapping: the TLB-shootdown class (e.g. Linux CVE-2018-18281, a stale TLB entry after mremap let a process read a freed page)',
    scenario: 'n1 writes 5, n2 writes 7 (taking the page), n1 loads: 5',
  },
  {
    id: 'dsm-crashed-reader-never-acks',
    abstraction: 'dsm',
    class: 'ownership and crashes',
    bug: 'an owner waiting for invalidation acknowledgements does not count a reader that restarted as acknowledged',
    resembles: 'coherence and callback protocols that wait for a dead sharer (AFS callback breaks and NFSv4 delegation recalls to a crashed client block writers until a lease runs out; PROTOCOL.md asks for the crash to count as the acknowledgement)',
    scenario: 'n2 holds a copy, n1 writes (invalidating n2), n2 crashes and restarts before acknowledging: n1\'s store never completes and answers unavailable',
  },
  {
    id: 'dsm-read-served-mid-upgrade',
    abstraction: 'dsm',
    class: 'stale copy sets and mappings',
    bug: 'an owner that is invalidating its copy set to take the write right serves read requests meanwhile instead of queueing them',
    resembles: 'requests served in a transient state of a directory protocol: the reader joins a copy set that was already invalidated (the class of races Murphi found in the Stanford DASH and FLASH protocols)',
    scenario: 'n2 holds a copy, n1 starts a write of 5 (invalidating n2), n3 reads meanwhile and gets a copy; once the store of 5 is answered, n3\'s next load still returns 0',
  },
] as const satisfies readonly CatalogueBug[];
