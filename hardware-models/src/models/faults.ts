// Fault models as plain data: per-message faults with stated probabilities, scheduled fault
// actions (crash, restart, partition, heal, clock skew, changing the message faults), and
// random crashes at a stated rate.
import { z } from 'zod';

const probability = z.number().min(0).max(1);
const nonNegativeNs = z.number().int().min(0);
const nodeId = z.string().min(1);

/** Applied independently to every message at send time. */
export const MessageFaultsSchema = z.strictObject({
  lossProbability: probability.default(0).describe('Chance that a message is lost.'),
  duplicationProbability: probability.default(0).describe('Chance that a message is delivered twice (the copy travels independently).'),
  reorderProbability: probability.default(0).describe('Chance that a message is held back, letting later ones overtake it.'),
  reorderMaxDelayNs: nonNegativeNs.default(0).describe('A held-back message waits a uniform delay in [1, reorderMaxDelayNs].'),
  extraDelayNs: nonNegativeNs.default(0).describe('Fixed delay added to every message.'),
  extraDelayJitterNs: nonNegativeNs.default(0).describe('Uniform extra delay in [0, jitter] added to every message.'),
});
export type MessageFaults = z.infer<typeof MessageFaultsSchema>;

export const FaultActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), atNs: nonNegativeNs, node: nodeId }),
  z.strictObject({ kind: z.literal('restart'), atNs: nonNegativeNs, node: nodeId }),
  z.strictObject({
    kind: z.literal('partition'),
    atNs: nonNegativeNs,
    groups: z.array(z.array(nodeId).min(1)).min(2),
    direction: z.enum(['symmetric', 'one-way']).default('symmetric')
      .describe("symmetric: no message crosses between groups; one-way: messages from groups[0] to the other groups are dropped, the reverse flows."),
  }),
  z.strictObject({ kind: z.literal('heal'), atNs: nonNegativeNs }),
  z.strictObject({ kind: z.literal('message-faults'), atNs: nonNegativeNs, faults: MessageFaultsSchema.partial() }),
  z.strictObject({
    kind: z.literal('clock-skew'),
    atNs: nonNegativeNs,
    node: nodeId,
    offsetNs: z.number().int().describe('Added to the node\'s local clock.'),
    driftPpm: z.number().min(-1000).max(1000).default(0).describe('The local clock runs (1 + driftPpm/1e6) times as fast as simulated time.'),
  }),
]);
export type FaultAction = z.infer<typeof FaultActionSchema>;

/** A node id an action names, and the field naming it (a path inside the action). */
export interface FaultNodeReference {
  node: string;
  path: (string | number)[];
}

/** Every node id an action names, with its field, in order: the one place that knows which fields name nodes. */
export function faultNodeReferences(action: FaultAction): FaultNodeReference[] {
  switch (action.kind) {
    case 'crash':
    case 'restart':
    case 'clock-skew':
      return [{ node: action.node, path: ['node'] }];
    case 'partition':
      return action.groups.flatMap((group, g) => group.map((node, n) => ({ node, path: ['groups', g, n] })));
    case 'heal':
    case 'message-faults':
      return [];
    default: {
      const unreachable: never = action;
      throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
    }
  }
}

export const RandomCrashesSchema = z.strictObject({
  meanTimeBetweenCrashesNs: z.number().int().positive().describe('Crashes arrive as a Poisson process over the whole cluster.'),
  restartAfterNs: z.number().int().positive().describe('A crashed node restarts after this long.'),
  nodes: z.array(nodeId).optional().describe('Nodes that may crash (default: every machine).'),
});
export type RandomCrashes = z.infer<typeof RandomCrashesSchema>;

export const FaultsSchema = z.strictObject({
  messages: MessageFaultsSchema.default(MessageFaultsSchema.parse({})),
  schedule: z.array(FaultActionSchema).default([]),
  randomCrashes: RandomCrashesSchema.optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;

export const noFaults: Faults = FaultsSchema.parse({});
