import type { MutantName } from '../mutants.js';
import { dsmBugs } from './dsm-bugs.js';
import { dsmBlindBugs } from './dsm-bugs-blind.js';
import { migrationBugs } from './migration-bugs.js';
import { migrationBlindBugs } from './migration-bugs-blind.js';
import { quotaBugs } from './quota-bugs.js';
import { quotaBlindBugs } from './quota-bugs-blind.js';
import { blind3Bugs } from './bugs-blind-3.js';
import { blind4Bugs } from './bugs-blind-4.js';
import { blind5Bugs } from './bugs-blind-5.js';

// A catalogue of independent bugs for messaging and RPC, written from the classes of bugs real
// systems have, to measure the conformance suite's power against bugs it was NOT written for
// (the mutants in ../mutants.ts were written together with the tests that catch them). Each bug
// is one named flag on the reference kernel (read with StepContext.mutantIs) and is proved real
// by a scripted scenario in scenarios.test.ts, which drives the buggy kernel directly, without
// the suite, and shows the wrong observable outcome. Which suite test catches it is measured by
// `cloudos conform --catalogue`, never written here: an entry must not be tuned to the suite.

export type BugClass =
  | 'ordering'
  | 'deduplication'
  | 'bounded tables and eviction'
  | 'durability and write ordering'
  | 'crash recovery of names'
  | 'timeouts and late replies'
  | 'off-by-one in windows and acknowledgements'
  | 'retransmission'
  | 'naming after exit'
  // migration, DSM and quotas (migration-bugs.ts, dsm-bugs.ts, quota-bugs.ts)
  | 'acknowledgement correlation'
  | 'process state not moved'
  | 'residual dependencies and location'
  | 'post-copy page races'
  | 'messages during the switch'
  | 'freeze and abort'
  | 'stale copy sets and mappings'
  | 'probable-owner hints'
  | 'ownership and crashes'
  | 'lost requests and timers'
  | 'retries and double counting'
  | 'leases and clocks'
  | 'capability checks'
  | 'revocation'
  | 'dirty-page tracking'
  | 'acknowledgement counting'
  | 'lost invalidations'
  // the third blind batch (bugs-blind-3.ts)
  | 'restart and reconnection'
  | 'lost wakeups'
  | 'orphans'
  | 'definite and indefinite errors'
  // the fifth blind batch (bugs-blind-5.ts)
  | 'lost updates';

/** The abstractions whose tests measure a bug: its own, or messaging and RPC when it names none. */
export type CatalogueAbstraction = 'messaging' | 'rpc' | 'migration' | 'dsm' | 'quotas';

export const bugBatches = ['blind-2', 'blind-3', 'blind-4', 'blind-5'] as const;
export type CatalogueBatch = (typeof bugBatches)[number];

export interface CatalogueBug {
  /** The kernel flag that turns the bug on; also the scenario's name. */
  readonly id: string;
  /** The abstraction it is a bug of (`measuredBy` decides whose tests measure it); messaging and RPC when absent. */
  readonly abstraction?: CatalogueAbstraction;
  /**
   * 'blind-2' … 'blind-5': written and proved real without reading the suite's tests, checkers or
   * generators of its abstraction, and measured once (README, "The second blind batch", "The third
   * blind batch", "The fourth blind batch", "The fifth blind batch"); absent: the bugs measured before, whose survivors the suite was since extended to catch.
   */
  readonly batch?: CatalogueBatch;
  readonly class: BugClass;
  /** What the flag changes, in the kernel's terms. */
  readonly bug: string;
  /** The real system or well-known bug it resembles, in a sentence. */
  readonly resembles: string;
  /** The scripted workload of its scenario and the wrong outcome it shows. */
  readonly scenario: string;
}

