// Incast: many machines send to one at the same moment, so the receiver's access link queues and
// its buffer overflows. Reports completion time, goodput and drops.
import { z } from 'zod';
import { unknownName } from '../models/hardware-model.js';
import type { Workload } from './workload.js';

const IncastParams = z.strictObject({
  receiver: z.string().min(1).optional().describe('Machine that receives (default: the first machine).'),
  senders: z.coerce.number().int().positive().optional().describe('How many other machines send (default: all).'),
  messageBytes: z.coerce.number().int().positive().default(9000),
  messagesPerSender: z.coerce.number().int().positive().default(16),
});

export const incast: Workload<typeof IncastParams> = {
  name: 'incast',
  description: 'senders each send messagesPerSender messages of messageBytes to one receiver at time 0',
  params: IncastParams,
  checkOnModel(machineIds, params) {
    if (params.receiver === undefined || machineIds.includes(params.receiver)) return [];
    return [unknownName(['receiver'], 'machine', params.receiver, machineIds)];
  },
  install(network, params) {
    const ids = network.machineIds;
    const receiver = params.receiver ?? ids[0]!;
    if (!ids.includes(receiver)) throw new RangeError(`incast: unknown receiver '${receiver}' (checkOnModel lets no such run start)`);
    const others = ids.filter((id) => id !== receiver);
    const senders = others.slice(0, params.senders ?? others.length);
    let deliveredBytes = 0;
    let lastDeliveryNs = 0;
    network.attach(receiver, () => ({
      start: () => undefined,
      onMessage: (_ctx, message) => {
        deliveredBytes += message.bytes;
        lastDeliveryNs = network.sim.nowNs;
      },
      onTimer: () => undefined,
    }));
    for (const sender of senders) {
      network.attach(sender, () => ({
        start: (ctx) => {
          for (let i = 0; i < params.messagesPerSender; i++) ctx.send(receiver, params.messageBytes, i);
        },
        onMessage: () => undefined,
        onTimer: () => undefined,
      }));
    }
    return () => {
      const stats = network.stats();
      return {
        figures: {
          senders: senders.length,
          bytesOffered: senders.length * params.messagesPerSender * params.messageBytes,
          bytesDelivered: deliveredBytes,
          messagesDropped: stats.messagesDropped,
          bufferOverflows: stats.dropsByReason['buffer-overflow'],
          completionNs: lastDeliveryNs,
          goodputBitsPerSec: lastDeliveryNs > 0 ? Math.round((deliveredBytes * 8e9) / lastDeliveryNs) : 0,
        },
      };
    };
  },
};
