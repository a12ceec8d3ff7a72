// The time-share accounts of one node's kernel, in both roles. As a **ledger** it keeps the
// accounts created here (ledger.ts) and books leases to nodes. As a **holder** it admits work
// against the leases it holds without asking anyone, asks the ledger for a lease when it has no
// room, renews leases it uses and gives back the rest, and stops work when a lease runs out on its
// own clock — before the ledger can reclaim it on the ledger's (durations on two clocks, with the
// drift allowance of ledger.ts). Bandwidth is a lease too: its amount is the rate of the token
// bucket that paces a transmit's bytes onto the NIC. Every operation names the account by a
// capability (capabilities.ts).
import { DEFAULT_NODE_MACHINE, rateResources, rights as allRights, type Capability, type NodeMachine, type ErrorCode, type Operation, type QuotaResource, type RateResource, type Right, type RunParameters } from '../../../conformance/protocol/index.js';
import type { NodeId } from '../ids.js';
import type { StepContext } from '../step-context.js';
import { CLUSTER_CAPABILITY_KEY as KEY, authentic, derive, isRoot, mint, permits, type Verdict } from './capabilities.js';
import {
  DRIFT_ALLOWANCE, LEASE_TERM_NS, RECLAIM_MARGIN_NS, classifyRequest, durableKey, grant, holders, leasedTotals, newLedger, reclaim, remember, renew,
  type LedgerRecord,
} from './ledger.js';
import { drfCpu } from './drf.js';
import { toNumber } from './rational.js';
import type { LeaseAnswer, LedgerCall, LedgerCallResult, QuotaMessage, Seq } from './quota-messages.js';

type QuotaOp = Extract<Operation, { kind: 'createAccount' | 'acquire' | 'release' | 'usage' | 'derive' | 'revoke' | 'transmit' | 'compute' }>;
export const quotaOperationKinds: ReadonlySet<string> = new Set<QuotaOp['kind']>(['createAccount', 'acquire', 'release', 'usage', 'derive', 'revoke', 'transmit', 'compute']);
export const isQuotaOperation = (op: Operation): op is QuotaOp => quotaOperationKinds.has(op.kind);

/** A holder stops using a lease this long after it asked for it (or for its renewal). */
const HOLDER_TERM_NS = Math.floor(LEASE_TERM_NS * (1 - DRIFT_ALLOWANCE));
/** The ledger reclaims a lease this long after it granted (or renewed) it. */
const RECLAIM_AFTER_NS = Math.ceil(LEASE_TERM_NS * (1 + DRIFT_ALLOWANCE)) + RECLAIM_MARGIN_NS;
/** Bytes per packet of a transmit; ns of CPU per slice of a compute; the token bucket's depth in time at its rate. */
export const CHUNK_BYTES = 1000;
export const CPU_SLICE_NS = 1_000_000;
const BUCKET_DEPTH_NS = 10_000_000;
const chunkOf: Record<RateResource, number> = { bandwidthBytesPerSec: CHUNK_BYTES, cpuNsPerSec: CPU_SLICE_NS };
const isRate = (resource: QuotaResource): resource is RateResource => (rateResources as readonly string[]).includes(resource);

/** How an admission ends: admitted, or refused (quota_exceeded, forbidden) or given up (unavailable). */
export type Admission = { kind: 'admitted' } | { kind: 'error'; code: ErrorCode; text: string };
type AdmissionAnswer = (ctx: StepContext, outcome: Admission) => void;
/** The answer to operation `opId`: its reply, or its error. */
const answerOp =
  (opId: number): AdmissionAnswer =>
  (ctx, outcome) =>
    outcome.kind === 'admitted' ? ctx.reply(opId, {}) : ctx.fail(opId, outcome.code, outcome.text);

interface WaitingAcquire {
  /** Names the timer that gives the admission up: an operation's id, or `spawn-<n>` for a spawn. */
  id: string;
  amount: number;
  cap: Capability;
  answer: AdmissionAnswer;
}

/** A lease this node holds (or is asking for) of one resource of one account. */
interface HeldLease {
  account: string;
  resource: QuotaResource;
  port: NodeId;
  amount: number;
  used: number;
  /** Local time at which this node must have stopped using it (0: no lease). */
  expiresAtNs: number;
  epoch: number;
  /** Work metered at the lease's rate (a transmit, a compute) is waiting: the whole rate is in use. */
  metering: boolean;
  outstanding: { message: Extract<QuotaMessage, { t: 'lease-request' | 'renew' }>; sentAtNs: number; giveUpAtNs: number } | undefined;
  waiting: WaitingAcquire[];
}

/** Work metered by a token bucket at the rate of a rate lease: transmits (bytes to `to`) or computes (ns of CPU). */
interface MeteredWork {
  account: string;
  resource: RateResource;
  cap: Capability;
  queue: { opId: number; to?: NodeId; left: number }[];
  tokens: number;
  refilledAtNs: number;
}

/** What to do with the ledger's answer to a call (or `unavailable` when it gives none in time). */
type CallAnswer = (ctx: StepContext, result: LedgerCallResult) => void;

interface PendingCall {
  answer: CallAnswer;
  port: NodeId;
  message: Extract<QuotaMessage, { t: 'ledger-call' }>;
  giveUpAtNs: number;
}

