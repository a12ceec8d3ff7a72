import type { CatalogueBug } from './catalogue.js';

// Independent bugs of time-share accounts (issue 11: quotas, leases, capabilities), written from
// the specification (spec/quotas/README.md, PROTOCOL.md "Time-share accounts") and the kernel's
// code, apart from the suite's quota tests, checkers and mutants. Each is a flag in
// ../quotas/quota-subsystem.ts.
export const quotaBugs = [
  {
    id: 'quota-retry-granted-again',
    abstraction: 'quotas',
    class: 'retries and double counting',
    bug: 'the ledger takes a retransmitted lease request for a new one and books the grant a second time',
    resembles: 'retries without an idempotency key check (the double-charge class of payment APIs; escrow in O\'Neil\'s escrow method must be booked once per request)',
    scenario: 'quota 10: n2 asks for 4, the answer is slow and n2 retries; the ledger books 8 to n2, which uses 4; n3\'s acquire of 6 is refused quota_exceeded',
  },
  {
    id: 'quota-term-from-answer',
    abstraction: 'quotas',
    class: 'leases and clocks',
    bug: 'a holder measures its lease term from when the grant arrived instead of from when it asked',
    resembles: 'leases timed from receipt (Gray and Cheriton, SOSP 1989, time a lease from the request\'s send so that network delay only shortens it; Chubby and etcd lease bugs of the same shape)',
    scenario: 'n2\'s grant of the whole quota takes 40 ms to arrive and n2 is then cut off from the ledger; the ledger reclaims the lease at its term and grants it to n3, while n2 still admits work: 20 in use of 10',
  },
  {
    id: 'capability-check-truncated',
    abstraction: 'quotas',
    class: 'capability checks',
    bug: 'a holder compares only as many characters of the check field as the capability presents',
    resembles: 'the Wii "trucha" signing bug (strncmp on a binary hash, so a forged signature whose hash began with a zero byte passed) and truncated MAC comparisons in general',
    scenario: 'a tenant holding a read-only capability adds the write right and tries each one-character check field: one is admitted on a node that holds a lease',
  },
  {
    id: 'capability-derive-refreshes-epoch',
    abstraction: 'quotas',
    class: 'revocation',
    bug: 'derive checks a capability against the epoch it carries and hands on one of the account\'s current epoch',
    resembles: 'revocation bypassed through delegation or renewal (refresh tokens honoured after their grant was revoked, RFC 6819 5.2.2.3; Redell\'s capability revocation needs every path to consult the current epoch)',
    scenario: 'a write capability is revoked; its holder derives a new write capability from it and acquires with that',
  },
  {
    id: 'quota-release-unchecked',
    abstraction: 'quotas',
    class: 'retries and double counting',
    bug: 'release does not check that the node has as much in use as it releases, so a second release drives the usage below zero',
    resembles: 'double release / reference-count underflow (e.g. Linux CVE-2016-0728, a keyring refcount leak turned into use after free); a retried release counted twice',
    scenario: 'quota 5: acquire 5, release 5 twice, acquire 10: admitted',
  },
  {
    id: 'quota-return-keeps-units',
    abstraction: 'quotas',
    class: 'leases and clocks',
    bug: 'a holder gives back the units of its lease it does not use, but goes on admitting work against them',
    resembles: 'refund without giving up authority: returning escrowed units while the local token bucket still holds them (the double-spend class of escrow and token schemes)',
    scenario: 'quota 10: n2 acquires and releases 10 and returns the unused lease at half term; n3 acquires 10, then n2 acquires 10 again: both admitted',
  },
  {
    id: 'quota-reclaim-not-rearmed',
    abstraction: 'quotas',
    class: 'ownership and crashes',
    bug: 'a ledger that restarts reloads its bookings but not their reclaim timers, so a crashed holder\'s lease is never reclaimed',
    resembles: 'expirations kept only in volatile timers (leases and TTLs that a restarted server never enforces; e.g. ephemeral state that outlives its session after a leader restart)',
    scenario: 'n2 holds the whole quota and crashes for good; the ledger restarts; long after the term n3\'s acquire is refused quota_exceeded',
  },
  {
    id: 'quota-epoch-acked-not-applied',
    abstraction: 'quotas',
    class: 'revocation',
    bug: 'a holder acknowledges a revocation\'s new epoch without recording it',
    resembles: 'an invalidation acknowledged before it is applied (the same race as a coherence ack sent before the cache line is dropped); the revoker trusts the ack',
    scenario: 'n2 holds a lease with room; the write capability it admits with is revoked and the revoke is answered; n2 still admits work with the old capability',
  },
] as const satisfies readonly CatalogueBug[];
