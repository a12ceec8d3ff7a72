// What `cloudos hw run --workload NAME` runs: a named traffic pattern with parameters validated by
// zod, installed on a network, and summarized as plain data when the run ends.
import type { z } from 'zod';
import type { Network } from '../network/network.js';

export interface WorkloadSummary {
  /** Numbers a user reads (e.g. completedRpcs, latencyP99Ns); plain data for --format json. */
  figures: Record<string, number>;
}

/** A parameter that breaks a rule: which one (path) and why. */
export type ParamIssue = { path: (string | number)[]; message: string };

export interface Workload<P extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  params: P;
  /** The rules that depend on the model (a machine that exists, enough machines), checked before
   * anything runs so that a bad parameter is reported, not thrown from `install`. */
  checkOnModel?(machineIds: readonly string[], params: z.infer<P>): ParamIssue[];
  /** Attaches behaviours to the network's machines; the returned function summarizes at the end. */
  install(network: Network, params: z.infer<P>): () => WorkloadSummary;
}
