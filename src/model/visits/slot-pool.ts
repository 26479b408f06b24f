/**
 * Pools of the visits and requests under way (rate-queued.ts, bursts-queued.ts):
 * parallel typed arrays (struct of arrays), a slot id as an event's payload,
 * a free list, doubling when more are under way at once than ever before.
 * Nothing is allocated per visit or request once a pool has grown to the
 * run's peak concurrency.
 */

/** A free list of slot ids 0 .. capacity − 1, lowest handed out first. */
class FreeList {
  capacity = 0;
  private free = new Int32Array(0);
  private count = 0;

  /** A free slot id, or −1 when the pool must grow first. */
  take(): number {
    return this.count === 0 ? -1 : this.free[--this.count]!;
  }

  give(slot: number): void {
    this.free[this.count++] = slot;
  }

  get inUse(): number {
    return this.capacity - this.count;
  }

  grow(capacity: number): void {
    const old = this.capacity;
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.count));
    // New slots go on the free list highest first, so the lowest is handed out next.
    for (let slot = capacity - 1; slot >= old; slot--) free[this.count++] = slot;
    this.free = free;
    this.capacity = capacity;
  }
}

type SlotArray = Float64Array | Int32Array | Uint8Array;

/**
 * Slot ids from a free list; every typed-array field of the subclass is a
 * column of the pool, one value per slot (`answerWidth` for the column
 * `answer`, a visit's answer: the server count), and grows with it, from
 * none until the first slot is taken.
 */
export abstract class SlotPool {
  private readonly list = new FreeList();

  constructor(private readonly answerWidth = 1) {}

  acquire(): number {
    let slot = this.list.take();
    if (slot < 0) {
      // The first one sizes the pool at 64 slots; every later one doubles it.
      this.grow(Math.max(64, this.list.capacity * 2));
      slot = this.list.take();
    }
    return slot;
  }

  release(slot: number): void {
    this.list.give(slot);
  }

  get inUse(): number {
    return this.list.inUse;
  }

  /** Grows every column to `capacity` slots, keeping what they hold, and the free list with them. */
  protected grow(capacity: number): void {
    const columns = this as unknown as Record<string, unknown>;
    for (const field of Object.keys(columns)) {
      const column = columns[field];
      // Every typed array of a pool is a column (none is a DataView).
      if (!ArrayBuffer.isView(column)) continue;
      const old = column as SlotArray;
      const grown = new (old.constructor as new (length: number) => SlotArray)(
        capacity * (field === "answer" ? this.answerWidth : 1),
      );
      grown.set(old);
      columns[field] = grown;
    }
    this.list.grow(capacity);
  }
}
