// NVM model (data): capacity, read/write latency and bandwidth, and the persistence domain's
// rules (what a crash keeps). The behaviour lives in nvm/nvm-device.ts.
import { z } from 'zod';

export const NvmSchema = z.strictObject({
  capacityBytes: z.number().int().positive(),
  lineBytes: z.number().int().positive().default(64).describe('Unit of flushing and of persistence (a cache line).'),
  readLatencyNs: z.number().nonnegative(),
  writeLatencyNs: z.number().nonnegative(),
  readBandwidthBytesPerSec: z.number().positive(),
  writeBandwidthBytesPerSec: z.number().positive(),
  flushNs: z.number().nonnegative().describe('Cost of issuing a flush (clwb) of one line.'),
  fenceNs: z.number().nonnegative().describe('Cost of a fence (sfence) that waits for pending flushes.'),
  spontaneousEvictionProbability: z.number().min(0).max(1).default(0)
    .describe('At a crash, each dirty line not yet persisted was independently written back early with this probability.'),
});
export type Nvm = z.infer<typeof NvmSchema>;
