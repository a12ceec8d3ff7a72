// Discrete-event simulation of the IX paper's echo benchmark on the engine (../engine): client
// machines keep one request outstanding per connection; packets cross NIC ports at line rate; each
// host's hardware threads process them in rounds whose CPU cost comes from ../stacks.
import { Simulator, type Component, type SimEvent } from '../engine/simulator.js';
import {
  maxMessagesPerRound,
  packetsPerMessage,
  roundCostNs,
  roundGateNs,
  type RoundWork,
} from '../stacks/round-cost.js';
import type { MemoryParams, StackParams } from '../stacks/stack-params.js';

/** Ethernet + IPv4 + TCP (no options) + FCS + preamble + inter-frame gap bytes per frame on the wire. */
export const frameOverheadBytes = 78;
/** A control frame (SYN, SYN-ACK, RST) on the wire: minimum frame plus preamble and gap. */
export const controlFrameBytes = 84;

export interface EchoHostSpec {
  /** Hardware threads that run the stack (hyperthreads count as threads). */
  hyperthreads: number;
  /** NIC ports (4x10GbE: 4 ports bonded with an L3+L4 hash); each has one queue per thread. */
  ports: number;
  portBitsPerSec: number;
  stack: StackParams;
  memory: MemoryParams;
}

export interface EchoExperiment {
  server: EchoHostSpec;
  client: EchoHostSpec;
  clientMachines: number;
  /** One-way latency through cables and the switch, excluding serialization. */
  wireLatencyNs: number;
  connections: number;
  messageBytes: number;
  /** Round trips per connection before the client closes it and opens another; Infinity keeps it open. */
  roundTrips: number;
  seed: number;
  /** Echoes delivered to clients before measuring starts, and echoes measured. */
  warmupMessages: number;
  measuredMessages: number;
}

export interface EchoResult {
  messagesPerSec: number;
  /** Mean messages per server round over the measured window (the adaptive batch size for IX). */
  meanServerBatch: number;
  /** Largest server round over the whole run (never above the stack's bound). */
  maxServerBatch: number;
  /** Engine events handled, for speed measurements. */
  events: number;
}

const nsPerSec = 1e9;

interface Connection {
  clientHost: number;
  clientThread: number;
  serverThread: number;
  serverPort: number;
  roundTripsLeft: number;
  opening: boolean;
}

interface Queue {
  thread: number;
  items: number[];
  head: number;
  lastRoundStartNs: number;
  gatePending: boolean;
}

interface Thread {
  busy: boolean;
  lastEndNs: number;
  queues: number[];
  nextQueue: number;
  batch: number[];
}

/**
 * A NIC port's two directions. Times are kept fractional so that line rate is exact (a 142-byte
 * frame lasts 113.6 ns at 10 Gb/s); arrivals are scheduled at the next whole nanosecond.
 */
interface Port {
  txFreeNs: number;
  rxFreeNs: number;
}

interface Host {
  index: number;
  spec: EchoHostSpec;
  isServer: boolean;
  openConnections: number;
  threads: Thread[];
  queues: Queue[];
  ports: Port[];
  maxBatch: number;
  gateNs: number;
}

type EventKind = 'arrival' | 'roundEnd' | 'gateOpen';

/** arrival: `target` is a queue index; roundEnd: a thread index; gateOpen: a queue index. */
interface EchoEventData {
  target: number;
  connection: number;
}

function makeHost(index: number, spec: EchoHostSpec, isServer: boolean, openConnections: number, messageBytes: number): Host {
  const threads: Thread[] = [];
  const queues: Queue[] = [];
  for (let t = 0; t < spec.hyperthreads; t++) threads.push({ busy: false, lastEndNs: -1, queues: [], nextQueue: 0, batch: [] });
  // Each port has one receive queue per thread, and a thread serves its queue on every port.
  for (let p = 0; p < spec.ports; p++) {
    for (let t = 0; t < spec.hyperthreads; t++) {
      threads[t]!.queues.push(queues.length);
      queues.push({ thread: t, items: [], head: 0, lastRoundStartNs: -Infinity, gatePending: false });
    }
  }
  return {
    index,
    spec,
    isServer,
    openConnections,
    threads,
    queues,
    ports: Array.from({ length: spec.ports }, () => ({ txFreeNs: 0, rxFreeNs: 0 })),
    maxBatch: maxMessagesPerRound(spec.stack, messageBytes),
    gateNs: Math.round(roundGateNs(spec.stack)),
  };
}

function queueLength(queue: Queue): number {
  return queue.items.length - queue.head;
}

function dequeue(queue: Queue): number {
  const value = queue.items[queue.head++]!;
  // Compact now and then so the array does not grow without bound.
  if (queue.head > 4096 && queue.head * 2 > queue.items.length) {
    queue.items = queue.items.slice(queue.head);
    queue.head = 0;
  }
  return value;
}

