// The simulator's one event queue: a binary min-heap ordered by (timeNs, seq).
// seq is assigned at scheduling time and is unique, so the order is total and never depends on
// heap layout or insertion accidents: same-time events run in the order they were scheduled.

/** An event in the queue. `seq` is the tie-break; `cancelled` events are skipped when popped. */
export interface QueuedEvent {
  readonly timeNs: number;
  readonly seq: number;
  cancelled: boolean;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.timeNs < b.timeNs || (a.timeNs === b.timeNs && a.seq < b.seq);
}

export class EventQueue<E extends QueuedEvent> {
  private readonly heap: E[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): E | undefined {
    return this.heap[0];
  }

  push(event: E): void {
    const heap = this.heap;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEvent = heap[parent]!;
      if (!before(event, parentEvent)) break;
      heap[index] = parentEvent;
      index = parent;
    }
    heap[index] = event;
  }

  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    const length = heap.length;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
