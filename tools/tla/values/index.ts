// TLC values: representation, order and equality, sets, functions, fingerprints, printing, ITF, encoding.
export * from './value.js';
export * from './value-error.js';
export * from './order.js';
export * from './string-order.js';
export * from './sets.js';
export * from './functions.js';
export * from './fingerprint.js';
export * from './symmetry.js';
export * from './format.js';
export * from './tlc-layout.js';
export * from './itf.js';
export * from './encode.js';
export * from './encode-batch.js';
export * from './interrupt.js';
