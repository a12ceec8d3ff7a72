// The registry of workloads `cloudos hw run --workload NAME` knows.
import { incast } from './incast.js';
import { rpcAllToAll } from './rpc-all-to-all.js';
import type { Workload } from './workload.js';

export const workloads: readonly Workload[] = [rpcAllToAll, incast];

export function findWorkload(name: string): Workload | undefined {
  return workloads.find((w) => w.name === name);
}
