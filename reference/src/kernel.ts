// One node's kernel: it owns the node's processes, link streams, name directory share and RPC
// state, and turns each input (operation, packet, timer) into effects. It has no I/O, clock or
// randomness: time is the input's timeNs and everything else comes from its inputs.
import { DEFAULT_NODE_MACHINE, type Effect, type Input, type NodeMachine, type Operation, type RunParameters } from '../../conformance/protocol/index.js';
import type { NodeId, Pid } from './ids.js';
import { canSendOnLink, emptyLinkState, learnPeerIncarnation, linkOnAck, linkOnData, linkOnTimer, linkSend, type LinkState } from './messaging/link.js';
import type { KernelFlag } from './bug-catalogue/catalogue.js';
import { directoryNode, forgetProcess, loadRegistry, lookupAtDirectory, registerAtDirectory, type RegistryState } from './naming/registry.js';
import { asKernelPacket, type KernelRequest, type KernelResponse, type LinkBody } from './packets.js';
import { choosePlacement, emptyProcessTable, homeNode, parsePid, spawnLocal, type ProcessTable } from './processes/processes.js';
import { emptyDedupTable, loadDurableDedupTable, purgeOrphans } from './rpc/dedup-table.js';
import { emptyRpcClientState, onCallTimer, onReply, startCall, type RpcClientState } from './rpc/rpc-client.js';
import { serveRequest, type RpcServerState } from './rpc/rpc-server.js';
import { StepContext, type StepCost } from './step-context.js';
import { QuotaSubsystem, isQuotaOperation } from './quotas/quota-subsystem.js';
import { reachRight, tenantAdmission, type Reach, type Requester, type Target } from './quotas/tenants.js';
import type { Capability, ErrorCode, QuotaResource } from '../../conformance/protocol/index.js';
import { dsmAttach, dsmMemoryOp, dsmOnMessage, dsmOnPeerRestarted, dsmOnTimer, dsmTimerPrefix, emptyDsmState, type DsmManager, type DsmSend, type DsmState } from './dsm/dsm.js';
import { admitMessage, newImage, nextSendSeq, type MessageBody } from './migration/image.js';
import {
  DEFAULT_MIGRATION_POLICY, accessMemory, emptyMigrationState, imageOf, knowsProcess, messageForAbsent, onMigrationControl, onMigrationPacket, onMigrationTimer, onPeerRestarted, pointerFor, startMigration,
  type MemoryAccess, type MigrationHost, type MigrationPolicy, type MigrationState, type Respond,
} from './migration/migration.js';
import { adoptServerStreams, takeServerStreams } from './rpc/dedup-table.js';

type InitInput = Extract<Input, { kind: 'init' }>;
type RunningInput = Extract<Input, { kind: 'op' | 'packet' | 'timer' }>;
type SendOp = Extract<Operation, { kind: 'send' }>;
type CallOp = Extract<Operation, { kind: 'call' }>;

export interface KernelStep {
  effects: Effect[];
  cost: StepCost;
}

/** What to do with the answer to a kernel-to-kernel request. */
type Continuation =
  | { kind: 'reply-op'; opId: number }
  | { kind: 'resolve-send'; sender: Pid }
  | { kind: 'resolve-call'; opId: number; call: CallOp }
  | { kind: 'exit-then-forget'; opId: number; pid: Pid }
  | { kind: 'forgotten'; gathering: ForgetGathering }
  /** A directory answered a lookup; a holder on another node is confirmed there before `then`. */
  | { kind: 'confirm-holder'; directory: NodeId; then: Continuation }
  /** A directory answered a register; name_taken by an unconfirmed holder is checked with its node. */
  | { kind: 'registered'; opId: number; name: string; pid: Pid }
  | { kind: 'respond'; respond: Respond };

/** An exit is answered once every directory has dropped the process's names. */
interface ForgetGathering {
  opId: number;
  waitingFor: number;
  failure: KernelResponse | undefined;
  /** Set only by the `exit-answers-before-unbind` bug, which answers before gathering. */
  answered: boolean;
}

/** A send waiting its turn behind earlier sends of the same process (per-sender FIFO). */
interface QueuedSend {
  opId: number;
  op: SendOp;
  resolvedTo: Pid | undefined;
  resolving: boolean;
}

const requestTimerPrefix = 'req/';

