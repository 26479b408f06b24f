/**
 * Every client's browser cache in three typed arrays: `entries` slots per
 * client, each an object index and the version (Last-Modified) of the copy
 * held. Replacement: least recently used (a hit or an insert refreshes the
 * slot; a full cache evicts the slot used longest ago). Lookups scan the
 * client's slots: O(entries) per request, memory O(clients × entries).
 */
export class BrowserCache {
  private readonly objects: Int32Array;
  private readonly versions: Int32Array;
  private readonly used: Float64Array;
  private clock = 0;

  constructor(
    clients: number,
    readonly entries: number,
  ) {
    this.objects = new Int32Array(clients * entries).fill(-1);
    this.versions = new Int32Array(clients * entries);
    this.used = new Float64Array(clients * entries);
  }

  /** The slot holding `object` for `client` (refreshed as used now), or -1. */
  find(client: number, object: number): number {
    const base = client * this.entries;
    const end = base + this.entries;
    for (let i = base; i < end; i++) {
      if (this.objects[i] === object) {
        this.used[i] = ++this.clock;
        return i;
      }
      if (this.objects[i] === -1) return -1;
    }
    return -1;
  }

  /** Version of the copy in `slot`. */
  version(slot: number): number {
    return this.versions[slot]!;
  }

  /** The copy in `slot` is now `version` (a re-download). */
  update(slot: number, version: number): void {
    this.versions[slot] = version;
  }

  /** Stores `object` at `version` for `client`, in a free slot or over the least recently used one. */
  insert(client: number, object: number, version: number): void {
    const base = client * this.entries;
    let slot = base;
    for (let i = base; i < base + this.entries; i++) {
      if (this.objects[i] === -1) {
        slot = i;
        break;
      }
      if (this.used[i]! < this.used[slot]!) slot = i;
    }
    this.objects[slot] = object;
    this.versions[slot] = version;
    this.used[slot] = ++this.clock;
  }
}
