// Machine model: cores and clock, per-operation costs in cycles, memory, caches, optional NVM.
import { z } from 'zod';
import { NvmSchema } from './nvm.js';

export const CacheSchema = z.strictObject({
  level: z.number().int().min(1).max(4),
  sizeBytes: z.number().int().positive(),
  latencyCycles: z.number().nonnegative(),
  sharedByCores: z.number().int().positive().default(1).describe('How many cores share one instance of this cache.'),
});

export const MemorySchema = z.strictObject({
  capacityBytes: z.number().int().positive(),
  bandwidthBytesPerSec: z.number().positive(),
  latencyNs: z.number().nonnegative().describe('Load-to-use latency of a DRAM access that misses every cache.'),
});

export const MachineSchema = z.strictObject({
  cores: z.number().int().positive().describe('Physical cores.'),
  threadsPerCore: z.number().int().positive().default(1).describe('Hardware threads (hyperthreads) per core.'),
  clockHz: z.number().positive(),
  nic: z.string().min(1).describe('Name of an entry in nicTypes.'),
  operationCycles: z.record(z.string(), z.number().nonnegative()).default({})
    .describe('Cost in cycles of named operations (e.g. syscall, contextSwitch, cacheMiss), charged by the code that runs on the machine.'),
  memory: MemorySchema,
  caches: z.array(CacheSchema).default([]),
  nvm: NvmSchema.optional(),
});
export type Machine = z.infer<typeof MachineSchema>;