export class Kernel {
  private readonly processes: ProcessTable = emptyProcessTable();
  private readonly link: LinkState = emptyLinkState();
  private readonly registry: RegistryState;
  private readonly rpcClient: RpcClientState = emptyRpcClientState();
  private readonly rpcServer: RpcServerState;
  private readonly outbox = new Map<Pid, QueuedSend[]>();
  private readonly pendingRequests = new Map<string, Continuation>();
  private nextRequest = 0;
  private readonly quotas: QuotaSubsystem;
  /**
   * Processes charged to an account's processes quota here, by the capability their spawn named:
   * those running here, and one arriving by migration from its admission here until it runs here.
   */
  private readonly charged = new Map<Pid, Capability>();
  private readonly dsm: DsmState;
  private readonly migration: MigrationState;
  /**
   * A restarted node knows nothing of the processes its earlier incarnations spawned that moved
   * away. The first time something concerns such a pid it asks every peer its incarnation (a
   * peer's re-announcements, onPeerRestarted, travel on the link ahead of its answer); until each
   * has answered, what concerns such a pid waits here instead of being answered as absent
   * (spec/migration README, "Home node and location hints"). Asked lazily, so that a restart
   * concerning no such pid sends nothing more than before.
   */
  private announcements: 'not-asked' | 'asking' | 'done';
  private readonly unannounced = new Set<NodeId>();
  private readonly heldUntilAnnounced = new Map<Pid, ((ctx: StepContext) => void)[]>();
  /** What the migration subsystem may do to the rest of the kernel (migration/migration.ts). */
  private readonly migrationHost: MigrationHost = {
    isLive: (pid) => this.processes.live.has(pid),
    setLive: (pid, live) => void (live ? this.processes.live.add(pid) : this.processes.live.delete(pid)),
    linkSend: (ctx, node, body) => void linkSend(this.link, ctx, node, body),
    deliver: (ctx, message) => this.deliver(ctx, message),
    takeDedup: (ctx, pid) => ({ atMostOnce: takeServerStreams(this.rpcServer.atMostOnce, ctx, pid), exactlyOnce: takeServerStreams(this.rpcServer.exactlyOnce, ctx, pid) }),
    adoptDedup: (ctx, dedup) => {
      adoptServerStreams(this.rpcServer.atMostOnce, ctx, dedup.atMostOnce);
      adoptServerStreams(this.rpcServer.exactlyOnce, ctx, dedup.exactlyOnce);
    },
    homeNode: (pid) => homeNode(pid, this.nodes),
    requestMemory: (ctx, node, pid, access, respond) => this.request(ctx, node, { kind: 'memory', pid, ...access }, { kind: 'respond', respond }),
    chargeOf: (pid) => this.charged.get(pid),
    admitCharge: (ctx, pid, cap, answer) =>
      this.quotas.admitProcess(ctx, cap, (ctx, admission) => {
        if (admission.kind === 'admitted') this.charged.set(pid, cap);
        answer(ctx, admission.kind === 'admitted' ? undefined : `${admission.code}: ${admission.text}`);
      }),
    dropCharge: (ctx, pid) => this.dropCharge(ctx, pid),
    resumed: (ctx, pid) => {
      if (this.stopWhenResumed.delete(pid)) this.stopProcess(ctx, pid);
    },
  };
  /**
   * Processes not running here when their processes lease ran out here — frozen for a move, or
   * arriving by one — uncharged now: each stops if it runs here again (its move aborted) or arrives
   * (a commit runs one that left where it arrived, charged there).
   */
  private readonly stopWhenResumed = new Set<Pid>();

  private constructor(
    readonly node: NodeId,
    readonly nodes: readonly NodeId[],
    readonly incarnation: number,
    readonly params: RunParameters,
    readonly mutant: KernelFlag | undefined,
    durable: Record<string, unknown>,
    dsmManager: DsmManager,
    migrationPolicy: MigrationPolicy,
    machine: NodeMachine,
  ) {
    this.migration = emptyMigrationState(migrationPolicy);
    this.announcements = incarnation > 0 && nodes.length > 1 && mutant !== 'migration-restart-answers-unannounced' ? 'not-asked' : 'done';
    this.dsm = emptyDsmState(dsmManager, node, nodes, mutant === 'dsm-restart-forgets-crash' ? 0 : incarnation, durable);
    this.registry = loadRegistry(mutant === 'registry-not-reloaded' ? {} : durable);
    this.rpcServer = { atMostOnce: emptyDedupTable(false), exactlyOnce: loadDurableDedupTable(durable) };
    this.quotas = new QuotaSubsystem(node, incarnation, params, durable, (ctx, account, resource) => this.stopCharged(ctx, account, resource), machine);
  }

  /**
   * Starts (incarnation 0) or restarts a node from what it persisted, on the machine its init names
   * (a version-2 port is told it at every init, the opening one repeated; version 1: the default).
   */
  static boot(init: InitInput, mutant?: KernelFlag, dsmManager: DsmManager = 'dynamic', migrationPolicy: MigrationPolicy = DEFAULT_MIGRATION_POLICY): { kernel: Kernel; step: KernelStep } {
    const machine = init.machines?.[init.node] ?? DEFAULT_NODE_MACHINE;
    const kernel = new Kernel(init.node, init.nodes, init.incarnation, init.params, mutant, init.durable, dsmManager, migrationPolicy, machine);
    const ctx = kernel.context(init.timeNs);
    // Calls made by this node's earlier incarnations are orphans now.
    purgeOrphans(kernel.rpcServer.exactlyOnce, ctx, init.node, init.incarnation);
    kernel.quotas.boot(ctx);
    if (init.incarnation > 0) for (const peer of kernel.peers()) ctx.transmit(peer, { kind: 'hello', srcInc: init.incarnation });
    return { kernel, step: kernel.finish(ctx) };
  }

  step(input: RunningInput): KernelStep {
    const ctx = this.context(input.timeNs);
    switch (input.kind) {
      case 'op':
        this.onOperation(ctx, input.opId, input.op);
        break;
      case 'packet':
        this.onPacket(ctx, input.from, asKernelPacket(input.payload, input.from));
        break;
      case 'timer':
        this.onTimer(ctx, input.timerId);
        break;
    }
    return this.finish(ctx);
  }

  private context(nowNs: number): StepContext {
    return new StepContext(this.node, this.incarnation, nowNs, this.nodes, this.params, this.mutant);
  }

  /** Runs packets the node sent to itself, then hands back the step. */
  private finish(ctx: StepContext): KernelStep {
    for (let packet = ctx.loopback.shift(); packet !== undefined; packet = ctx.loopback.shift()) this.onPacket(ctx, this.node, packet);
    return { effects: ctx.effects, cost: ctx.cost };
  }

  private peers(): NodeId[] {
    return this.nodes.filter((n) => n !== this.node);
  }

  /** Whether `pid` is a process of an earlier incarnation of this node, unknown here, that a peer may still announce. */
  private awaitsAnnouncement(pid: Pid | undefined): boolean {
    if (pid === undefined || this.announcements === 'done') return false;
    const parsed = parsePid(pid);
    return parsed?.node === this.node && parsed.incarnation < this.incarnation && !this.processes.live.has(pid) && !knowsProcess(this.migration, pid) && !this.migration.incoming.has(pid);
  }