/** A revocation waits until every node that held a lease has heard of the new epoch (or its lease was reclaimed). */
interface Revocation {
  epoch: number;
  waitingFor: Set<NodeId>;
  answerTo: { node: NodeId; callId: string }[];
  result: LedgerCallResult;
}

const leaseKey = (account: string, resource: QuotaResource) => `${encodeURIComponent(account)}/${resource}`;

export class QuotaSubsystem {
  private readonly ledgers = new Map<string, LedgerRecord>();
  private readonly revocations = new Map<string, Revocation>();
  /** The last completed revocation per account, answered again to a copy of its call. */
  /** The last completed revocation per account: whom it answered (a copy of one of those calls gets the answer again) and the answer. */
  private readonly revoked = new Map<string, { answered: { node: NodeId; callId: string }[]; result: LedgerCallResult }>();
  private readonly leases = new Map<string, HeldLease>();
  /** The newest epoch this node has heard of, per account. */
  private readonly epochs = new Map<string, number>();
  private readonly metered = new Map<string, MeteredWork>();
  /** Accounts whose computes here run below their lease's rate, by DRF on an oversubscribed node: the rate they get. */
  private cpuThrottled = new Map<string, number>();
  private readonly calls = new Map<string, PendingCall>();
  private nextSeq = 0;
  private nextCall = 0;
  private nextSpawn = 0;

  constructor(
    private readonly node: NodeId,
    private readonly incarnation: number,
    private readonly params: RunParameters,
    durable: Record<string, unknown>,
    /** The work admitted against a lease stopped when the lease ran out here: the kernel stops its processes. */
    private readonly onWorkStopped: (ctx: StepContext, account: string, resource: QuotaResource) => void = () => {},
    /** The node's machine, as its init told it (init.machines): the computes here share its hardware threads. */
    private readonly machine: NodeMachine = DEFAULT_NODE_MACHINE,
  ) {
    for (const [key, value] of Object.entries(durable)) {
      if (key.startsWith('quota/') && value !== null) {
        const ledger = value as LedgerRecord;
        this.ledgers.set(ledger.account, ledger);
      }
    }
  }

  /** At boot: the ledgers came back from durable storage; their leases' reclaim timers did not. */
  boot(ctx: StepContext): void {
    if (ctx.mutantIs('quota-reclaim-not-rearmed')) return;
    for (const ledger of this.ledgers.values()) {
      for (const [resource, byNode] of Object.entries(ledger.leases) as [QuotaResource, LedgerRecord['leases'][QuotaResource]][]) {
        for (const [holder, lease] of Object.entries(byNode)) this.armReclaim(ctx, ledger.account, resource, holder, lease.reclaimAtNs);
      }
    }
  }

  // ---- operations -----------------------------------------------------------------------------

  onOperation(ctx: StepContext, opId: number, op: QuotaOp): void {
    switch (op.kind) {
      case 'createAccount': {
        if (this.ledgers.has(op.account)) return ctx.fail(opId, 'bad_request', `account '${op.account}' already exists on node ${this.node}`);
        const ledger = newLedger(op.account, op.quotas);
        this.ledgers.set(op.account, ledger);
        this.persist(ctx, ledger);
        return ctx.reply(opId, { capability: mint(KEY, this.node, op.account, allRights, 0) });
      }
      case 'acquire':
        return this.admit(ctx, String(opId), op.capability, op.resource, op.amount, answerOp(opId));
      case 'release': {
        if (this.refusedHere(ctx, answerOp(opId), op.capability, ctx.mutantIs('capability-release-needs-read') ? 'read' : 'write', op.resource)) return;
        const lease = this.leases.get(leaseKey(op.capability.object, op.resource));
        const inUse = lease?.used ?? 0;
        if (lease === undefined || (inUse < op.amount && !ctx.mutantIs('quota-release-unchecked'))) return ctx.fail(opId, 'bad_request', `account '${op.capability.object}' has ${inUse} ${op.resource} in use on node ${this.node}; cannot release ${op.amount}`);
        this.release(ctx, lease, op.amount);
        return ctx.reply(opId, {});
      }
      case 'usage':
      case 'derive':
      case 'revoke': {
        const call: LedgerCall = op.kind === 'derive' ? { kind: 'derive', cap: op.capability, rights: op.rights } : { kind: op.kind, cap: op.capability };
        return this.callLedger(ctx, call, (ctx, result) => (result.kind === 'ok' ? ctx.reply(opId, result.value) : ctx.fail(opId, result.code, result.text)));
      }
      case 'transmit':
      case 'compute': {
        const resource = op.kind === 'transmit' ? 'bandwidthBytesPerSec' : 'cpuNsPerSec';
        if (this.refusedHere(ctx, answerOp(opId), op.capability, 'write', resource)) return;
        if (op.kind === 'transmit' && !ctx.nodes.includes(op.to)) return ctx.fail(opId, 'bad_request', `transmit.to: unknown node '${op.to}'`);
        const account = op.capability.object;
        const key = leaseKey(account, resource);
        const work = this.metered.get(key) ?? { account, resource, cap: op.capability, queue: [], tokens: 0, refilledAtNs: ctx.nowNs };
        this.metered.set(key, work);
        work.cap = op.capability;
        work.queue.push(op.kind === 'transmit' ? { opId, to: op.to, left: op.bytes } : { opId, left: op.cpuNs });
        return this.pumpMetered(ctx, work);
      }
    }
  }

