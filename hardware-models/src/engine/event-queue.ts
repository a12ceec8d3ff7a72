// The simulator's one event queue: a binary min-heap ordered by (timeNs, seq).
// seq is assigned at scheduling time and is unique, so the order is total and never depends on
// heap layout or insertion accidents: same-time events run in the order they were scheduled.
// Keys live in parallel Float64Arrays so that sifting compares contiguous numbers instead of
// chasing pointers to event objects (it matters with 10^4 and more pending events).

/** An event in the queue. `seq` is the tie-break; `cancelled` events are skipped when popped. */
export interface QueuedEvent {
  readonly timeNs: number;
  readonly seq: number;
  cancelled: boolean;
}

export class EventQueue<E extends QueuedEvent> {
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private events: (E | undefined)[] = new Array<E | undefined>(1024).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): E | undefined {
    return this.count === 0 ? undefined : this.events[0];
  }

  push(event: E): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const events = this.events;
    const timeNs = event.timeNs;
    const seq = event.seq;
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent]!;
      if (parentTime < timeNs || (parentTime === timeNs && seqs[parent]! < seq)) break;
      times[index] = parentTime;
      seqs[index] = seqs[parent]!;
      events[index] = events[parent];
      index = parent;
    }
    times[index] = timeNs;
    seqs[index] = seq;
    events[index] = event;
  }

  pop(): E | undefined {
    if (this.count === 0) return undefined;
    const times = this.times;
    const seqs = this.seqs;
    const events = this.events;
    const top = events[0];
    const length = --this.count;
    const last = events[length]!;
    events[length] = undefined;
    if (length === 0) return top;
    const timeNs = times[length]!;
    const seq = seqs[length]!;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && (times[right]! < times[child]! || (times[right] === times[child] && seqs[right]! < seqs[child]!))) child = right;
      const childTime = times[child]!;
      if (timeNs < childTime || (timeNs === childTime && seq < seqs[child]!)) break;
      times[index] = childTime;
      seqs[index] = seqs[child]!;
      events[index] = events[child];
      index = child;
    }
    times[index] = timeNs;
    seqs[index] = seq;
    events[index] = last;
    return top;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const events = new Array<E | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.count; i++) events[i] = this.events[i];
    this.events = events;
  }
}