  /** Holds `resume` while `pid` awaits its announcement; false, and nothing held, otherwise. */
  private holdUntilAnnounced(ctx: StepContext, pid: Pid | undefined, resume: (ctx: StepContext) => void): boolean {
    if (!this.awaitsAnnouncement(pid)) return false;
    this.heldUntilAnnounced.set(pid!, [...(this.heldUntilAnnounced.get(pid!) ?? []), resume]);
    this.askForAnnouncements(ctx);
    return true;
  }

  /** Asks every peer once; one that does not answer within a kernel request's timeout (down, or cut off) is waited for no longer. */
  private askForAnnouncements(ctx: StepContext): void {
    if (this.announcements !== 'not-asked') return;
    this.announcements = 'asking';
    for (const peer of this.peers()) this.unannounced.add(peer);
    for (const peer of this.peers()) {
      this.request(ctx, peer, { kind: 'incarnation' }, {
        kind: 'respond',
        respond: (ctx) => {
          this.unannounced.delete(peer);
          if (this.unannounced.size > 0) return;
          this.announcements = 'done';
          for (const pid of [...this.heldUntilAnnounced.keys()]) this.releaseAnnounced(ctx, pid);
        },
      });
    }
  }

  /** Resumes, in order, what waited for `pid` to be announced (or for every peer to have answered). */
  private releaseAnnounced(ctx: StepContext, pid: Pid): void {
    const held = this.heldUntilAnnounced.get(pid) ?? [];
    this.heldUntilAnnounced.delete(pid);
    for (const resume of held) resume(ctx);
  }

  /**
   * False when the process's node has restarted since the process was spawned, as far as this
   * node has heard. Exits are the directories' to know (each hears of every exit before it is
   * answered); a crash only the process's own node can tell of, so a holder is confirmed there.
   */
  private incarnationLive(pid: Pid): boolean {
    const parsed = parsePid(pid);
    if (parsed === undefined || !this.nodes.includes(parsed.node)) return false;
    return parsed.incarnation >= (parsed.node === this.node ? this.incarnation : (this.link.peerIncarnation.get(parsed.node) ?? 0));
  }

  /**
   * False only when this node knows the process is gone: exited here, or its node restarted since.
   * A process that moved does not die with its home node, so its home's restart says nothing (the
   * asking kernel confirms it where it runs: confirmAlive).
   */
  private mayBeAlive(pid: Pid): boolean {
    return parsePid(pid)?.node === this.node ? this.processes.live.has(pid) || knowsProcess(this.migration, pid) : this.processes.live.has(pid) || knowsProcess(this.migration, pid) || this.incarnationLive(pid);
  }

  /**
   * Whether `pid` is alive, asked of its node: a process this node was told moved is located where
   * it runs (the request follows the hints), so neither a crash nor a restart of its home node
   * decides (spec/migration README, "Home node and location hints"); any other by its home node's
   * incarnation. An unreachable node leaves it undecided (the error).
   */
  private confirmAlive(ctx: StepContext, pid: Pid, decide: (ctx: StepContext, verdict: boolean | Extract<KernelResponse, { kind: 'error' }>) => void): void {
    if (this.holdUntilAnnounced(ctx, pid, (ctx) => this.confirmAlive(ctx, pid, decide))) return;
    const home = homeNode(pid, this.nodes)!;
    if (knowsProcess(this.migration, pid) && !ctx.mutantIs('migration-liveness-from-home')) {
      return this.request(ctx, home, { kind: 'locate', pid }, { kind: 'respond', respond: (ctx, r) => decide(ctx, r.kind === 'ok' || (r.code === 'not_found' ? false : r)) });
    }
    this.request(ctx, home, { kind: 'incarnation' }, { kind: 'respond', respond: (ctx, r) => decide(ctx, r.kind === 'error' ? r : this.incarnationLive(pid)) });
  }

  // ---- operations -----------------------------------------------------------------------------

