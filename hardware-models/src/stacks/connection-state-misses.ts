// LLC misses per message caused by per-connection state: zero while the connections' state fits
// in the last-level cache, growing toward `linesPerMessage` as the working set outgrows it.
import type { ConnectionState, MemoryParams } from './stack-params.js';

/** Fraction of touched state lines that miss the LLC with `connections` open connections. */
export function stateMissFraction(connections: number, state: ConnectionState, memory: MemoryParams): number {
  const workingSetBytes = connections * state.bytesPerConnection;
  if (workingSetBytes <= memory.llcBytes) return 0;
  return 1 - Math.pow(memory.llcBytes / workingSetBytes, state.reuseExponent);
}

/** Expected LLC misses per message due to connection state. */
export function stateMissesPerMessage(connections: number, state: ConnectionState, memory: MemoryParams): number {
  return state.linesPerMessage * stateMissFraction(connections, state, memory);
}
