// Public surface of the network-stack cost models: parameters (zod schemas) and round costs.
export * from './stack-params.js';
export { stateMissFraction, stateMissesPerMessage } from './connection-state-misses.js';
export { roundCostNs, roundGateNs, maxMessagesPerRound, packetsPerMessage, tcpMaxSegmentBytes, type RoundWork } from './round-cost.js';
