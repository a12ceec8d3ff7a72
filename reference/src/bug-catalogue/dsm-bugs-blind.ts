import type { CatalogueBug } from './catalogue.js';

// The second blind batch of DSM bugs (issue 10): written from spec/dsm, PROTOCOL.md and
// ../dsm/dsm.ts only, without reading the suite's DSM tests, checkers or generators, and measured
// once, after they landed (README, "The second blind batch"). Each is a flag in ../dsm/dsm.ts.
export const dsmBlindBugs = [
  {
    id: 'dsm-grant-one-ack-short',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'acknowledgement counting',
    bug: 'a writer waiting for invalidation acknowledgements grants itself the write right when one acknowledgement is still missing',
    resembles: 'off-by-one ack counting in invalidation protocols (counting the copy set as if it held the writer itself; directory protocols verified with Murphi, Stanford DASH/FLASH, caught such counts, and Li and Hudak require every acknowledgement before the write)',
    scenario: 'n2 and n3 hold copies; n1 stores 7 and the invalidation to n3 is slow: n1\'s store is answered after n2\'s ack alone, then n3 loads 0',
  },
  {
    id: 'dsm-owner-keeps-write-on-share',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'stale copy sets and mappings',
    bug: 'an owner that grants a read copy keeps its write right, so its next store neither faults nor invalidates the copy',
    resembles: 'a page left writable after it was shared: the missing write-protect on share behind copy-on-write bugs (Linux "Dirty COW", CVE-2016-5195, wrote through a mapping that should have been read-only) and DSM systems that forgot to downgrade on a read fault',
    scenario: 'n2 loads a copy of the page; n1 stores 7 (answered); n2 loads 0',
  },
  {
    id: 'dsm-late-copy-kept',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'lost invalidations',
    bug: 'a read copy that arrives after an invalidation overtook it is kept: the invalidation is acknowledged but the copy stays readable',
    resembles: 'the "invalidation overtakes the fill" race of cache coherence (the transient IS-to-I state of MSI protocols: the fill may be used once, then must be dropped); Ivy\'s reordered invalidation is the spec\'s own example of a stale read',
    scenario: 'n2\'s read copy from n1 is slow; n3 takes the page (store 9) and invalidates n2, which defers the ack; the copy arrives: n3\'s store is answered, then n2 loads 0',
  },
  {
    id: 'dsm-give-up-forgets-invalidation',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'lost requests and timers',
    bug: 'a read fault that gives up (timeout) while it deferred an invalidation never acknowledges it: the writer waits for ever',
    resembles: 'acknowledgements lost on an error path (timeout handlers that drop the pending ack; the NFS and Lustre lock-callback bugs where a client that timed out never answered the revocation, and the server waited)',
    scenario: 'n2\'s read copy is held past its timeout while n3\'s store invalidates n2: n3\'s store never completes, and a later load at n1 over a perfect network answers unavailable',
  },
  {
    id: 'dsm-second-reader-not-recorded',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'stale copy sets and mappings',
    bug: 'the owner records a reader in the copy set only when it gives up its write right (the first reader): later readers are never invalidated',
    resembles: 'sharer tracking updated only on the exclusive-to-shared transition (a lost sharer in a directory: the stale-copy-set class Li and Hudak\'s copy set exists to prevent)',
    scenario: 'n2 then n3 load copies; n1 stores 7 (answered); n3 loads 0',
  },
  {
    id: 'dsm-fault-timer-not-cancelled',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'lost requests and timers',
    bug: 'a served fault\'s timeout is not forgotten: when it fires it gives up whatever fault the page has then, a later one that is still in time',
    resembles: 'stale timers acting on a newer request (timers keyed by object rather than by request: Linux TCP and gRPC deadline bugs where an old timer fired on a reused slot)',
    scenario: 'n2 loads (served at once) and is invalidated by n1\'s store; half a timeout later n2 loads again with a slow copy: at the first fault\'s deadline the load fails unavailable',
  },
  {
    id: 'dsm-invalidation-keeps-hint',
    abstraction: 'dsm',
    batch: 'blind-2',
    class: 'probable-owner hints',
    bug: 'an invalidation does not update the reader\'s probable owner to the invalidating node (the new owner)',
    resembles: 'Li and Hudak\'s dynamic manager updates the hint on invalidation because the invalidator is the owner; without it a hint chain runs through a node that may have crashed (the residual-dependency class of probable-owner protocols)',
    scenario: 'n2 holds a copy from n1; n3 stores 9 and invalidates n2; n1 crashes and stays down; n2\'s load asks n1 and never hears back: unavailable though n3 owns the page',
  },
] as const satisfies readonly CatalogueBug[];
