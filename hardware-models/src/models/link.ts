// Links and switches: bandwidth, propagation delay, buffers (tail drop when full), forwarding latency.
import { z } from 'zod';

export const LinkSchema = z.strictObject({
  bandwidthBitsPerSec: z.number().positive(),
  propagationNs: z.number().int().nonnegative(),
  bufferBytes: z.number().int().nonnegative().describe('Bytes not yet on the wire (including the rest of the packet being sent) each direction may hold; a packet that would exceed it is tail-dropped.'),
});
export type Link = z.infer<typeof LinkSchema>;

export const SwitchSchema = z.strictObject({
  forwardingNs: z.number().int().nonnegative().describe('Lookup/cut-through latency per traversal.'),
});
export type Switch = z.infer<typeof SwitchSchema>;
