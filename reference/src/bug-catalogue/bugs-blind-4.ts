import type { CatalogueBug } from './catalogue.js';

// The fourth blind batch (issue 8, item 5): ten bugs in the reference kernel's messaging and RPC
// (link, naming, RPC client and server, kernel requests), written from spec/messaging, spec/rpc,
// PROTOCOL.md and the kernel's source only, without reading the suite's tests, checkers or
// generators, and measured once, after they landed (README, "The fourth blind batch"), by the
// messaging and RPC tests. Each is one flag in the kernel; scenarios-blind-4.ts proves it real.
export const blind4Bugs = [
  // ---- the reliable link (reference/src/messaging/link.ts) ----
  {
    id: 'retransmit-newest-first-window',
    batch: 'blind-4',
    class: 'off-by-one in windows and acknowledgements',
    bug: 'when more bodies are unacked than the retransmission window holds, the link retransmits the newest RETRANSMIT_WINDOW of them instead of the oldest, so the body that a cumulative ack is stuck on is never sent again',
    resembles: 'retransmission queues walked from the wrong end or windowed from the send point instead of the unacknowledged edge (TCP retransmits from snd_una; stacks that resent from snd_nxt - window stalled behind a hole the cumulative ack can never pass)',
    scenario: '65 messages n1→n2 (one more than the window), the first copy of the first is lost: the receiver buffers 2..65, acks 0, and the sender resends 2..65 forever; nothing is delivered',
  },
  {
    id: 'reconnect-assumes-timer-armed',
    batch: 'blind-4',
    class: 'lost wakeups',
    bug: 'when a peer restarts, the new stream to it is marked as having a retransmission timer running although the old stream\'s timer had already fired and stopped, so no timer is ever armed for it',
    resembles: 'a "timer pending" flag carried over a reconnect while the timer itself was not (a lost wakeup: the flag suppresses the arming that would wake the retransmitter; the pattern of missed timer restarts in hand-written ARQ and reconnect logic)',
    scenario: 'm1 n1→n2 is delivered and acked and n1\'s link timer runs down; n2 restarts; m2 to a new process on n2 loses its first copy and is never retransmitted',
  },
  {
    id: 'reconnect-resends-in-reverse',
    batch: 'blind-4',
    class: 'ordering',
    bug: 'when a peer turns out to have restarted, the bodies still unacked on the stream to its old incarnation are re-queued on the new stream newest first',
    resembles: 'resend buffers drained as a stack on reconnect (MQTT requires in-flight messages to be resent in their original order after a reconnect because clients got this wrong; Erlang/Akka-style pending-send queues reversed by a fold)',
    scenario: 'n2 restarts and spawns q; n1 restarts (it knows no peer incarnation) and p sends m1 then m2 to q over a stream to n2\'s old incarnation; n2 answers hello and q receives m2 before m1',
  },
  // ---- the kernel: restarts and kernel-to-kernel requests (reference/src/kernel.ts) ----
  {
    id: 'hello-ignored',
    batch: 'blind-4',
    class: 'restart and reconnection',
    bug: 'a kernel learns a peer\'s new incarnation from every packet except the hello, the one packet that exists to announce it',
    resembles: 'membership and heartbeat handlers that read the sender\'s generation/epoch from data messages but not from the join or heartbeat message itself (gossip generation-number bugs; a reboot announcement dropped as "nothing to do")',
    scenario: 'n2 restarts and spawns q; p on n1 sends to q over a stream still addressed to n2\'s dead incarnation; n2 answers each copy with hello, which n1 ignores: the message is never delivered',
  },
  {
    id: 'request-id-restarts-at-boot',
    batch: 'blind-4',
    class: 'timeouts and late replies',
    bug: 'kernel-to-kernel request ids are a counter without the node\'s incarnation, so after a restart they repeat, and a late response to the previous incarnation\'s request completes a new one',
    resembles: 'transaction ids that restart at the same value after a reboot (why Sun RPC clients seed the xid from the clock and NFS servers keep a boot verifier): a reply to the old boot\'s request is taken for the new request with the same id',
    scenario: 'n3 looks up name A (directory n2), the response is slow; n3 restarts and looks up name B; n2 re-sends A\'s response to the new incarnation and lookup B answers A\'s holder',
  },
  {
    id: 'request-timeout-answered-not-found',
    batch: 'blind-4',
    class: 'timeouts and late replies',
    bug: 'a kernel-to-kernel request that gets no answer in time is answered not_found (definite: no such process or name) instead of unavailable',
    resembles: 'a timeout reported as a negative answer (stub resolvers that turn a SERVFAIL or timeout into NXDOMAIN; service discovery that reports "no instance" when the registry is unreachable), so callers act on an absence that was never observed',
    scenario: 'n2 is cut off; locate of a live process on n2, asked at n1, answers not_found instead of unavailable',
  },
  // ---- naming (reference/src/naming/registry.ts) ----
  {
    id: 'register-persists-refused-binding',
    batch: 'blind-4',
    class: 'durability and write ordering',
    bug: 'register writes the new binding to durable storage before the check that refuses it with name_taken, so the refused binding is what a restarted directory reads back',
    resembles: 'logging an operation before validating it (a write-ahead log that records a write the transaction then rejects; recovery replays the rejected write)',
    scenario: 'q on n1 holds a name whose directory is n2; r on n3 registers it and is refused name_taken; n2 restarts; lookup answers r instead of q',
  },
  {
    id: 'register-replacing-overwrites-any-holder',
    batch: 'blind-4',
    class: 'crash recovery of names',
    bug: 'a register that rebinds a name whose holder died (the retry naming the dead holder in `replacing`) overwrites whoever holds the name now, instead of only the dead holder',
    resembles: 'a compare-and-swap implemented as a blind write (conditional updates whose version check was dropped: two clients that both saw the old, dead owner both take the lock; the lost-update class of ZooKeeper/etcd recipes that ignore the version)',
    scenario: 'q on n1 holds a name whose directory n2 has not heard that n1 restarted; r1 and r2 on n3 both register it, both find q dead at n1 and retry replacing q: both are answered ok',
  },
  // ---- RPC (reference/src/rpc/dedup-table.ts, rpc-client.ts) ----
  {
    id: 'floor-purge-inclusive',
    batch: 'blind-4',
    class: 'deduplication',
    bug: 'raising a dedup stream\'s floor to the client\'s doneBelow forgets the entries up to and including doneBelow, the lowest call still pending, so its retry executes again',
    resembles: 'an off-by-one in low-watermark garbage collection (< for <=: the entry at the watermark is still live; cf. log compaction or reply-cache trimming that drops the first not-yet-acknowledged item)',
    scenario: 'at-most-once calls c0 and c1 of one client; c1 executes and its reply is lost, then c0 completes; c2 raises the floor to 1 and forgets c1\'s result; c1\'s retry executes it a second time',
  },
  {
    id: 'rpc-retry-timer-uses-deadline',
    batch: 'blind-4',
    class: 'retransmission',
    bug: 'the client arms a call\'s retransmission timer for the larger of the retry interval and the time left to the deadline (max for min), so the first timer is the deadline and a lost request is never retransmitted',
    resembles: 'a per-attempt timer armed with the overall deadline (min/max confusion when capping a retry timer at the deadline), so the "retrying" client sends once and times out',
    scenario: 'an at-least-once call whose first request is lost: it fails with timeout instead of being retransmitted and answered',
  },
] as const satisfies readonly CatalogueBug[];