  private onOperation(ctx: StepContext, opId: number, op: Operation): void {
    if (isQuotaOperation(op)) return this.quotas.onOperation(ctx, opId, op);
    const about = op.kind === 'exit' || op.kind === 'locate' || op.kind === 'register' || op.kind === 'read' || op.kind === 'write' ? op.pid : undefined;
    if (this.holdUntilAnnounced(ctx, about, (ctx) => this.onOperation(ctx, opId, op))) return;
    const replyOp: Continuation = { kind: 'reply-op', opId };
    switch (op.kind) {
      case 'spawn': {
        const choice = choosePlacement(op.placement, this.node, this.nodes, this.params);
        if (choice.kind === 'impossible') return ctx.fail(opId, 'bad_request', choice.text);
        return this.request(ctx, choice.node, { kind: 'spawn', ...(op.memory ? { memory: op.memory } : {}), ...(op.capability ? { capability: op.capability } : {}) }, replyOp);
      }
      case 'exit':
      case 'locate': {
        const node = homeNode(op.pid, this.nodes);
        if (node === undefined) return ctx.fail(opId, 'not_found', `'${op.pid}' is not a process identifier of this cluster`);
        if (op.kind === 'locate') return this.request(ctx, node, { kind: 'locate', pid: op.pid }, replyOp);
        return this.request(ctx, node, { kind: 'exit', pid: op.pid, ...(op.capability ? { capability: op.capability } : {}) }, { kind: 'exit-then-forget', opId, pid: op.pid });
      }
      case 'register':
        return this.admitToNamespace(ctx, { kind: 'name', name: op.name }, { capability: op.capability }, 'register', (ctx, refusal) => {
          if (refusal !== undefined) return ctx.fail(opId, refusal.code, refusal.text);
          // The directory cannot tell that a process of this node exited a moment ago (its forget may
          // still be on the way), so a process known here to be gone is refused here.
          if (homeNode(op.pid, this.nodes) === this.node && !this.processes.live.has(op.pid) && !knowsProcess(this.migration, op.pid)) return ctx.fail(opId, 'not_found', `no live process ${op.pid} to bind '${op.name}' to`);
          this.request(ctx, directoryNode(op.name, this.nodes), { kind: 'register', name: op.name, pid: op.pid }, { kind: 'registered', opId, name: op.name, pid: op.pid });
        });
      case 'lookup':
        return this.admitToNamespace(ctx, { kind: 'name', name: op.name }, { capability: op.capability }, 'lookup', (ctx, refusal) =>
          refusal !== undefined ? ctx.fail(opId, refusal.code, refusal.text) : this.lookupLive(ctx, op.name, replyOp),
        );
      case 'send': {
        if (!this.processes.live.has(op.from)) return ctx.fail(opId, 'not_found', `sender ${op.from} does not run on node ${this.node}; issue send at the sender's node`);
        const queue = this.outbox.get(op.from) ?? [];
        this.outbox.set(op.from, queue);
        // The bug: a send to a pid overtakes the sender's earlier sends still waiting for a lookup.
        if (op.to.kind === 'pid' && ctx.mutantIs('send-to-pid-skips-queue')) return this.sendMessage(ctx, opId, op, op.to.pid);
        queue.push({ opId, op, resolvedTo: op.to.kind === 'pid' ? op.to.pid : undefined, resolving: false });
        return this.pumpOutbox(ctx, op.from);
      }
      case 'call': {
        if (!this.processes.live.has(op.from)) return ctx.fail(opId, 'not_found', `client ${op.from} does not run on node ${this.node}; issue call at the client's node`);
        const to = op.to;
        if (to.kind === 'name') {
          return this.admitToNamespace(ctx, { kind: 'name', name: to.name }, this.requester(op.from, op.capability), 'call', (ctx, refusal) =>
            refusal !== undefined ? ctx.fail(opId, refusal.code, refusal.text) : this.lookupLive(ctx, to.name, { kind: 'resolve-call', opId, call: op }),
          );
        }
        return this.startCallTo(ctx, opId, op, to.pid);
      }
      case 'attach':
        if (!this.processes.live.has(op.pid)) return dsmAttach(this.dsm, ctx, opId, op, false);
        return this.admitToNamespace(ctx, { kind: 'segment', segment: op.segment }, this.requester(op.pid, op.capability), 'attach', (ctx, refusal) =>
          refusal !== undefined ? ctx.fail(opId, refusal.code, refusal.text) : dsmAttach(this.dsm, ctx, opId, op, this.processes.live.has(op.pid)),
        );
      case 'load':
      case 'store':
        if (!this.processes.live.has(op.pid)) return ctx.fail(opId, 'not_found', `process ${op.pid} does not run on node ${this.node}; issue ${op.kind} where it runs`);
        return dsmMemoryOp(this.dsm, ctx, this.dsmSend(ctx), opId, op);
      case 'migrate': {
        const refusal = this.processes.live.has(op.pid) ? this.tenantRefusal(ctx, op.pid, { capability: op.capability }, 'migrate') : undefined;
        if (refusal !== undefined) return ctx.fail(opId, 'forbidden', refusal);
        return startMigration(this.migration, this.migrationHost, ctx, opId, op);
      }
      case 'read':
      case 'write': {
        const access: MemoryAccess = { page: op.page, ...(op.kind === 'write' ? { write: { value: op.value } } : {}) };
        return this.accessMemoryAnywhere(ctx, op.pid, access, op.capability, (ctx, response) => this.resume(ctx, replyOp, response));
      }
    }
  }

  /** DSM messages travel on the reliable link, like kernel requests (re-sent to a restarted peer). */
  private dsmSend(ctx: StepContext): DsmSend {
    return (to, message) => void linkSend(this.link, ctx, to, { kind: 'dsm', message });

  }

  /**
   * A memory access served where the process runs: here, along this node's pointer or hint, else
   * asked of its home, which passes it on along its pointer, as a send or locate is (a node restarted
   * and not yet told where the process runs must not answer not_found for it: spec/migration README).
   */
  private accessMemoryAnywhere(ctx: StepContext, pid: Pid, access: MemoryAccess, capability: Capability | undefined, respond: Respond): void {
    // The `migration-memory-answered-without-hint` bug answers here when this node knows no pointer.
    const next = ctx.mutantIs('migration-memory-answered-without-hint') ? pointerFor(this.migration, this.migrationHost, pid) : homeNode(pid, this.nodes);
    if (next === undefined) return this.accessMemoryHere(ctx, pid, access, capability, respond);
    this.request(ctx, next, { kind: 'memory', pid, ...access, ...(capability ? { capability } : {}) }, { kind: 'respond', respond });
  }

  /** A memory access where the process is (or was frozen): admitted for tenant isolation first. */
  private accessMemoryHere(ctx: StepContext, pid: Pid, access: MemoryAccess, capability: Capability | undefined, respond: Respond): void {
    const refusal = this.tenantRefusal(ctx, pid, { capability }, access.write === undefined ? 'read' : 'write');
    if (refusal !== undefined) return respond(ctx, { kind: 'error', code: 'forbidden', text: refusal });
    accessMemory(this.migration, this.migrationHost, ctx, pid, { page: access.page, ...(access.write ? { write: access.write } : {}) }, respond);
  }

  private startCallTo(ctx: StepContext, opId: number, op: CallOp, server: Pid): void {
    // Where the server went last as far as this node knows, so a call to a process that moved does not depend on its home node.
    const serverNode = ctx.mutantIs('migration-calls-via-home') ? homeNode(server, this.nodes) : this.whereToFind(server);
    if (serverNode === undefined) return ctx.fail(opId, 'not_found', `'${server}' is not a process identifier of this cluster`);
    // A server spawned by a later incarnation than this node has heard of proves its node restarted before the call began.
    const spawnedBy = parsePid(server);
    const heardOf = serverNode === this.node ? this.incarnation : (this.link.peerIncarnation.get(serverNode) ?? 0);
    const serverInc = spawnedBy?.node === serverNode ? Math.max(heardOf, spawnedBy.incarnation) : heardOf;
    const asker = this.requester(op.from, op.capability);
    startCall(this.rpcClient, ctx, { opId, callId: op.callId, client: op.from, server, serverNode, semantics: op.semantics, args: op.args, serverInc, ...(Object.keys(asker).length > 0 ? { asker } : {}) });
  }

