// The registry of properties the checkers verify on a history: each test names the ones it
// asserts. Names follow the spec modules' properties (spec/messaging, spec/rpc, spec/quotas) where they exist.

export const properties = {
  OperationsAnswered: 'every operation gets a reply or an error, unless its node crashed first',
  TraceAgreesWithReplies: 'each successful operation is reported by its trace event (Spawned, Sent, Registered, ReplyReceived, Exited), and an exited process does nothing more',
  NoCreation: 'every delivered message was sent, by that sender, with that body',
  DeliveredToAddressee: 'a message is delivered only to the process it was sent to, while that process is live; a send to a name goes to a live process holding the name',
  NoDuplication: 'no message is delivered twice',
  PerPairFIFO: 'messages from one process to another are delivered in the order its sends were issued (a process\'s sends take effect in issue order, even when they overlap)',
  NoLossWithoutCrash: 'every message is delivered unless its receiver exited or the sender or receiver node crashed while it could still be in transit',
  LookupFindsRegistered: 'lookup answers a process registered under the name and live (not exited, not lost in a crash), and finds the holder of a completed registration for as long as it lives, whatever else crashed',
  NameBoundOnce: 'a name is bound to at most one process, and only to a live one: register answers name_taken while another live process holds the name, and only then',
  PlacementHonoured: 'spawn places as asked (here, node, near, far, zone)',
  LocatedIffLive: 'locate answers the node and zone where a live process runs, and not_found only for a process that is not live (unborn, exited, lost in a crash)',
  ReplyMatchesCall: 'the result of a call equals its arguments (the echo procedure)',
  NoForeignReply: 'a client accepts only replies to its own calls, at most once per call, and a call ends once (no reply accepted after it failed)',
  AtMostOnce: 'at-most-once and exactly-once calls execute at most once',
  AtLeastOnce: 'a call that returned a result executed at least once',
  ExactlyOnce: 'an exactly-once call that returned a result executed exactly once, and one that failed did so for a reason the protocol gives (its server lost in a crash before executing, its timeout, a fault)',
  CallsComplete: 'in a run without faults every call returns a result',
  CallsEndInTime: 'every call ends, with a result or an error, within callTimeoutNs (plus one retry interval) of being accepted, unless its node crashed',
  CallNotFoundIffAbsent: 'a call fails with not_found only if its server (a pid, or the holder of a name) was not live at some instant of the call, and in a run without faults a call to a server known to be gone before it was issued (exited, lost in a crash its node restarted from, a name no live process holds) fails with not_found',
  ErrorsAsPromised: 'an operation that failed with a definite error took no effect (no execution, delivery, binding or exit); a call fails with timeout only once callTimeoutNs has passed, and only if its client kept retransmitting it to the end (a CallStarted or CallRetried in the last two retry intervals, or twice the run\'s longest gap between two transmissions of a call, before it gave up) or a fault stood in that stretch (a packet dropped, a node down, a partition or a migration), and a call that failed was not also answered',
  PageLinearizable: "each shared page behaves as one register: its loads and stores are linearizable, by value and by the versions the implementation reports (Wing and Gong's search with Lowe's memoization; a search past its budget is unknown, never passed)",
  SequentiallyConsistent: "one order of every process's loads and stores on all pages keeps each process's program order and has each load return the latest store before it, by the versions the implementation reports",
  UsageWithinQuota: "work admitted to an account (from an acquire's reply until its release is asked, its node's lease expires or its node crashes) never adds up to more than the account's quota (spec/quotas WithinQuota)",
  LeasesWithinQuota: "leases the nodes hold for an account (granted, less returned, until expired or lost in a crash) never add up to more than its quota (spec/quotas WithinQuota)",
  LeasesReturn: "a lease booked to a node that crashed, or that stays cut off from the account's ledger, comes back to the account (LeaseExpired from the ledger) within one lease term, plus 1% and 5 ms, of the holder losing touch (spec/quotas LeasesReturn)",
  QuotaExceededJustified: "an acquire refused with quota_exceeded was refused while the account could not admit it: at some instant while it was pending, the leases its ledger may have booked (granted and not reclaimed, returned ones included, and those asked for by acquires still waiting, unless refused for sure: a definite refusal books nothing) plus its amount exceeded the quota (spec/quotas Rejected)",
  ReleasesWithinUse: "a release answered ok gives back no more than its node can have had in use for the account while it was pending (acquires answered or pending, less releases answered; work stops when the node's lease runs out there or the node crashes): units come back once (PROTOCOL.md release, bad_request)",
  IdleLeasesReturn: "a live node holding a lease with nothing in use and no admission pending gives it back (LeaseReturned) or lets it run out within one term, plus 1% and 5 ms, of falling idle: what is released returns to the account (spec/quotas LeasesReturn, for live holders)",
  ChargesFollowProcesses: "at the end of a run, each node's processes in use for an account by its events (Admitted less Released, until its lease ran out there or it crashed) are the account's charged processes that run there by the operations: spawned or migrated there, not exited or stopped (a charge moves with its process; accounts that also acquire processes, or with an operation of unknown outcome, are not judged)",
  TenantsIsolated: "a message reaches a process charged to an account only from a process charged to the same account, or when its send presented a capability on that account, carrying write, that the implementation handed out and had not revoked, and a call executes there only under the same rule; a client's exit, migrate, read or write of such a process succeeds only with such a capability carrying the right (read for read, else write); a name or segment `A/…` is account A's: a client's register (lookup) of it succeeds only with such a capability carrying write (read), a send or call through it is accepted only from A's processes or with one carrying write, and an attach of it only from A's processes or with one carrying write; a process charged to no account is the operator's: no message or call of a charged process reaches it; what meets this (a process of no account or a client reaching an uncharged process, a public name or segment included) is not refused as forbidden (spec/quotas Capabilities.tla Isolation, ReachIsolated, UnchargedIsolated)",
  CapabilitiesRespected: 'an operation succeeds only with a capability the implementation handed out, carrying the right it needs, not revoked before; derive only shrinks rights; such operations are refused with forbidden, and genuine ones are not (spec/quotas Capabilities.tla)',
  BandwidthWithinQuota: "over any interval an account receives at most its bandwidth quota's worth of bytes, plus 20 ms of it and one packet",
  BandwidthShared: "while an account has bytes waiting to be transmitted, its measured throughput (bytes received) is at least 80% of its bandwidth quota in every 50 ms after 50 ms to start, its transmits end no later than at that pace, and none is answered before its bytes arrive (a busy tenant does not starve a quiet one)",
  ComputeWithinShare: "over any interval an account runs at most its CPU share's worth of CPU time (Computed), plus 20 ms of it and one 2 ms slice",
  ComputeShared: "while an account has CPU work waiting, it runs at least 80% of its CPU share in every 50 ms after 50 ms to start, its computes end no later than at that pace, and none is answered before its CPU time has run",
  CrashedReadersNotAwaited: "a DSM owner does not give a load or store up (unavailable) for want of acknowledgements no reader owes: every node it invalidated has acknowledged, or restarted since and been heard from (a packet of its new incarnation arrived), so the write is granted (PROTOCOL.md, DSM crashes; spec/dsm Restart)",
  EveryFaultServed: "in a run without faults every load and store is answered with a value: every page fault is served (spec/dsm EveryFaultServed); in a run whose only faults are crashes each followed by a restart, and windows of slow messages (held back or delayed, never lost nor duplicated), so is every one issued once every node runs again and the slow messages are over (their longest hold plus a fault's timeout after the last window closed) on a page not lost with its owner (a restarted node recovers the owners it forgot, and a node where a request's hints led nowhere, a loop through a restarted node's guesses, re-learns the owner: spec/dsm `Relearning`, `HintsRepaired`; a reader whose copy came after its fault gave up still acknowledged its invalidation)",
  OneActiveCopy: 'a migrating process never runs in two places: nothing happens to it while frozen or away from where it runs, it switches only from where it runs, and never aborts after the switch (spec/migration OneActiveCopy)',
  MemoryPreserved: "a page of a process reads as the last value written to it, across migrations (spec/migration MemoryPreserved); a read's reply agrees with its Read event",
  OneMigrationAtATime: 'a migration of a process starts only after the previous one switched, aborted or ended in a crash',
  PagesCopiedAsRounds: "a migration's page counts are the spec's dirty sets: rounds numbered 1, 2, …, the first copying every page, each later one the pages written during the round before (more only when the spawn's work dirties pages), a pre-copy freeze the pages written during the last round, a stop-and-copy or post-copy freeze every page, the switch the frozen dirty pages (none in post-copy) (spec/migration RoundCopied, Frozen, Switched)",
  NoResidualDependency: "once a migration returned, the process depends on no node but the one it runs on: a locate, read, write or call of it by pid, issued after the migrate returned, succeeds whatever happened to its home node or the nodes it left, unless its node or the issuing node crashed or a partition was in effect; none of these excuses not_found for a process live throughout (spec/migration: the registry survives every crash)",
  AbortLeavesSourceRunning: 'a migrate answered migration_aborted was reported aborted, never switched, and leaves the process where it was (locate answers the source)',
  MigrationsCommitUndisturbed: 'a migration that no fault disturbed (no crash, restart, partition or dropped packet from two call timeouts before it was issued until it was answered, no message faults configured, no other migration of the process at the same time) ends in a switch, not migration_aborted, unavailable or timeout (as CallsComplete for calls)',
  IdentityPreserved: 'a migrated process keeps its pid and names: locate answers its new node once the migrate returned, a name registered before the move still looks up to the same pid',
  PostCopyLossOnlyInPostCopy: 'after a post-copy source crashed between the switch and the last page, no page the destination never received is read, written or answered, and a process declared lost (an access answered crashed) takes no further step; a process is declared lost only after such a crash or a crash of a node it ran on (spec/migration PostCopyLossOnlyInPostCopy)',
  TraceExplainedBySpec: "some behaviour of the test's spec (spec/messaging/Messaging.tla, spec/rpc/RPC.tla, spec/migration/Migration.tla, spec/dsm/DSM.tla, spec/quotas/Quotas.tla and Capabilities.tla) explains the trace, for runs in the spec's scope",
} as const satisfies Record<string, string>;

export type PropertyName = keyof typeof properties;
export const propertyNames = Object.keys(properties) as [PropertyName, ...PropertyName[]];

/** One way a history breaks a property, with the simulated time and the history entries involved. */
export interface Violation {
  property: PropertyName;
  message: string;
  timeNs?: number;
  /** Indices into the history, for the report's sequence diagram. */
  entries: number[];
}
