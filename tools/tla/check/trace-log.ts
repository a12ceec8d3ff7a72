// The (fingerprint, parent fingerprint) log of every distinct state, as TLC's trace file: enough to
// rebuild a shortest counterexample by regenerating states from fingerprints. 16 bytes per state.

export class TraceLog {
  private fps = new BigInt64Array(1024);
  private parents = new BigInt64Array(1024);
  length = 0;

  add(fp: bigint, parentFp: bigint): void {
    if (this.length === this.fps.length) {
      const fps = new BigInt64Array(this.fps.length * 2);
      fps.set(this.fps);
      const parents = new BigInt64Array(this.parents.length * 2);
      parents.set(this.parents);
      this.fps = fps;
      this.parents = parents;
    }
    this.fps[this.length] = fp;
    this.parents[this.length] = parentFp;
    this.length++;
  }

  /** Appends many entries at once (a recovered checkpoint's). */
  addAll(fps: BigInt64Array, parents: BigInt64Array): void {
    for (let i = 0; i < fps.length; i++) this.add(fps[i]!, parents[i]!);
  }

  /** The used part, copyable to another thread. */
  entries(): { fps: BigInt64Array; parents: BigInt64Array } {
    return { fps: this.fps.slice(0, this.length), parents: this.parents.slice(0, this.length) };
  }
}

/**
 * The fingerprints from an initial state to `fp`, first to last, following parent links merged
 * from the logs of every thread. Parent 0 marks an initial state.
 */
export function pathTo(fp: bigint, logs: { fps: BigInt64Array; parents: BigInt64Array }[]): bigint[] {
  const parentOf = new Map<bigint, bigint>();
  for (const { fps, parents } of logs) for (let i = 0; i < fps.length; i++) parentOf.set(fps[i]!, parents[i]!);
  const path: bigint[] = [];
  let current: bigint | undefined = fp;
  while (current !== undefined && current !== 0n) {
    path.push(current);
    if (path.length > parentOf.size + 1) throw new Error('cycle in the trace log');
    current = parentOf.get(current);
    if (current === undefined) throw new Error(`fingerprint ${path[path.length - 1]} missing from the trace log`);
  }
  return path.reverse();
}