  /** Sends queued messages of `sender` in order; a send to a name waits for its lookup. */
  private pumpOutbox(ctx: StepContext, sender: Pid): void {
    const queue = this.outbox.get(sender);
    for (let head = queue?.[0]; queue !== undefined && head !== undefined; head = queue[0]) {
      if (head.resolving) return;
      if (head.resolvedTo === undefined && head.op.to.kind === 'name') {
        head.resolving = true;
        const name = head.op.to.name;
        // The continuation pumps this queue again (at once if the directory is local).
        return this.admitToNamespace(ctx, { kind: 'name', name }, this.requester(sender, head.op.capability), 'message', (ctx, refusal) =>
          refusal !== undefined ? this.resume(ctx, { kind: 'resolve-send', sender }, { kind: 'error', ...refusal }) : this.lookupLive(ctx, name, { kind: 'resolve-send', sender }),
        );
      }
      queue.shift();
      if (head.resolvedTo !== undefined) this.sendMessage(ctx, head.opId, head.op, head.resolvedTo);
    }
    if (queue?.length === 0) this.outbox.delete(sender);
  }

  private sendMessage(ctx: StepContext, opId: number, op: SendOp, to: Pid): void {
    const node = this.whereToFind(to);
    if (node === undefined) return ctx.fail(opId, 'not_found', `'${to}' is not a process identifier of this cluster`);
    if (node !== this.node && !canSendOnLink(this.link, node)) {
      return ctx.fail(opId, 'unavailable', `node ${node} has not acknowledged earlier messages; it is unreachable`);
    }
    ctx.event({ kind: 'Sent', msgId: op.msgId, from: op.from, to });
    const message: LinkBody = {
      kind: 'message', msgId: op.msgId, from: op.from, to, body: op.body, pseq: nextSendSeq(imageOf(this.migration, op.from), to), ...this.requester(op.from, op.capability),
    };
    if (node === this.node) this.deliver(ctx, message);
    else linkSend(this.link, ctx, node, message);
    ctx.reply(opId, {});
  }

  private deliver(ctx: StepContext, message: MessageBody): void {
    if (this.holdUntilAnnounced(ctx, message.to, (ctx) => this.deliver(ctx, message))) return;
    // A message to a process that exited or died in a crash is dropped (PROTOCOL.md, exit); one
    // that moved is forwarded (migration/migration.ts).
    if (!this.processes.live.has(message.to)) return messageForAbsent(this.migration, this.migrationHost, ctx, message);
    for (const m of admitMessage(imageOf(this.migration, message.to), message, ctx.mutantIs('migration-reassembly-ignores-sender'))) {
      const refusal = this.tenantRefusal(ctx, m.to, { tenant: m.tenant, capability: m.capability }, 'message');
      if (refusal !== undefined) ctx.event({ kind: 'Dropped', msgId: m.msgId, at: this.node, reason: `forbidden: ${refusal}` });
      else ctx.event({ kind: 'Delivered', msgId: m.msgId, from: m.from, to: m.to, body: m.body });
    }
  }

  /** Tenant isolation's one admission point (quotas/tenants.ts) for a process that runs here: why `requester` may not reach it, or undefined. */
  private tenantRefusal(ctx: StepContext, pid: Pid, requester: Requester, reach: Reach): string | undefined {
    const admission = tenantAdmission(ctx, (cap, right) => this.quotas.verdictHere(ctx, cap, right), this.processTarget(pid), requester, reach);
    return admission.kind === 'refused' ? admission.text : undefined;
  }

  /**
   * The same decision for a name or segment, where the request enters: a capability that passes
   * here is confirmed by its account's ledger, since this node may hold none of the account's
   * leases and so may not have heard of a revocation. `then` gets the refusal, or nothing.
   */
  private admitToNamespace(ctx: StepContext, target: Target, requester: Requester, reach: Reach, then: (ctx: StepContext, refusal?: { code: ErrorCode; text: string }) => void): void {
    const admission = tenantAdmission(ctx, (cap, right) => this.quotas.verdictHere(ctx, cap, right), target, requester, reach);
    if (admission.kind === 'refused') return then(ctx, { code: 'forbidden', text: admission.text });
    if (admission.by === undefined) return then(ctx);
    this.quotas.confirm(ctx, admission.by, reachRight[reach], (ctx, result) => then(ctx, result.kind === 'ok' ? undefined : result));
  }

  /** A process as a target of admission: whose it is is known only where it runs (or is frozen, or arrives). */
  private processTarget(pid: Pid): Target {
    return { kind: 'process', pid, account: this.charged.get(pid)?.object };
  }

  /** A process of this node asking (a send, a call, an attach): its account, stamped here, and the capability it presents. */
  private requester(pid: Pid, capability: Capability | undefined): Requester {
    const tenant = this.charged.get(pid)?.object;
    return { ...(tenant !== undefined ? { tenant } : {}), ...(capability !== undefined ? { capability } : {}) };
  }

  // ---- kernel-to-kernel requests ------------------------------------------------------------

  /**
   * Looks a name up at its directory and has a holder on another node confirmed by that node
   * (Messaging.tla NamesHeldByLive: a process lost in a crash holds no name). The bug
   * `lookup-returns-crashed-process` trusts the directory.
   */
  private lookupLive(ctx: StepContext, name: string, then: Continuation): void {
    const directory = directoryNode(name, this.nodes);
    this.request(ctx, directory, { kind: 'lookup', name }, ctx.mutantIs('lookup-returns-crashed-process') ? then : { kind: 'confirm-holder', directory, then });
  }

