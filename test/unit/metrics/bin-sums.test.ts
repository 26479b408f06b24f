import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { perServerSums, rowSums, sumOf } from "../../../src/metrics/bin-sums.js";

/*
 * The totals the Recorder and QueueStats read from their bins: a per-bin
 * series is laid out bin by bin (index bin * servers + server), a per-row
 * one row after row. Integer counts, so each sum equals the running total
 * the per-event counters kept, in any order.
 */
describe("bin sums", () => {
  it("perServerSums adds each server's column across the bins, not its row", () => {
    // 3 bins × 2 servers: server 0 gets 1 + 3 + 5, server 1 gets 2 + 4 + 6.
    expect([...perServerSums(Float64Array.of(1, 2, 3, 4, 5, 6), 2)]).toEqual([9, 12]);
    // rowSums of the same values as 2 rows of 3 would be [6, 15]: the layouts differ.
    expect([...rowSums(Float64Array.of(1, 2, 3, 4, 5, 6), 2)]).toEqual([6, 15]);
    expect([...perServerSums(new Float64Array(0), 3)]).toEqual([0, 0, 0]);
  });

  it("equal the running totals of integer counts written in any order (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 1e6 })), {
          maxLength: 200,
        }),
        (servers, bins, events) => {
          const series = new Float64Array(bins * servers);
          const running = new Float64Array(servers);
          let total = 0;
          for (const [b, s, n] of events) {
            const server = s % servers;
            series[(b % bins) * servers + server]! += n;
            running[server]! += n;
            total += n;
          }
          expect([...perServerSums(series, servers)]).toEqual([...running]);
          expect(sumOf(series)).toBe(total);
          // Rows of the same series: each bin's servers summed; the rows' sums add up to the total.
          expect(sumOf(rowSums(series, bins))).toBe(total);
        },
      ),
    );
  });
});
