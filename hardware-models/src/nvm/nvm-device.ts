// NVM behaviour: a persistence domain at cache-line granularity. Stores are volatile until the
// line is flushed and a fence completes; a crash keeps only persisted lines, except that each
// line not yet persisted may have been evicted (written back) early, with a stated probability.
import type { SeededRandom } from '../engine/seeded-random.js';
import type { Nvm } from '../models/nvm.js';

export interface NvmRead {
  value: unknown;
  costNs: number;
}

export interface NvmCrashReport {
  /** Lines whose latest store was lost. */
  lostLines: number[];
  /** Lines not yet persisted that a spontaneous eviction wrote back before the crash. */
  evictedLines: number[];
}

export class NvmDevice {
  /** Latest stored value of lines not yet persisted (what the CPU sees). */
  private readonly dirty = new Map<number, unknown>();
  /** Values captured by a flush, persisted by the next fence. */
  private readonly flushed = new Map<number, unknown>();
  private readonly persisted = new Map<number, unknown>();
  readonly lineCount: number;

  constructor(readonly spec: Nvm, private readonly random: SeededRandom) {
    this.lineCount = Math.floor(spec.capacityBytes / spec.lineBytes);
  }

  /** A store: lands in the volatile domain (cache); costs the line's transfer at write bandwidth. */
  write(line: number, value: unknown): number {
    this.checkLine(line);
    this.dirty.set(line, value);
    return Math.ceil((this.spec.lineBytes * 1e9) / this.spec.writeBandwidthBytesPerSec);
  }

  read(line: number): NvmRead {
    this.checkLine(line);
    const value = this.dirty.has(line) ? this.dirty.get(line) : this.persisted.get(line);
    return { value, costNs: Math.ceil(this.spec.readLatencyNs + (this.spec.lineBytes * 1e9) / this.spec.readBandwidthBytesPerSec) };
  }

  /** Starts writing back a line (clwb): captures its current value; persisted by the next fence. */
  flush(line: number): number {
    this.checkLine(line);
    if (this.dirty.has(line)) {
      this.flushed.set(line, this.dirty.get(line));
      this.dirty.delete(line);
    }
    return Math.ceil(this.spec.flushNs);
  }

  /** Waits for pending flushes (sfence): they become persistent. Costs the write latency if any were pending. */
  fence(): number {
    const pending = this.flushed.size;
    for (const [line, value] of this.flushed) this.persisted.set(line, value);
    this.flushed.clear();
    if (pending === 0) return Math.ceil(this.spec.fenceNs);
    return Math.ceil(this.spec.fenceNs + this.spec.writeLatencyNs + (pending * this.spec.lineBytes * 1e9) / this.spec.writeBandwidthBytesPerSec);
  }

  /** The value a restart would read. */
  persistedValue(line: number): unknown {
    this.checkLine(line);
    return this.persisted.get(line);
  }

  /** Power loss: the volatile domain is gone. Lines are visited in address order so the draw is seeded. */
  crash(): NvmCrashReport {
    const notPersisted = new Map<number, unknown>(this.flushed);
    for (const [line, value] of this.dirty) notPersisted.set(line, value);
    const lostLines: number[] = [];
    const evictedLines: number[] = [];
    for (const line of [...notPersisted.keys()].sort((a, b) => a - b)) {
      if (this.random.chance(this.spec.spontaneousEvictionProbability)) {
        this.persisted.set(line, notPersisted.get(line));
        evictedLines.push(line);
      } else {
        lostLines.push(line);
      }
    }
    this.dirty.clear();
    this.flushed.clear();
    return { lostLines, evictedLines };
  }

  private checkLine(line: number): void {
    if (!Number.isSafeInteger(line) || line < 0 || line >= this.lineCount) {
      throw new RangeError(`NVM line ${line} is outside the device (lines 0..${this.lineCount - 1} of ${this.spec.lineBytes} B)`);
    }
  }
}