  /** Asks the ledger of the capability's account (its port), retrying until it answers or the call times out. */
  private callLedger(ctx: StepContext, call: LedgerCall, answer: CallAnswer): void {
    const callId = `${this.incarnation}.${this.nextCall++}`;
    const pending: PendingCall = { answer, port: call.cap.port, message: { t: 'ledger-call', account: call.cap.object, callId, call }, giveUpAtNs: ctx.nowNs + this.params.callTimeoutNs };
    this.calls.set(callId, pending);
    this.send(ctx, pending.port, pending.message);
    if (this.calls.has(callId)) ctx.setTimer(`quota/call/${callId}`, this.params.retryIntervalNs);
  }

  /**
   * Whether `cap` still grants `right`, asked of its account's ledger: a node that holds none of
   * the account's leases is not waited for by a revocation, so only the ledger is sure to know of
   * one (tenant isolation of names and segments, decided where the request enters).
   */
  confirm(ctx: StepContext, cap: Capability, right: Right, answer: CallAnswer): void {
    this.callLedger(ctx, { kind: 'confirm', cap, right }, answer);
  }

  /**
   * Admits `amount` of `resource` on this node against the account's lease, asking the ledger for
   * a lease when it has no room; `answer` is told once (a charged spawn's admission comes here too).
   */
  admit(ctx: StepContext, id: string, cap: Capability, resource: QuotaResource, amount: number, answer: AdmissionAnswer): void {
    if (this.refusedHere(ctx, answer, cap, 'write', resource)) return;
    const lease = this.lease(cap, resource);
    lease.waiting.push({ id, amount, cap, answer });
    ctx.setTimer(`quota/op/${id}`, this.params.callTimeoutNs);
    this.pump(ctx, lease);
  }

  /** Admits one process of the account a spawn is charged to. */
  admitProcess(ctx: StepContext, cap: Capability, answer: AdmissionAnswer): void {
    this.admit(ctx, `spawn-${this.nextSpawn++}`, cap, 'processes', 1, answer);
  }

  /** Work admitted here ended (a release, a charged process's exit): its units return to the lease. */
  release(ctx: StepContext, lease: HeldLease | undefined, amount: number): void {
    if (lease === undefined) return;
    lease.used -= amount;
    ctx.event({ kind: 'Released', account: lease.account, resource: lease.resource, node: this.node, amount });
    this.pump(ctx, lease);
    if (lease.resource === 'memoryBytes') this.shareCpu(ctx); // memory held weighs in the node's DRF
  }

  /** A charged process of `account` exited here. */
  releaseProcess(ctx: StepContext, account: string): void {
    this.release(ctx, this.leases.get(leaseKey(account, 'processes')), 1);
  }

  /**
   * The checks a holder can make alone: the check field, the right, and the epoch as far as this
   * node has heard (the ledger checks the epoch again when it grants). Refuses with `forbidden`.
   */
  private refusedHere(ctx: StepContext, answer: AdmissionAnswer, cap: Capability, right: Right, resource?: QuotaResource): boolean {
    const verdict = this.verdictHere(ctx, cap, right);
    if (verdict.kind === 'permitted') return false;
    this.reject(ctx, answer, cap.object, 'forbidden', verdict.text, resource, right);
    return true;
  }

  /** Whether `cap` grants `right` on its account, by the newest epoch this node has heard of. */
  verdictHere(ctx: StepContext, cap: Capability, right: Right): Verdict {
    const known = this.epochs.get(cap.object) ?? 0;
    // The bug compares only as much of the check field as the capability presents (strncmp on a MAC).
    const checked = ctx.mutantIs('capability-check-truncated') ? cap.check.length > 0 && mint(KEY, cap.port, cap.object, cap.rights, cap.epoch).check.startsWith(cap.check) : authentic(KEY, cap);
    if (!checked && !ctx.mutantIs('capability-check-skipped')) return { kind: 'forbidden', text: "the capability's check field does not match it: forged or tampered with" };
    if (cap.epoch < known) return { kind: 'forbidden', text: `the capability was revoked (its epoch ${cap.epoch}, the account's ${known})` };
    return cap.rights.includes(right) ? { kind: 'permitted' } : { kind: 'forbidden', text: `the capability lacks the right '${right}'` };
  }

  private reject(ctx: StepContext, answer: AdmissionAnswer, account: string, code: ErrorCode, text: string, resource?: QuotaResource, right?: Right): void {
    if (code === 'quota_exceeded' || code === 'forbidden') {
      ctx.event({ kind: 'Rejected', account, node: this.node, code, ...(resource ? { resource } : {}), ...(right ? { right } : {}) });
    }
    answer(ctx, { kind: 'error', code, text });
  }

  // ---- holder: admission against leases -------------------------------------------------------

  private lease(cap: Capability, resource: QuotaResource): HeldLease {
    const key = leaseKey(cap.object, resource);
    let lease = this.leases.get(key);
    if (lease === undefined) {
      lease = { account: cap.object, resource, port: cap.port, amount: 0, used: 0, expiresAtNs: 0, epoch: this.epochs.get(cap.object) ?? 0, metering: false, outstanding: undefined, waiting: [] };
      this.leases.set(key, lease);
    }
    return lease;
  }

  private valid(ctx: StepContext, lease: HeldLease): boolean {
    return lease.expiresAtNs > ctx.nowNs || (ctx.mutantIs('quota-holder-ignores-expiry') && lease.amount > 0);
  }