  /** Asks node `node`'s kernel (this one directly, others over the reliable link). */
  /**
   * The node to send to about `pid`: this one while it runs or is frozen here (a process that moved
   * here must not be reached through its home, which may be down), where it went last as far as
   * this node knows, else its home.
   */
  private whereToFind(pid: Pid): NodeId | undefined {
    const here = this.processes.live.has(pid) || this.migration.outgoing.get(pid)?.phase === 'frozen';
    if (here) return this.node;
    return pointerFor(this.migration, this.migrationHost, pid) ?? homeNode(pid, this.nodes);
  }

  private request(ctx: StepContext, node: NodeId, request: KernelRequest, then: Continuation): void {
    const about = requestPid(request);
    if (about !== undefined) node = this.whereToFind(about) ?? node;
    if (node === this.node) return this.serve(ctx, request, (ctx, response) => this.resume(ctx, then, response));
    if (!canSendOnLink(this.link, node)) {
      return this.resume(ctx, then, { kind: 'error', code: 'unavailable', text: `node ${node} has not acknowledged earlier requests; it is unreachable` });
    }
    // The `request-id-restarts-at-boot` bug numbers requests without the incarnation, so they repeat after a restart.
    const requestId = ctx.mutantIs('request-id-restarts-at-boot') ? String(this.nextRequest++) : `${this.incarnation}.${this.nextRequest++}`;
    this.pendingRequests.set(requestId, then);
    linkSend(this.link, ctx, node, { kind: 'request', requestId, request });
    ctx.setTimer(requestTimerPrefix + requestId, this.params.callTimeoutNs);
  }

  /** Serves a request here: at once, or once a memory access or a charged spawn's admission is done. */
  private serve(ctx: StepContext, request: KernelRequest, respond: Respond): void {
    const named = request.kind === 'lookup' || request.kind === 'register' ? [this.registry.bindings.get(request.name), request.kind === 'register' ? request.pid : undefined] : [];
    if ([requestPid(request), ...named].some((pid) => this.holdUntilAnnounced(ctx, pid, (ctx) => this.serve(ctx, request, respond)))) return;
    if (request.kind === 'memory') return this.accessMemoryHere(ctx, request.pid, request, request.capability, respond);
    if (request.kind === 'spawn' && request.capability !== undefined && !ctx.mutantIs('quota-spawn-uncharged')) return this.spawnCharged(ctx, request, request.capability, respond);
    respond(ctx, this.serveKernelRequest(ctx, request));
  }

  /** A spawn charged to an account: one unit of its processes quota admitted here first (quota_exceeded, forbidden). */
  private spawnCharged(ctx: StepContext, request: KernelRequest, cap: Capability, respond: Respond): void {
    this.quotas.admitProcess(ctx, cap, (ctx, admission) => {
      if (admission.kind === 'error') return respond(ctx, { kind: 'error', code: admission.code, text: admission.text });
      const response = this.serveKernelRequest(ctx, request);
      if (response.kind === 'ok') this.charged.set(String(response.value.pid), cap);
      respond(ctx, response);
    });
  }

  /**
   * The account's processes lease ran out here (Quotas.tla HolderExpired): the processes charged
   * to it stop, as at an exit, and every directory forgets their names.
   */
  private stopCharged(ctx: StepContext, account: string, resource: QuotaResource): void {
    if (resource !== 'processes') return;
    for (const [pid, chargedTo] of this.charged) {
      if (chargedTo.object !== account) continue;
      this.charged.delete(pid);
      if (this.processes.live.has(pid)) this.stopProcess(ctx, pid);
      else if ((this.migration.outgoing.get(pid)?.phase === 'frozen' || this.migration.incoming.has(pid)) && !ctx.mutantIs('quota-frozen-expiry-ignored')) this.stopWhenResumed.add(pid);
    }
  }

  /** Stops a process here as its exit would, and has every directory forget its names. */
  private stopProcess(ctx: StepContext, pid: Pid): void {
    this.processes.live.delete(pid);
    this.stopped(ctx, pid);
    for (const node of this.nodes) this.request(ctx, node, { kind: 'forget', pid }, { kind: 'respond', respond: () => {} });
  }

  /** The process's unit, if it is charged here, goes back to this node's lease: it exited, or left, or never arrived. */
  private dropCharge(ctx: StepContext, pid: Pid): void {
    this.stopWhenResumed.delete(pid);
    const cap = this.charged.get(pid);
    if (cap === undefined) return;
    this.charged.delete(pid);
    this.quotas.releaseProcess(ctx, cap.object);
  }

  /** A process stopped here: sends still waiting for a name lookup will never leave, each operation still gets its answer. */
  private stopped(ctx: StepContext, pid: Pid): void {
    if (!ctx.mutantIs('exit-keeps-queued-sends')) {
      for (const queued of this.outbox.get(pid) ?? []) ctx.fail(queued.opId, 'not_found', `sender ${pid} exited before the message was sent`);
      this.outbox.delete(pid);
    }
    ctx.event({ kind: 'Exited', pid });
  }