const messagingAndRpcBugs = [
  {
    id: 'ack-one-ahead',
    class: 'off-by-one in windows and acknowledgements',
    bug: 'the link receiver acknowledges one sequence number beyond the last body it delivered',
    resembles: 'TCP stacks that acked SYN/FIN sequence space wrongly, so the sender freed data the peer never received',
    scenario: 'two messages n1→n2, the network loses the second; the early ack frees it and it is never delivered',
  },
  {
    id: 'retransmit-timer-once',
    class: 'retransmission',
    bug: 'the link retransmits once per send burst: the retransmission timer is not re-armed after it fires',
    resembles: 'retransmission timers that were not restarted after a timeout (a classic in hand-written ARQ code and early QUIC stacks)',
    scenario: 'one message n1→n2 whose first copy and first retransmission are lost; nothing is sent again, the message is lost',
  },
  {
    id: 'deliver-ahead-of-gap',
    class: 'ordering',
    bug: 'the link receiver hands up a body that arrives ahead of a gap at once (remembering it), instead of buffering it until the gap fills',
    resembles: 'receivers that deliver out-of-order segments to the application instead of holding them in the reassembly queue',
    scenario: 'two messages n1→n2, the network delivers the second first; the receiver delivers 2 then 1',
  },
  {
    id: 'receiver-keeps-seq-across-sender-restart',
    class: 'crash recovery of names',
    bug: 'the link receiver keeps its delivered counter when the sending node restarts instead of starting a new stream',
    resembles: 'connection state keyed by address only, not by the peer\'s boot epoch (the restarted peer\'s data looks like old duplicates)',
    scenario: 'n1 sends a message to n2 and crashes; after restart n1 sends again: the receiver takes seq 1 for a duplicate and drops it',
  },
  {
    id: 'send-to-pid-skips-queue',
    class: 'ordering',
    bug: 'a send to a pid is sent at once even when an earlier send of the same process to a name is still waiting for its lookup',
    resembles: 'an actor runtime whose send-by-name resolves asynchronously while send-by-address goes straight out, reordering one sender\'s messages',
    scenario: 'p sends to the name of q (directory remote, lookup delayed), then to q\'s pid: q receives the second message first',
  },
  {
    id: 'name-taken-by-crashed-holder',
    class: 'crash recovery of names',
    bug: 'register answers name_taken whenever the name has a binding, without asking whether its holder may still be alive',
    resembles: 'lock/lease registries (e.g. naive ZooKeeper-style ephemeral names without session expiry) where a dead holder keeps the name forever',
    scenario: 'p registers a name, p\'s node crashes and restarts, a new process registers the same name: name_taken',
  },
  {
    id: 'registry-not-reloaded',
    class: 'durability and write ordering',
    bug: 'a restarting directory does not read its bindings back from durable storage (they are written, never read)',
    resembles: 'services that write a write-ahead log but forget to replay it at startup',
    scenario: 'p registers a name whose directory is another node; that node restarts; lookup answers not_found though p lives',
  },
  {
    id: 'lookup-returns-crashed-process',
    class: 'crash recovery of names',
    bug: 'lookup answers the bound pid without asking whether its node has restarted since (only exit unbinds)',
    resembles: 'service discovery that only deregisters on clean shutdown, so a crashed instance stays discoverable',
    scenario: 'p registers a name, p\'s node crashes and restarts; lookup still answers p',
  },
  {
    id: 'exit-forgets-locally',
    class: 'naming after exit',
    bug: 'exit asks only its own node\'s directory to drop the process\'s names, not every directory',
    resembles: 'a distributed registry that unregisters from the local shard only (names held on other shards leak)',
    scenario: 'p registers a name held by another node\'s directory, p exits; lookup still answers p',
  },
  {
    id: 'exit-answers-before-unbind',
    class: 'durability and write ordering',
    bug: 'exit answers ok as soon as the process is stopped, before the directories confirm its names are gone',
    resembles: 'acknowledging a client before the replicated side effects are done (reply before persist)',
    scenario: 'exit of p with a name on a remote directory whose unbind is delayed: exit answers ok, a lookup then still answers p',
  },
  {
    id: 'exit-leaves-process-running',
    class: 'naming after exit',
    bug: 'exit answers ok and unbinds the names but leaves the process in the live table',
    resembles: 'kill that reports success while the process lingers (a zombie that still receives)',
    scenario: 'p exits, then a message is sent to p: it is delivered',
  },
  {
    id: 'locate-answers-exited',
    class: 'naming after exit',
    bug: 'locate answers the home node of any pid of this node, without checking the process is alive',
    resembles: 'location services that derive the location from the identifier and never consult the process table',
    scenario: 'p exits, then locate p answers its node instead of not_found',
  },
  {
    id: 'pids-reused-after-restart',
    class: 'crash recovery of names',
    bug: 'pids do not carry the node\'s incarnation, so a restarted node hands out the pids of its dead processes again',
    resembles: 'PID reuse after reboot (Unix pids, Erlang pids without a creation number), so stale references reach a new process',
    scenario: 'spawn on n2, n2 restarts, spawn on n2 again: the same pid is returned twice',
  },
  {
    id: 'late-reply-after-timeout',
    class: 'timeouts and late replies',
    bug: 'a call that times out stays in the pending table, so a reply arriving later completes it a second time',
    resembles: 'RPC clients that fail a future on timeout but leave its entry in the pending map (e.g. the gRPC/Netty late-response class of bugs)',
    scenario: 'a call whose reply is held past the call timeout: it fails with timeout, then the late reply answers it again',
  },
  {
    id: 'deadline-restarts-each-retry',
    class: 'timeouts and late replies',
    bug: 'each retransmission of a call pushes its deadline one timeout further, so a call to an unreachable server never ends',
    resembles: 'retry loops whose per-attempt timeout is mistaken for the overall deadline',
    scenario: 'a call to a server behind a partition that never heals: no answer long after the call timeout',
  },
  {
    id: 'late-kernel-response-resumes-again',
    class: 'timeouts and late replies',
    bug: 'a kernel-to-kernel request that timed out is not removed from the pending table, so a late response resumes it again',
    resembles: 'request/response correlation maps not cleaned on timeout',
    scenario: 'a lookup whose response is held past the timeout: it fails unavailable, then answers again with the pid',
  },
  {
    id: 'call-seq-from-pending-count',
    class: 'deduplication',
    bug: 'a call\'s sequence number is the count of the client\'s pending calls, so a new call reuses the number of a finished one',
    resembles: 'request ids derived from a queue length or a counter that wraps, which make a dedup cache answer a new request with an old result',
    scenario: 'two at-most-once calls in turn with different arguments: the second is answered with the first\'s result',
  },
  {
    id: 'done-below-from-highest-completed',
    class: 'off-by-one in windows and acknowledgements',
    bug: 'the client tells the server that every call up to its highest completed one has completed, not only the prefix with no call pending',
    resembles: 'cumulative acks computed from the highest selectively acknowledged item instead of the contiguous prefix (a low-watermark bug in at-most-once RPC)',
    scenario: 'two concurrent exactly-once calls of one client, the first one\'s request is lost and the second completes: the first is refused and answered timeout without ever executing',
  },
  {
    id: 'evict-without-floor',
    class: 'bounded tables and eviction',
    bug: 'evicting a dedup entry beyond capacity does not raise its stream\'s floor, so a retry of the evicted call executes again',
    resembles: 'bounded reply caches (e.g. NFS duplicate request caches) whose eviction silently turns at-most-once into at-least-once',
    scenario: 'capacity 1: call A executes, its reply is lost; call B of another client evicts A; A\'s retry executes a second time',
  },
  {
    id: 'dedup-key-ignores-client',
    class: 'deduplication',
    bug: 'the dedup table keys a call by server and sequence number only, not by the calling client',
    resembles: 'dedup caches keyed on a per-client counter without the client id (xid collisions between clients)',
    scenario: 'two clients\' first at-most-once calls to one server with different arguments: the second gets the first\'s result',
  },
  {
    id: 'not-found-after-retry',
    class: 'retransmission',
    bug: 'a not_found answer to a retransmitted request is reported as not_found (definite: never executed), though an earlier copy may have executed',
    resembles: 'clients that treat the last attempt\'s error as the outcome of the whole call',
    scenario: 'an at-least-once call executes, its reply is lost, the server exits, the retry gets not_found: the call answers not_found after executing',
  },
  {
    id: 'exactly-once-group-commit',
    class: 'durability and write ordering',
    bug: 'the exactly-once dedup table is persisted lazily (with the next request the node serves), after the reply has gone out',
    resembles: 'group commit / fsync batching that acknowledges before the write is durable',
    scenario: 'an exactly-once call executes and replies, the reply is lost and the server node crashes before the next request; the retry after the restart is answered crashed though the call executed',
  },
  {
    id: 'out-stream-kept-for-restarted-peer',
    class: 'crash recovery of names',
    bug: 'when a peer node restarts, the link sender records its new incarnation but keeps the old stream, still addressed to the dead incarnation',
    resembles: 'clients that keep a half-open connection to a rebooted server (stale session state after peer restart)',
    scenario: 'n2 restarts; a message to a new process on n2 is addressed to n2\'s old incarnation forever and never delivered',
  },
  {
    id: 'ack-clears-whole-window',
    class: 'off-by-one in windows and acknowledgements',
    bug: 'the link sender takes any ack for an ack of every body it has sent, ignoring the ack\'s sequence number',
    resembles: 'stop-and-wait logic reused under a sliding window, where one ack releases the whole window',
    scenario: 'two messages n1→n2, the network loses the second; the ack of the first frees it and it is never delivered',
  },
  {
    id: 'deadline-uses-retry-interval',
    class: 'timeouts and late replies',
    bug: 'a call\'s deadline is set one retry interval after it starts instead of one call timeout',
    resembles: 'a per-attempt timeout used as the call deadline (mixing up two configuration values)',
    scenario: 'a call whose reply takes two retry intervals: it fails with timeout long before the call timeout',
  },
  {
    id: 'rebind-not-persisted',
    class: 'durability and write ordering',
    bug: 'a register that rebinds a name whose holder died updates the directory in memory but does not persist it',
    resembles: 'update paths that skip the write-ahead log when the key already exists (only inserts are logged)',
    scenario: 'a name\'s holder dies in a crash, a new process registers it, the directory restarts: lookup no longer finds the new holder',
  },
  {
    id: 'forget-not-persisted',
    class: 'durability and write ordering',
    bug: 'exit drops the process\'s names from the directory in memory but does not persist the removal',
    resembles: 'deletes applied to the cache but not to the store (tombstones never written), so deleted data resurrects after restart',
    scenario: 'p registers a name and exits, the directory restarts: lookup answers p again',
  },
  {
    id: 'stale-request-lowers-floor',
    class: 'deduplication',
    bug: 'the dedup floor follows every request\'s doneBelow, so a delayed copy of an old request moves it back down',
    resembles: 'low-watermarks that are assigned instead of only advanced (a monotonicity bug), reopening finished requests',
    scenario: 'a copy of call c1 is delayed; c1 and c2 complete; the delayed copy lowers the floor and c1 executes again',
  },
  {
    id: 'exit-keeps-queued-sends',
    class: 'naming after exit',
    bug: 'exit leaves the process\'s sends still waiting for a name lookup queued, so they go out after the process exited',
    resembles: 'process teardown that forgets the pending outbound queue (messages from a dead actor)',
    scenario: 'p sends to a name (lookup delayed) and exits; the message is sent and delivered after the exit',
  },
  {
    id: 'retry-gets-new-seq',
    class: 'retransmission',
    bug: 'each retransmission of a call is given a new sequence number, so the server takes it for a new call',
    resembles: 'retries that regenerate the idempotency key (a classic cause of double charges in payment APIs)',
    scenario: 'an at-most-once call whose first reply is lost: the retry executes it a second time',
  },
] as const satisfies readonly CatalogueBug[];