  private room(ctx: StepContext, lease: HeldLease, cap: Capability): number {
    if (!this.valid(ctx, lease) || (cap.epoch !== lease.epoch && !ctx.mutantIs('capability-queued-acquire-skips-revocation'))) return 0;
    return ctx.mutantIs('quota-admits-beyond-lease') ? lease.amount : lease.amount - lease.used;
  }

  /** Admits waiting work in order while the lease has room; asks the ledger for the shortfall of the first that does not fit. */
  private pump(ctx: StepContext, lease: HeldLease): void {
    for (let head = lease.waiting[0]; head !== undefined; head = lease.waiting[0]) {
      const room = this.room(ctx, lease, head.cap);
      if (room < head.amount) {
        if (lease.outstanding === undefined) this.request(ctx, lease, { t: 'lease-request', account: lease.account, resource: lease.resource, seq: this.seq(ctx), cap: head.cap, amount: head.amount - Math.max(0, room), atLeast: head.amount - Math.max(0, room) });
        return;
      }
      lease.waiting.shift();
      lease.used += head.amount;
      ctx.event({ kind: 'Admitted', account: lease.account, resource: lease.resource, node: this.node, amount: head.amount });
      head.answer(ctx, { kind: 'admitted' });
      if (lease.resource === 'memoryBytes') this.shareCpu(ctx); // memory held weighs in the node's DRF
    }
  }

  private seq(ctx: StepContext): Seq {
    return [ctx.mutantIs('quota-seq-not-per-incarnation') ? 0 : this.incarnation, this.nextSeq++];
  }

  private request(ctx: StepContext, lease: HeldLease, message: Extract<QuotaMessage, { t: 'lease-request' | 'renew' }>): void {
    // A renewal is worth sending until the lease runs out; a return (keep 0) a few times.
    const giveUpAtNs =
      message.t === 'lease-request' ? ctx.nowNs + this.params.callTimeoutNs : message.keep > 0 ? lease.expiresAtNs : ctx.nowNs + 3 * this.params.retryIntervalNs;
    lease.outstanding = { message, sentAtNs: ctx.nowNs, giveUpAtNs };
    this.send(ctx, lease.port, message);
    if (lease.outstanding?.message === message) ctx.setTimer(`quota/retry/${leaseKey(lease.account, lease.resource)}`, this.params.retryIntervalNs);
  }

  private onLeaseAnswer(ctx: StepContext, lease: HeldLease, seq: Seq, answer: LeaseAnswer): void {
    const asked = lease.outstanding;
    // The `quota-answer-seq-unchecked` bug takes any answer for the answer to the request outstanding.
    if (asked === undefined || ((asked.message.seq[0] !== seq[0] || asked.message.seq[1] !== seq[1]) && !ctx.mutantIs('quota-answer-seq-unchecked'))) return; // a copy, or too late
    lease.outstanding = undefined;
    const key = leaseKey(lease.account, lease.resource);
    if (answer.kind === 'granted' || answer.kind === 'renewed') this.epochs.set(lease.account, Math.max(this.epochs.get(lease.account) ?? 0, answer.epoch));
    switch (answer.kind) {
      case 'granted':
        lease.amount += answer.amount;
        lease.epoch = Math.max(lease.epoch, answer.epoch);
        lease.expiresAtNs = (ctx.mutantIs('quota-term-from-answer') ? ctx.nowNs : asked.sentAtNs) + HOLDER_TERM_NS;
        ctx.event({ kind: 'LeaseGranted', account: lease.account, resource: lease.resource, node: this.node, amount: answer.amount, termNs: answer.termNs });
        ctx.setTimer(`quota/expire/${key}`, lease.expiresAtNs - ctx.nowNs);
        ctx.setTimer(`quota/renew/${key}`, HOLDER_TERM_NS / 2);
        break;
      case 'renewed':
        lease.epoch = Math.max(lease.epoch, answer.epoch);
        if (answer.keep === 0) break;
        lease.expiresAtNs = (ctx.mutantIs('quota-renewal-term-from-answer') ? ctx.nowNs : asked.sentAtNs) + HOLDER_TERM_NS;
        ctx.event({ kind: 'LeaseRenewed', account: lease.account, resource: lease.resource, node: this.node, termNs: answer.termNs });
        ctx.setTimer(`quota/expire/${key}`, lease.expiresAtNs - ctx.nowNs);
        ctx.setTimer(`quota/renew/${key}`, HOLDER_TERM_NS / 2);
        break;
      case 'gone':
        this.expire(ctx, lease);
        break;
      case 'refused': {
        if (isRate(lease.resource) && lease.waiting.length === 0) {
          const work = this.metered.get(leaseKey(lease.account, lease.resource));
          for (const queued of work?.queue ?? []) this.reject(ctx, answerOp(queued.opId), lease.account, answer.code, answer.text, lease.resource);
          if (work) work.queue = [];
          break;
        }
        const refused = lease.waiting.splice(0, ctx.mutantIs('quota-refusal-fails-queue') ? lease.waiting.length : 1);
        for (const head of refused) this.reject(ctx, head.answer, lease.account, answer.code, answer.text, lease.resource, answer.code === 'forbidden' ? 'write' : undefined);
        break;
      }
    }
    this.resumeWaiting(ctx, lease);
  }

