// The simulator's only source of randomness: xoroshiro128+ from pure-rand, seeded explicitly.
// Every random choice in a run is drawn from here, so a run replays from its seed.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { MAX_SEED, MIN_SEED } from '../../../conventions/index.js';

export { MAX_SEED, MIN_SEED };

/** The seeds that give distinct runs: 32-bit signed integers. */
export function isSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= MIN_SEED && seed <= MAX_SEED;
}

export class SeededRandom {
  private readonly generator: JumpableRandomGenerator;

  constructor(readonly seed: number) {
    // pure-rand seeds from the low 32 bits only; a wider seed would silently replay another one.
    if (!isSeed(seed)) throw new RangeError(`seed must be a 32-bit integer (${MIN_SEED} to ${MAX_SEED}), got ${seed}`);
    this.generator = xoroshiro128plus(seed);
    // pure-rand seeds the state directly from the seed, so the first outputs of nearby seeds are
    // close (seed 7 starts with 0.99999988); discarding a few mixes the state.
    for (let i = 0; i < 16; i++) this.generator.next();
  }

  /** A uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** True with the given probability (0 never draws, so a fault-free run draws no numbers). */
  chance(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return uniformFloat64(this.generator) < probability;
  }
}
