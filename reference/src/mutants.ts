// The catalogue of known-buggy reference kernels: each mutant is one named flag that changes
// one behaviour of the kernel. The conformance suite must reject every one of them, and each
// names the conformance test and property that catch it (mutants.test.ts runs exactly that).

export interface Mutant {
  readonly name: string;
  /** What the flag changes, in the kernel's terms. */
  readonly bug: string;
  /** The guarantee it breaks (spec/messaging, spec/rpc or spec/dsm). */
  readonly violates: string;
  /** The workload and faults that expose it. */
  readonly exposedBy: string;
  /** The conformance test (an id under conformance/tests) that rejects it, and the property it finds violated. */
  readonly caughtBy: { readonly test: string; readonly property: string };
}

export const mutants = [
  {
    name: 'rpc-retry-without-dedup',
    bug: 'the server executes every at-most-once and exactly-once request copy without consulting its dedup table',
    violates: 'at-most-once / exactly-once: a call is executed at most once',
    exposedBy: 'calls with packet duplication, or loss of replies (the client retransmits)',
    caughtBy: { test: 'rpc/at-most-once-duplicates', property: 'AtMostOnce' },
  },
  {
    name: 'fifo-second-path',
    bug: 'every other message between two nodes takes an unsequenced "fast path" outside the reliable link',
    violates: 'messaging: per (sender, receiver) FIFO; no loss without faults beyond the network',
    exposedBy: 'several messages from one process to a process on another node, with reordering or loss',
    caughtBy: { test: 'messaging/fifo-lossy-network', property: 'PerPairFIFO' },
  },
  {
    name: 'exactly-once-dedup-volatile',
    bug: 'the exactly-once dedup table is kept in memory instead of durable storage',
    violates: 'exactly-once: a call is executed exactly once across server crashes',
    exposedBy: 'an exactly-once call whose reply is lost while the server node crashes and restarts',
    caughtBy: { test: 'rpc/exactly-once-server-crash', property: 'ExactlyOnce' },
  },
  {
    name: 'reply-to-wrong-process',
    bug: 'the client kernel matches a reply to the oldest pending call to the same server, not to its call id',
    violates: 'rpc: a reply matches its call; a client never takes a reply for another call',
    exposedBy: 'two concurrent calls with different arguments to one server, replies reordered',
    caughtBy: { test: 'rpc/concurrent-calls-reordered', property: 'ReplyMatchesCall' },
  },
  {
    name: 'no-retransmission',
    bug: 'the link never retransmits; the receiver skips gaps instead of waiting for them',
    violates: 'messaging: no loss of messages after the network heals (a partition or lost packet loses messages)',
    exposedBy: 'messages sent across a partition or with packet loss',
    caughtBy: { test: 'messaging/delivery-after-partition', property: 'NoLossWithoutCrash' },
  },
  {
    name: 'link-accepts-duplicates',
    bug: 'the link receiver hands up bodies whose sequence number it has already delivered',
    violates: 'messaging: each message is delivered at most once',
    exposedBy: 'messages with packet duplication, or a lost ack (the sender retransmits)',
    caughtBy: { test: 'messaging/no-duplicates', property: 'NoDuplication' },
  },
  {
    name: 'exit-keeps-names',
    bug: 'names outlive their processes: exit does not unbind them and lookup does not check liveness',
    violates: 'naming: lookup answers only live processes (not_found once the bound process exited)',
    exposedBy: 'register, exit, then lookup of the name (from any node)',
    caughtBy: { test: 'messaging/name-dies-with-process', property: 'LookupFindsRegistered' },
  },
  {
    name: 'registry-overwrites-live-binding',
    bug: 'register rebinds a name that belongs to another live process instead of answering name_taken',
    violates: 'naming: a name is bound to at most one live process; register answers name_taken',
    exposedBy: 'two processes registering the same name',
    caughtBy: { test: 'messaging/name-bound-once', property: 'NameBoundOnce' },
  },
  // time-share accounts (reference/src/quotas)
  {
    name: 'quota-lease-reissued-early',
    bug: 'the ledger reclaims a lease a quarter term after granting it, taking a silent holder for crashed, and leases the units again',
    violates: 'quotas: usage plus outstanding leases never exceed the quota (QuotasBad.ReissuedEarlySpec)',
    exposedBy: 'a node holding units in use, cut off from the ledger, while another node asks for them',
    caughtBy: { test: 'quotas/partitioned-holder', property: 'LeasesWithinQuota' },
  },
  {
    name: 'quota-holder-ignores-expiry',
    bug: 'a node goes on using a lease after its term, counting on renewing it once it can reach the ledger again',
    violates: 'quotas: usage never exceeds the quota (QuotasBad.RenewedAfterExpirySpec)',
    exposedBy: 'a node holding units in use, cut off from the ledger past the lease term, while another node asks for them',
    caughtBy: { test: 'quotas/partitioned-holder', property: 'UsageWithinQuota' },
  },
  {
    name: 'quota-ledger-volatile',
    bug: 'the ledger keeps its bookings in memory only: a restarted ledger has forgotten the leases it granted and grants them again',
    violates: 'quotas: usage plus outstanding leases never exceed the quota across a crash of the ledger',
    exposedBy: 'a node holding units while the ledger node crashes and restarts, then another node asks for units',
    caughtBy: { test: 'quotas/ledger-crash', property: 'LeasesWithinQuota' },
  },
  {
    name: 'quota-lease-never-reclaimed',
    bug: 'the ledger takes a lease back only when its holder returns it: the lease of a holder that crashed or went silent stays booked for ever',
    violates: 'quotas: what expires returns to the account (Quotas.tla LeasesReturn)',
    exposedBy: 'a node crashing while it holds the whole quota',
    caughtBy: { test: 'quotas/holder-crash', property: 'LeasesReturn' },
  },
  {
    name: 'quota-admits-beyond-lease',
    bug: 'a node admits work while the amount fits in its lease, forgetting what is already in use',
    violates: 'quotas: usage never exceeds the quota',
    exposedBy: 'several acquisitions on one node at the limit',
    caughtBy: { test: 'quotas/admission-at-the-limit', property: 'UsageWithinQuota' },
  },
  {
    name: 'quota-bandwidth-unmetered',
    bug: 'a transmit sends its bytes at once instead of at the rate of the bandwidth lease (the token bucket is bypassed)',
    violates: "quotas: an account's throughput stays within its bandwidth quota",
    exposedBy: 'a tenant transmitting more than its quota allows per second beside a quiet one',
    caughtBy: { test: 'quotas/bandwidth-hungry-beside-quiet', property: 'BandwidthWithinQuota' },
  },
  {
    name: 'quota-compute-unmetered',
    bug: "a compute runs all its CPU time at once instead of at the rate of the account's CPU share (the token bucket is bypassed)",
    violates: "quotas: an account's CPU use stays within its CPU share",
    exposedBy: 'a tenant computing more than its share allows per second beside a quiet one',
    caughtBy: { test: 'quotas/cpu-hungry-beside-quiet', property: 'ComputeWithinShare' },
  },
  {
    name: 'quota-drf-cpu-only',
    bug: "an oversubscribed node divides its CPU by DRF over CPU alone, leaving out the memory each account holds there",
    violates: "quotas: on an oversubscribed node each account runs at its DRF share of the node's CPU and memory",
    exposedBy: 'two tenants whose CPU shares oversubscribe a node, one holding 3/4 of its memory',
    caughtBy: { test: 'quotas/oversubscribed-node', property: 'ComputeShared' },
  },
  {
    name: 'quota-cpu-oversubscribed',
    bug: "a node runs each account's computes at its own CPU share even when the shares add up to more than its hardware threads (no DRF)",
    violates: "quotas: on an oversubscribed node each account runs at its DRF share of the node's CPU and memory",
    exposedBy: 'two tenants whose CPU shares oversubscribe a node, one holding 3/4 of its memory',
    caughtBy: { test: 'quotas/oversubscribed-node', property: 'ComputeShared' },
  },
  {
    name: 'capability-check-skipped',
    bug: "kernels do not verify a capability's check field",
    violates: 'capabilities: a forged or tampered capability is refused (Capabilities.tla assumes unforgeability)',
    exposedBy: 'operations presenting forged or edited capabilities',
    caughtBy: { test: 'quotas/forged-capabilities', property: 'CapabilitiesRespected' },
  },
  {
    name: 'capability-derive-amplifies',
    bug: 'derive mints whatever rights are asked for, not a subset of the presented capability\'s',
    violates: 'capabilities: rights only shrink when handed on (CapabilitiesBad.AmplifiedSpec)',
    exposedBy: 'a read-only capability asking derive for write',
    caughtBy: { test: 'quotas/forged-capabilities', property: 'CapabilitiesRespected' },
  },
  {
    name: 'capability-revoke-without-waiting',
    bug: 'revoke answers as soon as the ledger bumps the epoch, while nodes holding leases still admit work with older capabilities',
    violates: 'capabilities: after a revocation completes, older capabilities permit nothing',
    exposedBy: 'a node holding a lease, then a revocation, then an acquisition with the old capability on that node',
    caughtBy: { test: 'quotas/revocation', property: 'CapabilitiesRespected' },
  },
  {
    name: 'capability-revoke-copy-by-call-id',
    bug: "the ledger takes a revoke whose call id equals that of the revocation it last completed for a retransmitted copy, whichever node sent it, and answers it with the new root unchecked (call ids are unique per caller only; both implementations had this)",
    violates: 'capabilities: a forged capability permits nothing (unforgeability)',
    exposedBy: "the ledger's own revoke, then a forged revoke from another node whose first call it is",
    caughtBy: { test: 'quotas/forged-revoke', property: 'CapabilitiesRespected' },
  },
  {
    name: 'quota-spawn-uncharged',
    bug: "a spawn that names an account's capability runs the process without admitting it against the account's processes quota",
    violates: 'quotas: usage never exceeds the quota (Quotas.tla WithinQuota, for the processes resource)',
    exposedBy: 'more charged spawns than the processes quota allows',
    caughtBy: { test: 'quotas/spawn-charged', property: 'UsageWithinQuota' },
  },
  {
    name: 'quota-exit-not-refunded',
    bug: "a charged process's exit does not give its unit back to the node's processes lease",
    violates: 'quotas: a refusal only where nothing can be admitted (Quotas.tla Rejected: Admitted not enabled)',
    exposedBy: 'a charged process exits, then a spawn on the same node is refused although its lease has room',
    caughtBy: { test: 'quotas/spawn-charged', property: 'QuotaExceededJustified' },
  },
  {
    name: 'quota-charge-left-behind',
    bug: "a charged process that migrates leaves its unit on the node it left (which renews it for ever) and runs uncharged where it arrives",
    violates: 'quotas: a process is charged where it runs (PROTOCOL.md spawn; Quotas.tla UsageLeased) and what is released returns to the account (LeasesReturn)',
    exposedBy: 'a charged process migrates and exits at the destination',
    caughtBy: { test: 'quotas/migrated-charge', property: 'ChargesFollowProcesses' },
  },
  {
    name: 'quota-frozen-expiry-ignored',
    bug: "a process frozen for a migration when its node's processes lease runs out is not stopped when the move then aborts: it runs on uncharged",
    violates: 'quotas: work stops when its lease runs out (Quotas.tla HolderExpired), so no process runs uncharged (UsageLeased)',
    exposedBy: 'a charged process frozen for a move when its node is cut off from the ledger and the destination, so that its lease runs out and the move aborts',
    caughtBy: { test: 'quotas/frozen-when-lease-ran-out', property: 'ChargesFollowProcesses' },
  },
  {
    name: 'tenant-messages-unchecked',
    bug: "a message to a process charged to an account is delivered whoever sent it: the receiver's kernel does not check the sender's account or the capability the send presented",
    violates: "tenant isolation: a tenant's processes are reached only by its own or with a capability on its account (Capabilities.tla Isolation)",
    exposedBy: "another account's process, and a process of no account, sending to a charged process without a capability",
    caughtBy: { test: 'quotas/tenants-isolated', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-calls-unchecked',
    bug: "a call to a server charged to an account executes whoever the client is: the server's node does not check the client's account or the capability the call presented",
    violates: "tenant isolation: a tenant's processes are reached only by its own or with a capability on its account (Capabilities.tla ReachIsolated)",
    exposedBy: "another account's process calling a charged server without a capability, and with one lacking write",
    caughtBy: { test: 'quotas/tenants-isolated-operations', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-exits-unchecked',
    bug: "an exit of a process charged to an account stops it whoever asks: its node does not check the capability the exit presented",
    violates: "tenant isolation: a tenant's processes are reached only by its own or with a capability on its account (Capabilities.tla Reaches)",
    exposedBy: 'an exit of a charged process presenting no capability, and one presenting a capability lacking write',
    caughtBy: { test: 'quotas/tenants-isolated-operations', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-migrations-unchecked',
    bug: "a migration of a process charged to an account starts whoever asks: its node does not check the capability the migrate presented",
    violates: "tenant isolation: a tenant's processes are reached only by its own or with a capability on its account (Capabilities.tla Reaches)",
    exposedBy: "a migrate of a charged process presenting another account's capability",
    caughtBy: { test: 'quotas/tenants-isolated-operations', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-memory-unchecked',
    bug: "a read or write of the memory of a process charged to an account is served whoever asks: the node where it runs does not check the capability presented",
    violates: "tenant isolation: a tenant's memory is reached only with a capability on its account carrying read (write) (Capabilities.tla Reaches)",
    exposedBy: 'reads and writes of a charged process presenting no capability, a forged one, and one lacking the right',
    caughtBy: { test: 'quotas/tenants-isolated-operations', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-names-unchecked',
    bug: "a name in an account's namespace ('A/…') is registered, looked up and resolved for a send or call whoever asks: the node where the request enters does not check the capability presented",
    violates: "tenant isolation: a tenant's names are reached only by its own processes or with a capability on its account (Capabilities.tla Reaches)",
    exposedBy: "a client registering and looking up another account's names without a capability, with one lacking the right, and another account's process sending and calling to them",
    caughtBy: { test: 'quotas/tenants-isolated-names-segments', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-segments-unchecked',
    bug: "a shared segment in an account's namespace ('A/…') is attached by any process: its node does not check the capability the attach presented",
    violates: "tenant isolation: a tenant's shared memory is reached only by its own processes or with a capability on its account carrying write (Capabilities.tla Reaches)",
    exposedBy: "another account's process, and a process of no account, attaching the segment without a capability, with a forged one, and with one lacking write",
    caughtBy: { test: 'quotas/tenants-isolated-names-segments', property: 'TenantsIsolated' },
  },
  {
    name: 'tenant-uncharged-public',
    bug: "a process charged to no account is reached by anyone: a tenant's message or call to it is delivered or executed, as before uncharged processes were the operator's",
    violates: "tenant isolation: a process charged to no account is the operator's, reached only by requesters of no account (Capabilities.tla UnchargedIsolated)",
    exposedBy: "a charged process sending and calling to an uncharged process, without a capability and with its own account's",
    caughtBy: { test: 'quotas/tenants-isolated', property: 'TenantsIsolated' },
  },
  // DSM (reference/src/dsm/dsm.ts), each one of the bugs spec/dsm's known-bad variants and README warn of
  {
    name: 'dsm-write-before-acks',
    bug: 'a new owner takes the write right and stores as soon as it has sent its invalidations, without waiting for the acknowledgements',
    violates: 'dsm: single writer or many readers (SingleWriter); a load returns the latest store',
    exposedBy: 'a store while a reader holding a copy is cut off: the reader loads the old value after the store completed',
    caughtBy: { test: 'dsm/partitioned-reader', property: 'PageLinearizable' },
  },
  {
    name: 'dsm-copyset-dropped',
    bug: 'the owner hands over the ownership without its copy set, so the new owner invalidates nobody',
    violates: 'dsm: the copy set names every reader (CopysetExact); a load returns the latest store (DataValue)',
    exposedBy: 'readers take copies, then another node stores: the readers keep loading the old value',
    caughtBy: { test: 'dsm/readers-then-writer', property: 'PageLinearizable' },
  },
  {
    name: 'dsm-hint-not-updated',
    bug: 'an owner that gives a page up keeps its probable-owner hint pointing at itself (dynamic manager)',
    violates: 'dsm: probable-owner chains end at the owner (HintsReachOwner)',
    exposedBy: 'a fault whose request reaches the former owner: it finds no owner and must ask every node who owns the page (before 2026-12-06 it failed), a request the spec never sends',
    caughtBy: { test: 'dsm/readers-then-writer', property: 'TraceExplainedBySpec' },
  },
  {
    name: 'dsm-ack-invalidation-at-once',
    bug: 'a node acknowledges an invalidation at once although the read copy it faulted for is still on its way, then installs that copy',
    violates: 'dsm: a load returns the latest store (the known-bad variant ReorderedInvalidation refutes DataValue)',
    exposedBy: 'an invalidation that overtakes the copy it revokes (the copy held up by a one-way partition)',
    caughtBy: { test: 'dsm/invalidation-overtakes-copy', property: 'PageLinearizable' },
  },
  {
    name: 'dsm-invalidation-keeps-copy',
    bug: 'a reader acknowledges an invalidation but keeps its read right to the old copy',
    violates: 'dsm: single writer or many readers; a load returns the latest store',
    exposedBy: 'readers take copies, then another node stores, then the readers load again',
    caughtBy: { test: 'dsm/readers-then-writer', property: 'PageLinearizable' },
  },
  {
    name: 'dsm-store-on-read-copy',
    bug: 'a store on a node holding only a read copy takes effect on that copy, without a write fault',
    violates: 'dsm: single writer; one coherence order per page (two nodes number different stores with one version)',
    exposedBy: 'several nodes holding read copies, each storing',
    caughtBy: { test: 'dsm/readers-then-writer', property: 'SequentiallyConsistent' },
  },
  // process migration (reference/src/migration)
  // process migration (reference/src/migration)
  {
    name: 'migration-switch-skips-dirty-pages',
    bug: 'pre-copy: the final copy carries the execution state but not the pages written since the last round',
    violates: 'migration: memory preserved (spec/migration MigrationEarlySwitch)',
    exposedBy: 'writes while a pre-copy round is in flight, then reads after the switch',
    caughtBy: { test: 'migration/pre-copy-writes-during-rounds', property: 'MemoryPreserved' },
  },
  {
    name: 'migration-forwarding-dropped',
    bug: 'the source keeps no forwarding pointer after the commit',
    violates: 'migration: no loss of messages sent to the old location (spec/migration MigrationForwardingDropped)',
    exposedBy: 'messages still on their way to the source, or sent before the sender\'s node heard of the move, when it commits',
    caughtBy: { test: 'migration/messages-in-flight-at-the-switch', property: 'NoLossWithoutCrash' },
  },
  {
    name: 'migration-mailbox-dropped',
    bug: 'messages that reach the source while the process is frozen are discarded at the commit instead of forwarded',
    violates: 'migration: no loss of messages across a migration',
    exposedBy: 'a message stream that arrives during the freeze of a stop-and-copy migration',
    caughtBy: { test: 'migration/messages-during-migration', property: 'NoLossWithoutCrash' },
  },
  {
    name: 'migration-post-copy-zero-fill',
    bug: 'post-copy: the destination takes pages it never received for never-written (null) pages instead of pulling them',
    violates: 'migration: memory preserved (spec/migration MigrationStalePage)',
    exposedBy: 'writes before a post-copy migration, reads after the switch',
    caughtBy: { test: 'migration/post-copy-memory', property: 'MemoryPreserved' },
  },
  {
    name: 'migration-post-copy-loss-unnoticed',
    bug: 'post-copy: a page the crashed source never sent is taken as never written (null) once its fetch times out, and the process runs on',
    violates: 'migration: the process is lost with its post-copy source (spec/migration PostCopyLossOnlyInPostCopy, MigrationStalePage)',
    exposedBy: 'a crash of the post-copy source, then a read of a page never written that it had not sent',
    caughtBy: { test: 'migration/post-copy-source-crash', property: 'PostCopyLossOnlyInPostCopy' },
  },
  {
    name: 'migration-abort-after-commit',
    bug: 'a source that hears nothing from the destination after the commit aborts and resumes the process',
    violates: 'migration: never two active copies (spec/migration MigrationAbortRace)',
    exposedBy: 'a one-way partition that cuts the destination off from the source right after the commit',
    caughtBy: { test: 'migration/destination-silent-after-commit', property: 'OneActiveCopy' },
  },
  {
    name: 'migration-concurrent-accepted',
    bug: 'a second migrate of a process that is already migrating is accepted',
    violates: 'migration: one migration of a process at a time (MigrationStarted needs none in progress)',
    exposedBy: 'two migrate operations of one process in quick succession',
    caughtBy: { test: 'migration/two-concurrent-migrations', property: 'OneMigrationAtATime' },
  },
  {
    name: 'migration-restarted-node-not-told',
    bug: 'a node that restarts is not told again where the processes that moved run: it resolves them through their home node',
    violates: 'migration: no loss of messages while the process lives (spec/migration NoLoss: the registry survives every crash, here a crash of the home node)',
    exposedBy: 'a node that restarts after a move, then the home node crashes, then a process on the restarted node sends to the moved one',
    caughtBy: { test: 'migration/restarted-node-after-home-crash', property: 'NoLossWithoutCrash' },
  },
  {
    name: 'migration-memory-answered-without-hint',
    bug: 'a read or write issued at a node that knows no pointer for the process is answered there (not_found), not asked of its home node',
    violates: 'migration: a live process is never answered absent (spec/migration: the registry survives every crash; a restarted node resolves through it)',
    exposedBy: 'a process moves, a third node restarts and, before it is told again where the process runs, reads and writes it',
    caughtBy: { test: 'migration/memory-at-restarted-node-before-notice', property: 'NoResidualDependency' },
  },
  {
    name: 'migration-calls-via-home',
    bug: "a call to a process that moved is sent to the server's home node (which forwards it), not to where this node was told it runs",
    violates: 'migration: after a completed move the process depends on no node but its own (spec/migration: the registry survives every crash)',
    exposedBy: "a server moves away from its home node, the home crashes, a client calls it",
    caughtBy: { test: 'migration/calls-and-lookups-after-home-crash', property: 'NoResidualDependency' },
  },
  {
    name: 'migration-liveness-from-home',
    bug: "whether a registered process that moved is alive is decided by its home node's incarnation, not asked where it runs",
    violates: 'migration: a moved process keeps its names while it lives (spec/migration: the pid and its names are unchanged; the registry survives every crash)',
    exposedBy: 'a process registers a name, moves away from its home node, the home crashes and restarts, a lookup of the name',
    caughtBy: { test: 'migration/calls-and-lookups-after-home-crash', property: 'IdentityPreserved' },
  },
  {
    name: 'migration-restart-answers-unannounced',
    bug: 'a restarted node answers at once for a pid of its earlier incarnation it knows nothing of, before its peers re-announced where that process runs',
    violates: 'migration: the registry survives every crash (spec/migration NoLoss; a live process is located)',
    exposedBy: 'a process moves away from its home node, the home crashes and restarts, and a process there sends to the moved one within a round trip',
    caughtBy: { test: 'migration/home-restart-before-re-announcement', property: 'NoLossWithoutCrash' },
  },
  {
    name: 'dedup-table-per-node',
    bug: "the at-most-once duplicate table holds dedupCapacity entries for the node, every server's together, so a busy server evicts the entries of the others beside it",
    violates: 'at-most-once: a server forgets a call only once its own table of dedupCapacity entries overflowed (RPC.tla: one table per server; PROTOCOL.md: dedupCapacity entries per server)',
    exposedBy: "a call to one server kept retransmitting across a one-way partition while another server on its node executes calls",
    caughtBy: { test: 'rpc/neighbour-server-evicts-nothing', property: 'ErrorsAsPromised' },
  },
  {
    name: 'init-repeat-ignored',
    bug: 'an init for a node already running at the same incarnation is taken for a duplicate and ignored, so the opening node keeps the default machine its version-1 init implied, not the one its repeat in version 2 names',
    violates: "quotas: on an oversubscribed node each account runs at its DRF share of the node's CPU and memory (init.machines)",
    exposedBy: "two tenants whose CPU shares oversubscribe the opening node's machine, one holding 3/4 of its memory",
    caughtBy: { test: 'quotas/oversubscribed-opening-node', property: 'ComputeShared' },
  },
] as const satisfies readonly Mutant[];

export type MutantName = (typeof mutants)[number]['name'];

export function findMutant(name: string): Mutant | undefined {
  return mutants.find((m) => m.name === name);
}

/** The abstraction a mutant is a bug of: that of the test that catches it (`measuredBy` in the catalogue decides whose tests measure it). */
export function mutantAbstraction(mutant: Mutant): string {
  return mutant.caughtBy.test.split('/')[0]!;
}