  /** Work waiting on a lease goes on once the lease changed or its request ended. */
  private resumeWaiting(ctx: StepContext, lease: HeldLease): void {
    this.pump(ctx, lease);
    const work = this.metered.get(leaseKey(lease.account, lease.resource));
    if (work !== undefined) this.pumpMetered(ctx, work);
  }

  /** The lease ran out on this node's clock: the work admitted against it stops. */
  private expire(ctx: StepContext, lease: HeldLease): void {
    if (lease.amount === 0 && lease.used === 0) return;
    ctx.event({ kind: 'LeaseExpired', account: lease.account, resource: lease.resource, node: this.node, side: 'holder', amount: lease.used });
    const stopped = lease.used > 0;
    lease.amount = 0;
    if (!ctx.mutantIs('quota-expiry-keeps-usage')) lease.used = 0;
    lease.expiresAtNs = 0;
    lease.metering = false;
    if (stopped) this.onWorkStopped(ctx, lease.account, lease.resource);
    if (lease.resource === 'memoryBytes') this.shareCpu(ctx); // memory held weighs in the node's DRF
  }

  /** Halfway through the term: renew what is in use and give back the rest. */
  private renewOrReturn(ctx: StepContext, lease: HeldLease): void {
    if (lease.outstanding !== undefined || !this.valid(ctx, lease) || lease.amount === 0) return;
    const keep = lease.metering || ctx.mutantIs('quota-idle-lease-kept') ? lease.amount : lease.used;
    if (keep < lease.amount) {
      ctx.event({ kind: 'LeaseReturned', account: lease.account, resource: lease.resource, node: this.node, amount: lease.amount - keep });
      if (!ctx.mutantIs('quota-return-keeps-units')) {
        lease.amount = keep;
        if (keep === 0) lease.expiresAtNs = 0;
      }
    }
    this.request(ctx, lease, { t: 'renew', account: lease.account, resource: lease.resource, seq: this.seq(ctx), keep });
  }

  // ---- holder: work metered at a rate (bandwidth, CPU share) ---------------------------------

  /**
   * Runs what the token bucket allows; the bucket fills at the rate of the lease. A transmit's
   * chunk is a packet of bytes on the NIC; a compute's is a slice of CPU time the step reports in
   * its cost, so the hardware model's core is busy for it.
   */
  private pumpMetered(ctx: StepContext, work: MeteredWork): void {
    this.runMetered(ctx, work);
    if (work.resource === 'cpuNsPerSec') this.shareCpu(ctx);
  }

  /**
   * Divides the node's CPU between the accounts computing here by DRF over its CPU and memory
   * (drf.ts drfCpu: the memory an account holds here counts in its dominant share) when their
   * leases' rates add up to more than its hardware threads, each still capped by its own;
   * undersubscribed, each runs at its lease's rate as before. A bucket whose rate changes is first
   * filled at the old rate up to now, then runs on at the new one; repeated until no rate changes.
   */
  private shareCpu(ctx: StepContext): void {
    const machine = this.machine;
    for (;;) {
      const computing = [...this.metered.values()].flatMap((work) => {
        const lease = work.resource === 'cpuNsPerSec' && work.queue.length > 0 ? this.leases.get(leaseKey(work.account, work.resource)) : undefined;
        return lease !== undefined && this.valid(ctx, lease) && lease.amount > 0 ? [{ work, cap: lease.amount }] : [];
      });
      const claims = computing.map((c) => ({ cap: c.cap, memoryBytes: ctx.mutantIs('quota-drf-cpu-only') ? 0 : this.memoryHeld(ctx, c.work.account) }));
      const rates = ctx.mutantIs('quota-cpu-oversubscribed') ? claims.map((c) => c.cap) : drfCpu(machine.hardwareThreads * 1e9, machine.memoryBytes, claims).map(toNumber);
      const changed = computing.filter((c, i) => (this.cpuThrottled.get(c.work.account) ?? c.cap) !== rates[i]);
      for (const c of changed) this.refill(ctx, c.work, this.cpuThrottled.get(c.work.account) ?? c.cap);
      this.cpuThrottled = new Map(computing.flatMap((c, i) => (rates[i]! < c.cap ? [[c.work.account, rates[i]!] as const] : [])));
      if (changed.length === 0) return;
      for (const c of changed) this.runMetered(ctx, c.work);
    }
  }

  /** The memory an account holds on this node: admitted against its lease here, and not released. */
  private memoryHeld(ctx: StepContext, account: string): number {
    const lease = this.leases.get(leaseKey(account, 'memoryBytes'));
    return lease !== undefined && this.valid(ctx, lease) ? lease.used : 0;
  }

  /** Fills the token bucket at `rate` (units per second) up to now, to its depth. */
  private refill(ctx: StepContext, work: MeteredWork, rate: number): void {
    const depth = Math.max(chunkOf[work.resource], (rate * BUCKET_DEPTH_NS) / 1e9);
    work.tokens = Math.min(ctx.mutantIs('quota-token-bucket-uncapped') ? Infinity : depth, work.tokens + ((ctx.nowNs - work.refilledAtNs) * rate) / 1e9);
    work.refilledAtNs = ctx.nowNs;
  }