  private serveKernelRequest(ctx: StepContext, request: KernelRequest): KernelResponse {
    const mayBeAlive = (pid: Pid) => this.mayBeAlive(pid);
    switch (request.kind) {
      case 'spawn': {
        const pid = spawnLocal(this.processes, this.node, ctx.mutantIs('pids-reused-after-restart') ? 0 : this.incarnation);
        this.migration.images.set(pid, newImage(request.memory));
        ctx.event({ kind: 'Spawned', pid, node: this.node });
        return { kind: 'ok', value: { pid, node: this.node } };
      }
      case 'exit': {
        if (this.migration.outgoing.get(request.pid)?.phase === 'frozen') return { kind: 'error', code: 'migration_in_progress', text: `${request.pid} is frozen for a migration; exit it once it runs again` };
        const refusal = this.processes.live.has(request.pid) ? this.tenantRefusal(ctx, request.pid, { capability: request.capability }, 'exit') : undefined;
        if (refusal !== undefined) return { kind: 'error', code: 'forbidden', text: refusal };
        const stopped = ctx.mutantIs('exit-leaves-process-running') ? this.processes.live.has(request.pid) : this.processes.live.delete(request.pid);
        if (!stopped) return { kind: 'error', code: 'not_found', text: `no process ${request.pid} on node ${this.node}` };
        this.stopped(ctx, request.pid);
        if (!ctx.mutantIs('quota-exit-not-refunded')) this.dropCharge(ctx, request.pid);
        return { kind: 'ok', value: {} };
      }
      case 'forget':
        forgetProcess(this.registry, ctx, request.pid);
        return { kind: 'ok', value: {} };
      case 'memory':
        throw new Error('memory requests are answered by accessMemory, possibly later (serve)');
      case 'locate':
        return this.processes.live.has(request.pid) || knowsProcess(this.migration, request.pid) || (ctx.mutantIs('locate-answers-exited') && homeNode(request.pid, this.nodes) === this.node)
          ? { kind: 'ok', value: { node: this.node, zone: this.params.zones[this.node] ?? '' } }
          : { kind: 'error', code: 'not_found', text: `no process ${request.pid} on node ${this.node}` };
      case 'register':
        return registerAtDirectory(this.registry, ctx, request.name, request.pid, mayBeAlive, request.replacing);
      case 'lookup':
        return lookupAtDirectory(this.registry, ctx, request.name, mayBeAlive);
      case 'incarnation':
        return { kind: 'ok', value: { incarnation: this.incarnation } };
    }
  }

  private resume(ctx: StepContext, then: Continuation, response: KernelResponse): void {
    switch (then.kind) {
      case 'reply-op':
        if (response.kind === 'ok') ctx.reply(then.opId, response.value);
        else ctx.fail(then.opId, response.code, response.text);
        return;
      case 'resolve-send': {
        const head = this.outbox.get(then.sender)?.[0];
        if (head === undefined) return; // the sender exited meanwhile
        head.resolving = false;
        if (response.kind === 'ok') head.resolvedTo = String(response.value.pid);
        else {
          this.outbox.get(then.sender)!.shift();
          ctx.fail(head.opId, response.code, response.text);
          if (ctx.mutantIs('failed-lookup-stalls-outbox')) return; // the bug: the sends queued behind it are not woken
        }
        return this.pumpOutbox(ctx, then.sender);
      }
      case 'resolve-call':
        if (response.kind === 'ok') return this.startCallTo(ctx, then.opId, then.call, String(response.value.pid));
        return ctx.fail(then.opId, response.code, response.text);
      case 'exit-then-forget': {
        if (response.kind === 'error') return ctx.fail(then.opId, response.code, response.text);
        const directories = ctx.mutantIs('exit-forgets-locally') ? [this.node] : this.nodes;
        const gathering: ForgetGathering = { opId: then.opId, waitingFor: directories.length, failure: undefined, answered: ctx.mutantIs('exit-answers-before-unbind') };
        if (gathering.answered) ctx.reply(then.opId, {});
        for (const node of directories) this.request(ctx, node, { kind: 'forget', pid: then.pid }, { kind: 'forgotten', gathering });
        return;
      }
      case 'respond':
        return then.respond(ctx, response);
      case 'forgotten': {
        const gathering = then.gathering;
        if (response.kind === 'error') gathering.failure = response;
        if (--gathering.waitingFor > 0 || gathering.answered) return;
        if (gathering.failure?.kind === 'error') {
          // The process has exited; only the unbinding of its names is in doubt.
          return ctx.fail(gathering.opId, 'unavailable', `process exited, but a directory did not confirm dropping its names: ${gathering.failure.text}`);
        }
        return ctx.reply(gathering.opId, {});
      }
      case 'confirm-holder': {
        if (response.kind === 'error') return this.resume(ctx, then.then, response);
        const pid = String(response.value.pid);
        const node = homeNode(pid, this.nodes);
        // The directory vouches for its own node's processes.
        if (node === undefined || node === then.directory) return this.resume(ctx, then.then, response);
        return this.confirmAlive(ctx, pid, (ctx, alive) => {
          if (alive === true) return this.resume(ctx, then.then, { kind: 'ok', value: { pid } });
          if (alive === false) return this.resume(ctx, then.then, { kind: 'error', code: 'not_found', text: `the process registered, ${pid}, was lost in a crash of its node` });
          this.resume(ctx, then.then, { kind: 'error', code: 'unavailable', text: `cannot confirm that ${pid} is alive: ${alive.text}` });
        });
      }
      case 'registered': {
        const holder = response.kind === 'error' ? response.holder : undefined;
        if (holder === undefined) return this.resume(ctx, { kind: 'reply-op', opId: then.opId }, response);
        return this.confirmAlive(ctx, holder, (ctx, alive) => {
          if (alive === true) return ctx.fail(then.opId, 'name_taken', `'${then.name}' is bound to live process ${holder}`);
          if (alive !== false) return ctx.fail(then.opId, 'unavailable', `'${then.name}' is bound to ${holder}, whose node does not answer: it may be alive (${alive.text})`);
          const retry: KernelRequest = { kind: 'register', name: then.name, pid: then.pid, replacing: holder };
          this.request(ctx, directoryNode(then.name, this.nodes), retry, { kind: 'registered', opId: then.opId, name: then.name, pid: then.pid });
        });
      }
    }
  }

  // ---- network and timers ---------------------------------------------------------------------

