// The edges of the state graph liveness is checked on, packed: the successors of node u are
// targets[starts[u] .. starts[u + 1]), 4 bytes an edge and 4 a node, off the V8 heap (an array per
// state cost ≈ 64 bytes and one more object for every major GC to scan).

/** `SuccessorLists` in shared memory (`share`). */
export interface SharedSuccessorLists {
  targets: Int32Array;
  starts: Int32Array;
  nodes: number;
}

export class SuccessorLists {
  private targets: Int32Array;
  private edgeCount = 0;
  /** starts[u] for u < nodes; starts[nodes] is the end of the last list, which may still grow. */
  private starts: Int32Array;
  /** Nodes whose lists have begun; every later node has no successors yet. */
  private nodes = 0;

  /**
   * `edges`, `nodes`: how many the caller will add, when known (no growth up to them); `shared`: in
   * shared memory from the start, so that `share` copies nothing (when no more were added).
   */
  constructor(edges = 1024, nodes = 1023, shared = false) {
    this.targets = int32s(Math.max(edges, 1), shared);
    this.starts = int32s(nodes + 1, shared);
  }

  /**
   * Adds the edge u → v unless present. Lists are written in node order: the search expands states in
   * the order it numbered them (BFS), and a simulated behaviour adds one step from each state in turn.
   */
  add(u: number, v: number): void {
    if (u < this.nodes - 1) throw new Error(`successors of node ${u} added after those of node ${this.nodes - 1}`);
    while (this.nodes <= u) this.beginNode();
    for (let e = this.starts[u]!; e < this.edgeCount; e++) if (this.targets[e] === v) return;
    if (this.edgeCount === this.targets.length) this.targets = grown(this.targets);
    this.targets[this.edgeCount++] = v;
    this.starts[this.nodes] = this.edgeCount;
  }

  private beginNode(): void {
    if (this.nodes + 2 > this.starts.length) this.starts = grown(this.starts);
    this.starts[this.nodes] = this.edgeCount;
    this.nodes++;
    this.starts[this.nodes] = this.edgeCount;
  }

  /** The successors of `u`, in the order added (a view: copy it to keep it past the next `add`). */
  of(u: number): Int32Array {
    if (u >= this.nodes) return this.targets.subarray(0, 0);
    return this.targets.subarray(this.starts[u]!, this.starts[u + 1]!);
  }

  /**
   * Where the successors of `u` begin: they are `targetAt(e)` for e in [first(u), first(u + 1)). The
   * hot loops of liveness read edges so: `of` allocates a view per call (≈ 10 % of a check's time).
   */
  first(u: number): number {
    return u < this.nodes ? this.starts[u]! : this.edgeCount;
  }

  targetAt(e: number): number {
    return this.targets[e]!;
  }

  /**
   * The lists as typed arrays in shared memory, for other threads to read (`fromShared`); this object
   * reads them from there too, so they are not held twice.
   */
  share(): SharedSuccessorLists {
    this.targets = sharedCopy(this.targets, this.edgeCount);
    this.starts = sharedCopy(this.starts, this.nodes + 1);
    return { targets: this.targets, starts: this.starts, nodes: this.nodes };
  }

  static fromShared(shared: SharedSuccessorLists): SuccessorLists {
    const lists = new SuccessorLists();
    lists.targets = shared.targets;
    lists.starts = shared.starts;
    lists.nodes = shared.nodes;
    lists.edgeCount = shared.starts[shared.nodes]!;
    return lists;
  }

  /** A copy holding only the edges `keep` accepts. */
  filtered(keep: (u: number, v: number) => boolean): SuccessorLists {
    const out = new SuccessorLists(this.edgeCount, this.nodes);
    for (let u = 0; u < this.nodes; u++) {
      out.beginNode();
      for (const v of this.of(u)) if (keep(u, v)) out.add(u, v);
    }
    return out;
  }
}

/** `length` zeros, in a `SharedArrayBuffer` when `shared`. */
export function int32s(length: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length);
}

/** The first `length` numbers of `a` in a `SharedArrayBuffer`: `a` itself (a view) when it is there already. */
export function sharedCopy(a: Int32Array, length: number): Int32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a.subarray(0, length);
  const copy = new Int32Array(new SharedArrayBuffer(4 * Math.max(length, 1)), 0, length);
  copy.set(a.subarray(0, length));
  return copy;
}

function grown(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
