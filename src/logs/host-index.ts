/**
 * Distinct hosts of a trace → dense indices (order of first appearance),
 * looked up straight from the line the host sits in: an open-addressing
 * table hashed over the characters, so a line's host is never sliced into a
 * string of its own unless it is new (a Map would need that string, and
 * hash it again, for every line of both passes). Memory O(distinct hosts).
 */
export class HostIndex {
  readonly hosts: string[] = [];
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048); // host index + 1; 0: empty
  private mask = 2047;

  get size(): number {
    return this.hosts.length;
  }

  /** Index of the host `source.slice(start, end)`, or -1. */
  find(source: string, start: number, end: number): number {
    const length = end - start;
    let slot = hashOf(source, start, end) & this.mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const host = this.hosts[entry - 1]!;
      if (host.length === length && source.startsWith(host, start)) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Index of the host, added (as a copy) if new. */
  intern(source: string, start: number, end: number): number {
    const found = this.find(source, start, end);
    if (found >= 0) return found;
    const index = this.hosts.length;
    // A copy: a slice of the line would keep the whole chunk read alive.
    this.hosts.push(` ${source.slice(start, end)}`.slice(1));
    if (index === this.hashes.length) {
      const hashes = new Int32Array(index * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    const hash = hashOf(source, start, end);
    this.hashes[index] = hash;
    if ((index + 1) * 2 > this.slots.length) this.grow();
    else this.place(index, hash);
    return index;
  }

  /** The index of a host by name, or undefined (tests, tools). */
  get(host: string): number | undefined {
    const i = this.find(host, 0, host.length);
    return i < 0 ? undefined : i;
  }

  private place(index: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = index + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < this.hosts.length; i++) this.place(i, this.hashes[i]!);
  }
}

/** FNV-1a over UTF-16 code units. */
function hashOf(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
