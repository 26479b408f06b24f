import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TraceFeed } from "../../../src/logs/index.js";

describe("trace feed: typed arrays reused chunk after chunk", () => {
  it("hands requests (time, host, line, object) back in push order across growth, compaction and drains (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12000 }), fc.integer({ min: 0, max: 12000 })), {
          maxLength: 8,
        }),
        (rounds) => {
          const feed = new TraceFeed();
          let pushed = 0;
          let taken = 0;
          let wrong = 0;
          for (const [push, take] of rounds) {
            for (let i = 0; i < push; i++, pushed++)
              feed.push(pushed, pushed % 977, `l${pushed}`, pushed % 613);
            for (let i = 0; i < take && feed.available; i++, taken++) {
              if (feed.nextTime !== taken) wrong++;
              feed.take();
              if (feed.host !== taken % 977 || feed.line !== `l${taken}`) wrong++;
              if (feed.object !== taken % 613) wrong++;
            }
          }
          expect(wrong).toBe(0);
          expect(feed.available).toBe(taken < pushed);
        },
      ),
      { numRuns: 40 },
    );
  });
});