  private runMetered(ctx: StepContext, work: MeteredWork): void {
    const lease = this.lease(work.cap, work.resource);
    if (work.queue.length === 0) {
      lease.metering = false;
      return;
    }
    if (!this.valid(ctx, lease) || lease.amount === 0) {
      if (lease.outstanding === undefined) {
        this.request(ctx, lease, { t: 'lease-request', account: work.account, resource: work.resource, seq: this.seq(ctx), cap: work.cap, amount: Number.MAX_SAFE_INTEGER, atLeast: 1 });
      }
      return;
    }
    lease.metering = true;
    const rate = (work.resource === 'cpuNsPerSec' ? this.cpuThrottled.get(work.account) : undefined) ?? lease.amount; // units per second
    const chunkSize = chunkOf[work.resource];
    this.refill(ctx, work, rate);
    const unmetered = ctx.mutantIs(work.resource === 'bandwidthBytesPerSec' ? 'quota-bandwidth-unmetered' : 'quota-compute-unmetered');
    for (let head = work.queue[0]; head !== undefined; head = work.queue[0]) {
      const chunk = Math.min(chunkSize, head.left);
      if (work.tokens < chunk && !unmetered) {
        if (rate === 0) return; // held back by DRF until the node's shares change (shareCpu runs it again)
        ctx.setTimer(`quota/meter/${leaseKey(work.account, work.resource)}`, Math.ceil(((chunk - work.tokens) * 1e9) / rate));
        return;
      }
      work.tokens -= unmetered ? 0 : chunk;
      head.left -= chunk;
      if (head.to !== undefined) {
        this.send(ctx, head.to, { t: 'data', account: work.account, bytes: chunk });
        ctx.cost.wireBytes += chunk; // the bytes themselves, beyond the packet's header
      } else {
        ctx.cost.cpuNs = (ctx.cost.cpuNs ?? 0) + chunk;
        ctx.event({ kind: 'Computed', account: work.account, node: this.node, cpuNs: chunk });
      }
      if (head.left === 0) {
        work.queue.shift();
        ctx.reply(head.opId, {});
      }
    }
    lease.metering = false;
  }

  // ---- ledger ---------------------------------------------------------------------------------

  private persist(ctx: StepContext, ledger: LedgerRecord): void {
    // The bug keeps the account but not its bookings across a crash.
    const kept = ctx.mutantIs('quota-ledger-volatile') ? { ...newLedger(ledger.account, ledger.quotas), epoch: ledger.epoch } : ledger;
    ctx.persist(durableKey(ledger.account), kept);
  }

  private armReclaim(ctx: StepContext, account: string, resource: QuotaResource, holder: NodeId, atNs: number): void {
    ctx.setTimer(`quota/reclaim/${encodeURIComponent(account)}/${resource}/${encodeURIComponent(holder)}`, atNs - ctx.nowNs);
  }

  private reclaimAfterNs(ctx: StepContext): number {
    return ctx.mutantIs('quota-lease-reissued-early') ? LEASE_TERM_NS / 4 : RECLAIM_AFTER_NS;
  }

  private onLeaseRequest(ctx: StepContext, holder: NodeId, message: Extract<QuotaMessage, { t: 'lease-request' | 'renew' }>): void {
    const ledger = this.ledgers.get(message.account);
    const answer = (a: LeaseAnswer) => this.send(ctx, holder, { t: 'lease-answer', account: message.account, resource: message.resource, seq: message.seq, answer: a });
    if (ledger === undefined) return answer({ kind: 'refused', code: 'forbidden', text: `node ${this.node} keeps no account '${message.account}'` });
    const seen = classifyRequest(ledger, message.resource, holder, message.seq);
    if (seen.kind === 'copy' && !ctx.mutantIs('quota-retry-granted-again')) return answer(seen.answer);
    if (seen.kind === 'stale') return;
    let result: LeaseAnswer;
    if (message.t === 'renew') {
      result = renew(ledger, message.resource, holder, message.keep, ctx.nowNs, this.reclaimAfterNs(ctx));
      if (result.kind === 'renewed' && (result.keep === 0 || ctx.mutantIs('quota-renewal-counts-as-epoch-ack'))) this.heard(ctx, ledger, holder);
    } else {
      const verdict = ctx.mutantIs('capability-check-skipped') ? { kind: 'permitted' as const } : permits(KEY, message.cap, message.account, ledger.epoch, 'write');
      const before = ledger.leases[message.resource][holder];
      result = verdict.kind === 'forbidden' ? { kind: 'refused', code: 'forbidden', text: verdict.text } : grant(ledger, message.resource, holder, message.amount, message.atLeast, ctx.nowNs, this.reclaimAfterNs(ctx));
      const after = ledger.leases[message.resource][holder];
      // Two bugs of a top-up grant: the booking becomes the new grant alone, or keeps the first grant's reclaim time.
      if (before !== undefined && after !== undefined && result.kind === 'granted') {
        if (ctx.mutantIs('quota-grant-overwrites-booking')) after.amount = result.amount;
        if (ctx.mutantIs('quota-topup-keeps-reclaim-time')) after.reclaimAtNs = before.reclaimAtNs;
      }
    }
    remember(ledger, message.resource, holder, message.seq, result);
    this.persist(ctx, ledger);
    const booked = ledger.leases[message.resource][holder];
    if (booked !== undefined) this.armReclaim(ctx, ledger.account, message.resource, holder, booked.reclaimAtNs);
    answer(result);
  }

