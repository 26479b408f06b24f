/**
 * The trace replay's fast paths (issue 14 §1 throughput) against the plain
 * implementations they replaced: each must give exactly what the simple
 * version gives, on any input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HostIndex,
  LineSplitter,
  parseClfDate,
  parseClfLine,
  ReorderWindow,
  TraceFeed,
  TraceRecord,
} from "../../src/model/index.js";

/** The reorder window as it was: one binary heap keyed by (time, arrival), popped while its top is `window` behind the newest. */
class ReferenceWindow {
  private heap: [number, number, number][] = [];
  private seq = 0;
  private newest = Number.NEGATIVE_INFINITY;
  released = Number.NEGATIVE_INFINITY;
  late = 0;
  constructor(
    private readonly window: number,
    private readonly emit: (t: number, tag: number) => void,
  ) {}
  push(t: number, tag: number): void {
    if (t < this.released) {
      this.late++;
      return;
    }
    this.heap.push([t, this.seq++, tag]);
    if (t > this.newest) this.newest = t;
    this.release(this.newest - this.window);
  }
  release(limit: number): void {
    this.heap.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    while (this.heap.length > 0 && this.heap[0]![0] <= limit) {
      const [t, , tag] = this.heap.shift()!;
      this.released = t;
      this.emit(t, tag);
    }
  }
}

describe("reorder window: FIFO for in-order records, heap for the rest", () => {
  it("emits exactly what a single heap emits, drops the same late records (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 3 }), { maxLength: 600 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 4 }),
        (steps, window, flushEvery) => {
          // A clock that mostly moves forward, sometimes jumps back: in order, ties, stragglers, late.
          const got: number[][] = [];
          const want: number[][] = [];
          const w = new ReorderWindow<number>(window, (t, tag, item) => got.push([t, tag, item]));
          const ref = new ReferenceWindow(window, (t, tag) => want.push([t, tag, tag]));
          let clock = 0;
          steps.forEach((step, i) => {
            clock += Math.max(step, 0);
            const t = step < 0 ? clock + step : clock;
            w.push(t, i, i);
            ref.push(t, i);
            if (flushEvery > 0 && i % (flushEvery * 50) === 49) {
              w.releaseThrough(t);
              ref.release(t);
            }
          });
          expect(got).toEqual(want);
          expect(w.late).toBe(ref.late);
          w.flush();
          ref.release(Number.POSITIVE_INFINITY);
          expect(got).toEqual(want);
          expect(w.size).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("with an infinite window releases only through releaseThrough, in (time, arrival) order", () => {
    const out: [number, number][] = [];
    const w = new ReorderWindow<number>(Number.POSITIVE_INFINITY, (t, _tag, id) =>
      out.push([t, id]),
    );
    for (const [t, id] of [
      [5, 0],
      [3, 1],
      [5, 2],
      [9, 3],
      [3, 4],
    ] as const)
      w.push(t, 0, id);
    expect(out).toEqual([]);
    w.releaseThrough(5);
    expect(out).toEqual([
      [3, 1],
      [3, 4],
      [5, 0],
      [5, 2],
    ]);
    w.push(4, 0, 5); // earlier than what was released: late
    expect(w.late).toBe(1);
    w.flush();
    expect(out.at(-1)).toEqual([9, 3]);
  });
});

describe("line splitter: byte chunks → lines", () => {
  const decode = (b: Uint8Array) => Buffer.from(b).toString("utf8");
  /** What the reader did before: the whole text split on "\n", a final empty piece dropped. */
  const reference = (text: string) => {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  };

  it("gives the lines of the whole text however it is cut, multi-byte characters included (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "\n", "\r", "é", "€", "😀", " "), { maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        (chars, cuts) => {
          const text = chars.join("");
          const bytes = Buffer.from(text, "utf8");
          const s = new LineSplitter(decode);
          const got: string[] = [];
          let at = 0;
          for (let k = 0; at < bytes.length; k++) {
            const end = Math.min(bytes.length, at + cuts[k % cuts.length]!);
            got.push(...(s.push(bytes.subarray(at, end)) ?? []));
            at = end;
          }
          got.push(...(s.end() ?? []));
          expect(got).toEqual(reference(text));
        },
      ),
    );
  });

  it("copies what it carries: the caller may reuse its chunk", () => {
    const s = new LineSplitter(decode);
    const chunk = Buffer.from("one\ntw");
    expect(s.push(chunk)).toEqual(["one"]);
    chunk.fill(0x78);
    expect(s.push(Buffer.from("o\n"))).toEqual(["two"]);
    expect(s.end()).toBeUndefined();
  });
});

describe("host index: hosts looked up in place", () => {
  it("numbers hosts by first appearance and finds them inside any string, like a Map (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-c0-9.:]{1,14}$/), { minLength: 1, maxLength: 3000 }),
        (hosts) => {
          const index = new HostIndex();
          const map = new Map<string, number>();
          for (const h of hosts) {
            const line = `${h} - - [rest]`;
            if (!map.has(h)) map.set(h, map.size);
            expect(index.intern(line, 0, h.length)).toBe(map.get(h));
          }
          expect(index.hosts).toEqual([...map.keys()]);
          for (const [h, i] of map) expect(index.find(`xx${h}yy`, 2, 2 + h.length)).toBe(i);
          expect(index.find("not-there", 0, 9)).toBe(-1);
          expect(index.get(hosts[0]!)).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("CLF date cache", () => {
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const p = (n: number) => String(n).padStart(2, "0");
  const line = (day: number, month: number, hh: number, mm: number, ss: string, zone: string) =>
    `h - - [${p(day)}/${months[month]}/2015:${p(hh)}:${p(mm)}:${ss} ${zone}] "GET / HTTP/1.1" 200 1`;

  it("gives every line the time (or rejection) a fresh parse gives, whatever came before (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 31 }),
            month: fc.integer({ min: 0, max: 2 }),
            hh: fc.integer({ min: 22, max: 23 }),
            mm: fc.integer({ min: 58, max: 59 }),
            ss: fc.constantFrom("00", "07", "59", "60", "61", "9x", "-1"),
            zone: fc.constantFrom("+0000", "+0130", "-0500", "*0000", "+00x0"),
          }),
          { maxLength: 100 },
        ),
        (specs) => {
          const cached = new TraceRecord();
          for (const s of specs) {
            const l = line(s.day, s.month, s.hh, s.mm, s.ss, s.zone);
            const fresh = new TraceRecord();
            const want = parseClfLine(l, fresh);
            expect(parseClfLine(l, cached)).toBe(want);
            if (want) {
              expect(cached.time).toBe(fresh.time);
              expect(cached.time).toBe(parseClfDate(l, 7));
            }
          }
        },
      ),
    );
  });
});

describe("trace feed: typed arrays reused chunk after chunk", () => {
  it("hands requests back in push order across growth, compaction and drains (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 0, max: 40000 })), {
          maxLength: 8,
        }),
        (rounds) => {
          const feed = new TraceFeed();
          let pushed = 0;
          let taken = 0;
          for (const [push, take] of rounds) {
            for (let i = 0; i < push; i++, pushed++) feed.push(pushed, pushed % 977, `l${pushed}`);
            for (let i = 0; i < take && feed.available; i++, taken++) {
              expect(feed.nextTime).toBe(taken);
              feed.take();
              expect([feed.host, feed.line]).toEqual([taken % 977, `l${taken}`]);
            }
          }
          expect(feed.available).toBe(taken < pushed);
        },
      ),
      { numRuns: 30 },
    );
  });
});