/** Runs the echo benchmark until `warmupMessages + measuredMessages` echoes have reached the clients. */
export function simulateEcho(experiment: EchoExperiment): EchoResult {
  const sim = new Simulator({ seed: experiment.seed });
  const stop = new AbortController();
  const server = makeHost(0, experiment.server, true, experiment.connections, experiment.messageBytes);
  const clientConnections = Math.ceil(experiment.connections / experiment.clientMachines);
  const hosts: Host[] = [server];
  for (let c = 0; c < experiment.clientMachines; c++) {
    hosts.push(makeHost(c + 1, experiment.client, false, clientConnections, experiment.messageBytes));
  }
  const connections: Connection[] = [];
  const churn = experiment.roundTrips !== Infinity;
  for (let i = 0; i < experiment.connections; i++) {
    // Churning connections start at a random point of their life, as in the steady state; otherwise
    // a window shorter than n round trips would see no connection open or close at all.
    const roundTripsLeft = churn ? sim.random.int(1, experiment.roundTrips) : Infinity;
    // Flow-consistent hashing (RSS, and the switch's L3+L4 bonding hash) modeled as seeded uniform draws.
    connections.push({
      clientHost: 1 + (i % experiment.clientMachines),
      clientThread: sim.random.int(0, experiment.client.hyperthreads - 1),
      serverThread: sim.random.int(0, experiment.server.hyperthreads - 1),
      serverPort: sim.random.int(0, experiment.server.ports - 1),
      roundTripsLeft,
      opening: churn && roundTripsLeft === experiment.roundTrips,
    });
  }

  const components: Component[] = hosts.map((host) => ({
    name: host.isServer ? 'server' : `client${host.index}`,
    handle: (event: SimEvent) => handle(host, event.kind as EventKind, event.data as EchoEventData),
  }));
  const schedule = (atNs: number, kind: EventKind, host: Host, data: EchoEventData) => {
    sim.scheduleAt(atNs, components[host.index]!, kind, data);
  };

  const messageWireBytes = experiment.messageBytes + packetsPerMessage(experiment.messageBytes) * frameOverheadBytes;

  /** Reserves the sender's port, then the switch port towards the receiver (FIFO), and schedules the arrival. */
  const transmit = (nowNs: number, from: Host, to: Host, connection: number, bytes: number) => {
    const conn = connections[connection]!;
    const fromPort = from.ports[from.isServer ? conn.serverPort : 0]!;
    const toPortIndex = to.isServer ? conn.serverPort : 0;
    const toPort = to.ports[toPortIndex]!;
    const txNs = (bytes * 8 * nsPerSec) / from.spec.portBitsPerSec;
    const txStart = Math.max(nowNs, fromPort.txFreeNs);
    fromPort.txFreeNs = txStart + txNs;
    const rxNs = (bytes * 8 * nsPerSec) / to.spec.portBitsPerSec;
    const rxStart = Math.max(txStart + txNs + experiment.wireLatencyNs, toPort.rxFreeNs);
    toPort.rxFreeNs = rxStart + rxNs;
    const thread = to.isServer ? conn.serverThread : conn.clientThread;
    schedule(Math.ceil(rxStart + rxNs), 'arrival', to, { target: toPortIndex * to.spec.hyperthreads + thread, connection });
  };

  const requestBytes = (conn: Connection) =>
    messageWireBytes + (conn.opening ? controlFrameBytes : 0) + (conn.roundTripsLeft === 1 ? controlFrameBytes : 0);
  const replyBytes = (conn: Connection) => messageWireBytes + (conn.opening ? controlFrameBytes : 0);

  let echoed = 0;
  let batchesMeasured = 0;
  let maxServerBatch = 0;
  let messagesInMeasuredBatches = 0;
  let windowStartNs = 0;
  let echoedAtWindowStart = 0;
  let echoedAtEnd = 0;
  const target = experiment.warmupMessages + experiment.measuredMessages;
  let endNs = 0;

  const tryStart = (host: Host, threadIndex: number, nowNs: number) => {
    const thread = host.threads[threadIndex]!;
    if (thread.busy) return;
    const stack = host.spec.stack;
    const batch = thread.batch;
    batch.length = 0;
    let queuesPolled = 1;
    if (stack.kind === 'ix') {
      // Run to completion over all of this thread's queues, up to the batch bound, round-robin.
      queuesPolled = thread.queues.length;
      let emptyInARow = 0;
      while (batch.length < host.maxBatch && emptyInARow < thread.queues.length) {
        const queue = host.queues[thread.queues[thread.nextQueue]!]!;
        thread.nextQueue = (thread.nextQueue + 1) % thread.queues.length;
        if (queueLength(queue) > 0) {
          batch.push(dequeue(queue));
          emptyInARow = 0;
        } else {
          emptyInARow++;
        }
      }
    } else {
      // One moderated interrupt serves one queue; a queue whose interrupt is not yet allowed waits.
      let earliestGateNs = Infinity;
      let earliestQueue = -1;
      for (let k = 0; k < thread.queues.length && batch.length === 0; k++) {
        const queueIndex = thread.queues[(thread.nextQueue + k) % thread.queues.length]!;
        const queue = host.queues[queueIndex]!;
        if (queueLength(queue) === 0) continue;
        const allowedNs = queue.lastRoundStartNs + host.gateNs;
        if (allowedNs <= nowNs) {
          queue.lastRoundStartNs = nowNs;
          while (batch.length < host.maxBatch && queueLength(queue) > 0) batch.push(dequeue(queue));
          thread.nextQueue = (thread.nextQueue + k + 1) % thread.queues.length;
        } else if (allowedNs < earliestGateNs) {
          earliestGateNs = allowedNs;
          earliestQueue = queueIndex;
        }
      }
      if (batch.length === 0 && earliestQueue >= 0 && !host.queues[earliestQueue]!.gatePending) {
        host.queues[earliestQueue]!.gatePending = true;
        schedule(earliestGateNs, 'gateOpen', host, { target: earliestQueue, connection: -1 });
      }
    }
    if (batch.length === 0) return;
    let opened = 0;
    let closed = 0;
    for (const c of batch) {
      const conn = connections[c]!;
      if (conn.opening) opened++;
      if (conn.roundTripsLeft === 1) closed++;
    }
    const work: RoundWork = {
      messages: batch.length,
      messageBytes: experiment.messageBytes,
      connectionsOpened: opened,
      connectionsClosed: closed,
      queuesPolled,
      threadWasIdle: nowNs > thread.lastEndNs,
      openConnections: host.openConnections,
    };
    const costNs = Math.max(1, Math.round(roundCostNs(stack, host.spec.memory, work)));
    thread.busy = true;
    schedule(nowNs + costNs, 'roundEnd', host, { target: threadIndex, connection: -1 });
  };

  const finishRound = (host: Host, threadIndex: number, nowNs: number) => {
    const thread = host.threads[threadIndex]!;
    thread.busy = false;
    thread.lastEndNs = nowNs;
    if (host.isServer) {
      maxServerBatch = Math.max(maxServerBatch, thread.batch.length);
      for (const c of thread.batch) transmit(nowNs, server, hosts[connections[c]!.clientHost]!, c, replyBytes(connections[c]!));
      if (echoed >= experiment.warmupMessages && echoed < target) {
        batchesMeasured++;
        messagesInMeasuredBatches += thread.batch.length;
      }
    } else {
      for (const c of thread.batch) {
        const conn = connections[c]!;
        conn.opening = false;
        conn.roundTripsLeft -= 1;
        if (conn.roundTripsLeft <= 0) {
          // Churn: the client closed this connection (RST sent with the last request) and opens a new one.
          conn.roundTripsLeft = experiment.roundTrips;
          conn.opening = true;
        }
        transmit(nowNs, host, server, c, requestBytes(conn));
      }
    }
    tryStart(host, threadIndex, nowNs);
  };

  /** Echoes are counted when they reach the client, so the count can never outrun the wire. */
  function countDeliveredEcho(nowNs: number): void {
    echoed++;
    if (echoed === experiment.warmupMessages) {
      windowStartNs = nowNs;
      echoedAtWindowStart = echoed;
    }
    if (echoed === target) {
      endNs = nowNs;
      echoedAtEnd = echoed;
      stop.abort();
    }
  }

  function handle(host: Host, kind: EventKind, data: EchoEventData): void {
    const nowNs = sim.nowNs;
    switch (kind) {
      case 'arrival': {
        if (!host.isServer) countDeliveredEcho(nowNs);
        const queue = host.queues[data.target]!;
        queue.items.push(data.connection);
        tryStart(host, queue.thread, nowNs);
        break;
      }
      case 'roundEnd':
        finishRound(host, data.target, nowNs);
        break;
      case 'gateOpen': {
        const queue = host.queues[data.target]!;
        queue.gatePending = false;
        tryStart(host, queue.thread, nowNs);
        break;
      }
      default: {
        const unreachable: never = kind;
        throw new Error(`unknown event kind ${String(unreachable)}`);
      }
    }
  }

  // Clients open their connections spread over the first 100 µs so they do not all arrive at once.
  const startSpreadNs = 100_000;
  for (let i = 0; i < connections.length; i++) {
    const conn = connections[i]!;
    transmit(sim.random.int(0, startSpreadNs), hosts[conn.clientHost]!, server, i, requestBytes(conn));
  }
  // The run stops within 4096 events of the target (the engine checks the signal that often);
  // the window is measured up to the exact instant the target was reached.
  const outcome = sim.run({ signal: stop.signal });
  if (endNs === 0) throw new Error(`echo simulation ended (${outcome.kind}) before ${target} echoes`);
  const windowNs = endNs - windowStartNs;
  return {
    messagesPerSec: windowNs > 0 ? ((echoedAtEnd - echoedAtWindowStart) * nsPerSec) / windowNs : 0,
    meanServerBatch: batchesMeasured > 0 ? messagesInMeasuredBatches / batchesMeasured : 0,
    maxServerBatch,
    events: sim.eventsHandled,
  };
}