  private onReclaimTimer(ctx: StepContext, account: string, resource: QuotaResource, holder: NodeId): void {
    const ledger = this.ledgers.get(account);
    if (ledger === undefined || ctx.mutantIs('quota-lease-never-reclaimed')) return;
    // The bug takes the firing of any reclaim timer, even one a renewal made stale, as the time to reclaim.
    const amount = reclaim(ledger, resource, holder, ctx.mutantIs('quota-reclaim-ignores-renewal') ? Number.MAX_SAFE_INTEGER : ctx.nowNs);
    if (amount === 0) return;
    ctx.event({ kind: 'LeaseExpired', account, resource, node: holder, side: 'ledger', amount });
    this.persist(ctx, ledger);
    if (!holders(ledger).has(holder)) this.heard(ctx, ledger, holder);
  }

  private onLedgerCall(ctx: StepContext, from: NodeId, message: Extract<QuotaMessage, { t: 'ledger-call' }>): void {
    const answer = (result: LedgerCallResult) => this.send(ctx, from, { t: 'ledger-answer', callId: message.callId, result });
    const ledger = this.ledgers.get(message.account);
    if (ledger === undefined) return answer({ kind: 'error', code: 'forbidden', text: `node ${this.node} keeps no account '${message.account}'` });
    const call = message.call;
    const verdict = (right: Right) => (ctx.mutantIs('capability-check-skipped') ? { kind: 'permitted' as const } : permits(KEY, call.cap, ledger.account, ledger.epoch, right));
    const forbidden = (text: string, right: Right): void => {
      ctx.event({ kind: 'Rejected', account: ledger.account, node: this.node, code: 'forbidden', right });
      answer({ kind: 'error', code: 'forbidden', text });
    };
    switch (call.kind) {
      case 'usage': {
        // The `capability-usage-ignores-revocation` bug checks a read against the epoch the capability carries.
        const v = ctx.mutantIs('capability-usage-ignores-revocation') ? permits(KEY, call.cap, ledger.account, call.cap.epoch, 'read') : verdict('read');
        if (v.kind === 'forbidden') return forbidden(v.text, 'read');
        return answer({ kind: 'ok', value: { quotas: ledger.quotas, leased: leasedTotals(ledger) } });
      }
      case 'confirm': {
        const v = verdict(call.right);
        return v.kind === 'forbidden' ? forbidden(v.text, call.right) : answer({ kind: 'ok', value: {} });
      }
      case 'derive': {
        // The bug checks a capability against its own epoch and hands on one of the current epoch.
        const stale = ctx.mutantIs('capability-derive-refreshes-epoch') && call.cap.epoch < ledger.epoch ? derive(KEY, call.cap, call.rights, call.cap.epoch) : undefined;
        const derived = stale !== undefined && 'check' in stale ? mint(KEY, stale.port, stale.object, stale.rights, ledger.epoch)
          : ctx.mutantIs('capability-derive-amplifies') && authentic(KEY, call.cap) ? mint(KEY, call.cap.port, call.cap.object, call.rights, call.cap.epoch) : derive(KEY, call.cap, call.rights, ledger.epoch);
        if (!('check' in derived)) return forbidden(derived.text, 'grant');
        ctx.event({ kind: 'CapabilityDerived', object: ledger.account, rights: derived.rights });
        return answer({ kind: 'ok', value: { capability: derived } });
      }
      case 'revoke': {
        // Call ids are unique per caller only: a copy is the same call from the same node.
        const done = this.revoked.get(ledger.account);
        if (done?.answered.some((a) => (a.node === from || ctx.mutantIs('capability-revoke-copy-by-call-id')) && a.callId === message.callId)) return answer(done.result);
        // Joining a revocation in progress hands out its new root: only the old root may.
        const pending = this.revocations.get(ledger.account);
        if (pending !== undefined && isRoot(call.cap) && permits(KEY, call.cap, ledger.account, pending.epoch - 1, 'grant').kind === 'permitted') {
          pending.answerTo.push({ node: from, callId: message.callId });
          return;
        }
        const v = verdict('grant');
        if (v.kind === 'forbidden') return forbidden(v.text, 'grant');
        if (!isRoot(call.cap)) return forbidden('only the capability with every right may revoke', 'grant');
        ledger.epoch += 1;
        this.persist(ctx, ledger);
        ctx.event({ kind: 'CapabilityRevoked', object: ledger.account, epoch: ledger.epoch });
        const revocation: Revocation = {
          epoch: ledger.epoch,
          waitingFor: ctx.mutantIs('capability-revoke-without-waiting') ? new Set() : holders(ledger),
          answerTo: [{ node: from, callId: message.callId }],
          result: { kind: 'ok', value: { capability: mint(KEY, this.node, ledger.account, allRights, ledger.epoch) } },
        };
        this.revocations.set(ledger.account, revocation);
        for (const holder of revocation.waitingFor) this.send(ctx, holder, { t: 'epoch', account: ledger.account, epoch: ledger.epoch });
        if (revocation.waitingFor.size > 0) ctx.setTimer(`quota/epoch/${encodeURIComponent(ledger.account)}`, this.params.retryIntervalNs);
        return this.completeRevocation(ctx, ledger.account);
      }
    }
  }

  /** `holder` knows the account's current epoch, or holds no lease of it any more. */
  private heard(ctx: StepContext, ledger: LedgerRecord, holder: NodeId): void {
    this.revocations.get(ledger.account)?.waitingFor.delete(holder);
    this.completeRevocation(ctx, ledger.account);
  }