export const catalogue = [...messagingAndRpcBugs, ...migrationBugs, ...dsmBugs, ...quotaBugs, ...migrationBlindBugs, ...dsmBlindBugs, ...quotaBlindBugs, ...blind3Bugs, ...blind4Bugs, ...blind5Bugs] as const;

export type BugId = (typeof catalogue)[number]['id'];
export type MessagingBugId = (typeof messagingAndRpcBugs)[number]['id'];
export type MigrationBugId = (typeof migrationBugs)[number]['id'];
export type MigrationBlindBugId = (typeof migrationBlindBugs)[number]['id'];
export type DsmBugId = (typeof dsmBugs)[number]['id'];
export type DsmBlindBugId = (typeof dsmBlindBugs)[number]['id'];
export type QuotaBugId = (typeof quotaBugs)[number]['id'];
export type QuotaBlindBugId = (typeof quotaBlindBugs)[number]['id'];
export type Blind3BugId = (typeof blind3Bugs)[number]['id'];
export type Blind4BugId = (typeof blind4Bugs)[number]['id'];
export type Blind5BugId = (typeof blind5Bugs)[number]['id'];

/**
 * The abstractions whose tests measure a bug of `abstraction`, a catalogued bug's or a mutant's
 * (`conform --catalogue` and `--mutants` run it against their tests alone): messaging and RPC
 * together, as the default run does (an RPC port is a messaging port, and either's tests may
 * expose the other's bugs), any other abstraction alone.
 */
export function measuredBy(abstraction: string): readonly string[] {
  return abstraction === 'messaging' || abstraction === 'rpc' ? ['messaging', 'rpc'] : [abstraction];
}

/** The abstraction a catalogued bug is of: the older bugs, which name none, are of messaging and RPC. */
export function bugAbstraction(bug: CatalogueBug): CatalogueAbstraction {
  return bug.abstraction ?? 'messaging';
}

/** A flag on the reference kernel: a mutant (../mutants.ts) or a catalogued bug. */
export type KernelFlag = MutantName | BugId;

export function findBug(id: string): CatalogueBug | undefined {
  return catalogue.find((b) => b.id === id);
}
