import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReorderWindow } from "../../../src/logs/index.js";

describe("reorder window", () => {
  it("releases in time order lines out of order within the window, and drops (counts) later ones", () => {
    const out: number[] = [];
    const w = new ReorderWindow<string>(10, (t) => out.push(t));
    for (const t of [100, 95, 105, 91, 111, 99.5, 130, 100.5]) w.push(t, 0, "");
    w.flush();
    // 105 releases 95, so 91 (14 s out of order) is too late; 111 releases 100, so 99.5
    // is; 130 releases 111, so 100.5 is.
    expect(out).toEqual([95, 100, 105, 111, 130]);
    expect(w.late).toBe(3);
  });

  it("is stable for equal times and loses nothing displaced by at most the window (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 9 })), {
          maxLength: 200,
        }),
        (pairs) => {
          // Times sorted, then each shown up to 9 s early: displacement below a 10 s window.
          const sorted = pairs.map(([t]) => t).sort((a, b) => a - b);
          const input = sorted.map((t, i) => ({ shown: t, arrival: i, jitter: pairs[i]![1] }));
          input.sort((a, b) => a.shown - a.jitter - (b.shown - b.jitter) || a.arrival - b.arrival);
          const out: [number, number][] = [];
          const w = new ReorderWindow<number>(10, (t, _tag, id) => out.push([t, id]));
          for (let id = 0; id < input.length; id++) w.push(input[id]!.shown, 0, id);
          w.flush();
          expect(w.late).toBe(0);
          expect(out.map(([t]) => t)).toEqual(sorted);
          for (let i = 1; i < out.length; i++)
            if (out[i]![0] === out[i - 1]![0]) expect(out[i]![1]).toBeGreaterThan(out[i - 1]![1]);
        },
      ),
    );
  });
});

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