  private completeRevocation(ctx: StepContext, account: string): void {
    const revocation = this.revocations.get(account);
    if (revocation === undefined || revocation.waitingFor.size > 0) return;
    this.revocations.delete(account);
    this.revoked.set(account, { answered: revocation.answerTo, result: revocation.result });
    for (const { node, callId } of revocation.answerTo) this.send(ctx, node, { t: 'ledger-answer', callId, result: revocation.result });
  }

  // ---- packets and timers ---------------------------------------------------------------------

  private send(ctx: StepContext, to: NodeId, body: QuotaMessage): void {
    ctx.transmit(to, { kind: 'quota', srcInc: this.incarnation, body });
  }

  onPacket(ctx: StepContext, from: NodeId, message: QuotaMessage): void {
    switch (message.t) {
      case 'lease-request':
      case 'renew':
        return this.onLeaseRequest(ctx, from, message);
      case 'lease-answer': {
        const lease = this.leases.get(leaseKey(message.account, message.resource));
        if (lease !== undefined) this.onLeaseAnswer(ctx, lease, message.seq, message.answer);
        return;
      }
      case 'ledger-call':
        return this.onLedgerCall(ctx, from, message);
      case 'ledger-answer': {
        const pending = this.calls.get(message.callId);
        if (pending === undefined) return;
        this.calls.delete(message.callId);
        return pending.answer(ctx, message.result);
      }
      case 'epoch': {
        if (!ctx.mutantIs('quota-epoch-acked-not-applied')) {
          this.epochs.set(message.account, Math.max(this.epochs.get(message.account) ?? 0, message.epoch));
          for (const lease of this.leases.values()) if (lease.account === message.account) lease.epoch = Math.max(lease.epoch, message.epoch);
        }
        return this.send(ctx, from, { t: 'epoch-ack', account: message.account, epoch: message.epoch });
      }
      case 'epoch-ack': {
        const ledger = this.ledgers.get(message.account);
        if (ledger !== undefined && (message.epoch === ledger.epoch || ctx.mutantIs('capability-epoch-ack-any-epoch'))) this.heard(ctx, ledger, from);
        return;
      }
      case 'data':
        ctx.event({ kind: 'BytesReceived', account: message.account, from, node: this.node, bytes: message.bytes });
        return;
    }
  }

  onTimer(ctx: StepContext, timerId: string): void {
    const [kind, ...rest] = timerId.split('/');
    const leaseNamed = () => this.leases.get(`${rest[0]}/${rest[1]}`);
    switch (kind) {
      case 'op': {
        for (const lease of this.leases.values()) {
          const at = lease.waiting.findIndex((w) => w.id === rest[0]);
          if (at < 0) continue;
          const [given] = lease.waiting.splice(at, 1);
          given!.answer(ctx, { kind: 'error', code: 'unavailable', text: `no lease from the ledger on node ${lease.port} within ${this.params.callTimeoutNs} ns` });
          return this.pump(ctx, lease);
        }
        return;
      }
      case 'retry': {
        const lease = leaseNamed();
        const asked = lease?.outstanding;
        if (lease === undefined || asked === undefined) return;
        if (ctx.nowNs >= asked.giveUpAtNs) {
          lease.outstanding = undefined;
          return this.resumeWaiting(ctx, lease);
        }
        this.send(ctx, lease.port, asked.message);
        return ctx.setTimer(`quota/${timerId}`, this.params.retryIntervalNs);
      }
      case 'renew': {
        const lease = leaseNamed();
        if (lease !== undefined) this.renewOrReturn(ctx, lease);
        return;
      }
      case 'expire': {
        const lease = leaseNamed();
        if (lease === undefined || ctx.mutantIs('quota-holder-ignores-expiry') || lease.expiresAtNs === 0 || ctx.nowNs < lease.expiresAtNs) return;
        this.expire(ctx, lease);
        return this.resumeWaiting(ctx, lease);
      }
      case 'reclaim':
        return this.onReclaimTimer(ctx, decodeURIComponent(rest[0]!), rest[1] as QuotaResource, decodeURIComponent(rest[2]!));
      case 'call': {
        const pending = this.calls.get(rest[0]!);
        if (pending === undefined) return;
        if (ctx.nowNs >= pending.giveUpAtNs) {
          this.calls.delete(rest[0]!);
          return pending.answer(ctx, { kind: 'error', code: 'unavailable', text: `no answer from the ledger on node ${pending.port} within ${this.params.callTimeoutNs} ns` });
        }
        this.send(ctx, pending.port, pending.message);
        return ctx.setTimer(`quota/${timerId}`, this.params.retryIntervalNs);
      }
      case 'epoch': {
        const account = decodeURIComponent(rest[0]!);
        const revocation = this.revocations.get(account);
        if (revocation === undefined) return;
        for (const holder of revocation.waitingFor) this.send(ctx, holder, { t: 'epoch', account, epoch: revocation.epoch });
        return ctx.setTimer(`quota/${timerId}`, this.params.retryIntervalNs);
      }
      case 'meter': {
        const work = this.metered.get(`${rest[0]}/${rest[1]}`);
        if (work !== undefined) this.pumpMetered(ctx, work);
        return;
      }
      default:
        return;
    }
  }
}