  private onPacket(ctx: StepContext, from: NodeId, packet: ReturnType<typeof asKernelPacket>): void {
    // The `hello-ignored` bug learns a peer's restart from any packet but the hello that announces it.
    if (from !== this.node && !(packet.kind === 'hello' && ctx.mutantIs('hello-ignored'))) this.learnIncarnation(ctx, from, packet.srcInc);
    switch (packet.kind) {
      case 'link-data':
        for (const body of linkOnData(this.link, ctx, from, packet)) this.onLinkBody(ctx, from, body);
        return;
      case 'link-ack':
        return linkOnAck(this.link, ctx, from, packet);
      case 'hello':
        return;
      case 'direct':
        return this.onLinkBody(ctx, from, packet.body);
      case 'rpc-request': {
        const clientNode = packet.via ?? from;
        // A server that is frozen, or on its way here (the request overtook the commit), answers
        // nothing: the client retries. One that left is followed.
        if (this.holdUntilAnnounced(ctx, packet.server, (ctx) => this.onPacket(ctx, from, packet))) return;
        if (this.migration.outgoing.get(packet.server)?.phase === 'frozen' || this.migration.incoming.has(packet.server)) return;
        const next = pointerFor(this.migration, this.migrationHost, packet.server);
        if (next !== undefined) return ctx.transmit(next, { ...packet, via: clientNode, serverIncSeen: this.link.peerIncarnation.get(next) ?? 0 });
        const clientNodeInc = clientNode === this.node ? this.incarnation : (this.link.peerIncarnation.get(clientNode) ?? 0);
        const refusal = this.processes.live.has(packet.server) && packet.srcInc >= clientNodeInc ? this.tenantRefusal(ctx, packet.server, packet.asker ?? {}, 'call') : undefined;
        if (refusal !== undefined) {
          // A retransmission may follow a copy that executed before a revocation: then the refusal is not definite.
          const code = packet.attempt === 1 ? 'forbidden' : 'unavailable';
          return ctx.transmit(clientNode, { kind: 'rpc-reply', srcInc: this.incarnation, callId: packet.callId, client: packet.client, server: packet.server, seq: packet.seq, outcome: { kind: 'error', code, text: refusal } });
        }
        return serveRequest(this.rpcServer, ctx, clientNode, packet, (pid) => this.processes.live.has(pid), clientNodeInc);
      }
      case 'migration':
        return onMigrationPacket(this.migration, this.migrationHost, ctx, from, packet.packet);
      case 'rpc-reply':
        return onReply(this.rpcClient, ctx, packet);
      case 'quota':
        return this.quotas.onPacket(ctx, from, packet.body);
    }
  }

  private learnIncarnation(ctx: StepContext, peer: NodeId, inc: number): void {
    if (inc <= (this.link.peerIncarnation.get(peer) ?? 0)) return;
    learnPeerIncarnation(this.link, ctx, peer, inc);
    purgeOrphans(this.rpcServer.atMostOnce, ctx, peer, inc);
    purgeOrphans(this.rpcServer.exactlyOnce, ctx, peer, inc);
    onPeerRestarted(this.migration, this.migrationHost, ctx, peer);
    dsmOnPeerRestarted(this.dsm, ctx, this.dsmSend(ctx), peer);
  }

  private onLinkBody(ctx: StepContext, from: NodeId, body: LinkBody): void {
    switch (body.kind) {
      case 'message':
        return this.deliver(ctx, body);
      case 'request': {
        const replyTo = body.replyTo ?? from;
        const about = requestPid(body.request);
        // The `migration-locate-answered-by-pointer` bug answers a locate where a pointer is, instead of following it.
        const next = about === undefined || (body.request.kind === 'locate' && ctx.mutantIs('migration-locate-answered-by-pointer')) ? undefined : pointerFor(this.migration, this.migrationHost, about);
        // Passed on after a process that left; the answer goes straight back to the asking node.
        if (next !== undefined) return void linkSend(this.link, ctx, next, { ...body, replyTo });
        const respond: Respond = (ctx, response) => void linkSend(this.link, ctx, replyTo, { kind: 'response', requestId: body.requestId, response });
        return this.serve(ctx, body.request, respond);
      }
      case 'migration':
        onMigrationControl(this.migration, this.migrationHost, ctx, body.control);
        if (body.control.t === 'moved') this.releaseAnnounced(ctx, body.control.pid);
        return;
      case 'dsm':
        return dsmOnMessage(this.dsm, ctx, this.dsmSend(ctx), from, body.message);
      case 'response': {
        const then = this.pendingRequests.get(body.requestId);
        if (then === undefined) return; // answered after its timeout
        this.pendingRequests.delete(body.requestId);
        return this.resume(ctx, then, body.response);
      }
    }
  }

  private onTimer(ctx: StepContext, timerId: string): void {
    const slash = timerId.indexOf('/');
    const [prefix, rest] = [timerId.slice(0, slash + 1), timerId.slice(slash + 1)];
    switch (prefix) {
      case 'link/':
        return linkOnTimer(this.link, ctx, rest);
      case 'rpc/':
        return onCallTimer(this.rpcClient, ctx, rest);
      case 'quota/':
        return this.quotas.onTimer(ctx, rest);
      case dsmTimerPrefix:
        return dsmOnTimer(this.dsm, ctx, this.dsmSend(ctx), timerId);
      case 'mig/':
        return onMigrationTimer(this.migration, this.migrationHost, ctx, rest);
      case requestTimerPrefix: {
        const then = this.pendingRequests.get(rest);
        if (then === undefined) return;
        if (!ctx.mutantIs('late-kernel-response-resumes-again')) this.pendingRequests.delete(rest);
        // The `request-timeout-answered-not-found` bug reports a kernel that did not answer as an answer of absence (definite).
        return this.resume(ctx, then, { kind: 'error', code: ctx.mutantIs('request-timeout-answered-not-found') ? 'not_found' : 'unavailable', text: `no answer from the kernel asked within ${this.params.callTimeoutNs} ns` });
      }
      default:
        return; // timers are never cancelled; an unknown one is stale (PROTOCOL.md)
    }
  }
}

/** The process a kernel request is about, when it must be served where that process runs. */
function requestPid(request: KernelRequest): Pid | undefined {
  switch (request.kind) {
    case 'exit':
    case 'locate':
    case 'memory':
      return request.pid;
    default:
      return undefined;
  }
}
