// RPC all-to-all: every machine is a client and a server. Clients call random other machines,
// either open loop (Poisson arrivals at a rate) or closed loop (a fixed number outstanding);
// servers spend serviceCycles and reply. Reports throughput and latency percentiles.
import { z } from 'zod';
import type { NodeContext } from '../network/network.js';
import { LatencyHistogram } from './latency-histogram.js';
import type { Workload } from './workload.js';

const RpcParams = z.strictObject({
  requestBytes: z.coerce.number().int().positive().default(64),
  responseBytes: z.coerce.number().int().positive().default(64),
  serviceCycles: z.coerce.number().int().nonnegative().default(0),
  ratePerMachine: z.coerce.number().nonnegative().default(0).describe('Open loop: calls per second per machine (0: closed loop).'),
  outstanding: z.coerce.number().int().positive().default(1).describe('Closed loop: calls kept in flight per machine.'),
  timeoutNs: z.coerce.number().int().positive().default(1_000_000_000).describe('Closed loop: a call without a reply is reissued after this long (above the longest round trip, e.g. between datacenters).'),
});
type RpcParams = z.infer<typeof RpcParams>;

/** Request: [0, callerSendTimeNs, callId]; response: [1, callerSendTimeNs, callId]. Arrays keep the trace short. */
type RpcPayload = [0 | 1, number, number];

export const rpcAllToAll: Workload<typeof RpcParams> = {
  name: 'rpc-all-to-all',
  description: 'every machine calls random other machines (open loop at ratePerMachine/s, or closed loop with `outstanding` calls) and serves calls',
  params: RpcParams,
  checkOnModel(machineIds) {
    return machineIds.length >= 2 ? [] : [{ path: [], message: `rpc-all-to-all needs at least two machines; the model has ${machineIds.length}` }];
  },
  install(network, params) {
    const ids = network.machineIds;
    if (ids.length < 2) throw new RangeError('rpc-all-to-all needs at least two machines');
    const latency = new LatencyHistogram();
    let issued = 0;
    const startNs = network.sim.nowNs;
    const meanGapNs = params.ratePerMachine > 0 ? 1e9 / params.ratePerMachine : 0;
    const call = (ctx: NodeContext, self: number) => {
      let peer = ctx.random.int(0, ids.length - 2);
      if (peer >= self) peer++;
      const payload: RpcPayload = [0, ctx.localTimeNs, issued++];
      ctx.send(ids[peer]!, params.requestBytes, payload);
    };
    const nextGapNs = (ctx: NodeContext) => Math.max(1, Math.round(-Math.log(1 - ctx.random.float()) * meanGapNs));
    ids.forEach((id, self) => {
      network.attach(id, () => {
        /** Closed loop: outstanding call ids → the timer that reissues them. */
        const pending = new Map<number, number>();
        const closedLoopCall = (ctx: NodeContext) => {
          const callId = issued;
          call(ctx, self);
          pending.set(callId, ctx.setTimer(params.timeoutNs, callId));
        };
        return {
          start: (ctx) => {
            if (meanGapNs > 0) ctx.setTimer(nextGapNs(ctx), 'arrival');
            else for (let i = 0; i < params.outstanding; i++) closedLoopCall(ctx);
          },
          onMessage: (ctx, message) => {
            const [kind, sentAtNs, callId] = message.payload as RpcPayload;
            if (kind === 0) {
              ctx.chargeCycles(params.serviceCycles);
              ctx.send(message.from, params.responseBytes, [1, sentAtNs, callId] satisfies RpcPayload);
              return;
            }
            if (meanGapNs > 0) {
              latency.record(ctx.localTimeNs - sentAtNs);
              return;
            }
            const timer = pending.get(callId);
            if (timer === undefined) return; // a duplicate or a reply after its timeout
            ctx.cancelTimer(timer);
            pending.delete(callId);
            latency.record(ctx.localTimeNs - sentAtNs);
            closedLoopCall(ctx);
          },
          onTimer: (ctx, _timer, tag) => {
            if (tag === 'arrival') {
              call(ctx, self);
              ctx.setTimer(nextGapNs(ctx), 'arrival');
              return;
            }
            pending.delete(tag as number);
            closedLoopCall(ctx);
          },
        };
      });
    });
    return () => {
      const elapsedNs = network.sim.nowNs - startNs;
      return {
        figures: {
          machines: ids.length,
          callsIssued: issued,
          callsCompleted: latency.count,
          callsPerSec: elapsedNs > 0 ? Math.round((latency.count * 1e9) / elapsedNs) : 0,
          latencyMeanNs: Math.round(latency.meanNs),
          latencyP50Ns: latency.percentileNs(0.5),
          latencyP99Ns: latency.percentileNs(0.99),
          latencyMaxNs: latency.max,
        },
      };
    };
  },
};
