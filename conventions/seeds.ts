// The range of a run's seed: 32-bit signed integers, what the hardware models' generator
// (pure-rand, seeded from 32 bits) tells apart. Here rather than in hardware-models so that a
// command parsing --seed (`cloudos simulate` of a TLA+ spec) does not load the models (their zod
// schemas cost that command ≈0.15 CPU s of its ≈1.4 s start-up).
export const MIN_SEED = -(2 ** 31);
export const MAX_SEED = 2 ** 31 - 1;
