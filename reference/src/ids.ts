// Plain types for the protocol's identifier and JSON schemas (the protocol exports only the schemas).
import type { z } from 'zod';
import type { Json, NodeId as NodeIdSchema, Pid as PidSchema } from '../../conformance/protocol/index.js';

export type NodeId = z.infer<typeof NodeIdSchema>;
export type Pid = z.infer<typeof PidSchema>;
export type JsonValue = z.infer<typeof Json>;
