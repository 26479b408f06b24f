/**
 * The trace replay's fast paths (issue 14 §1 throughput) against the plain
 * implementations they replaced: each must give exactly what the simple
 * version gives, on any input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  HostIndex,
  LineParser,
  LineSplitter,
  parseClfDate,
  parseClfLine,
  ReorderWindow,
  TraceFeed,
  TraceRecord,
  TraceScan,
} from "../../../src/model/index.js";
import { replayTrace } from "../../../src/run/index.js";
import { loadScenario } from "../../../src/scenario/index.js";

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

describe("chunks read in place: the same as line by line", () => {
  const good = (host: string, s: number) =>
    `${host} - - [17/May/2015:10:0${Math.floor(s / 60) % 10}:${String(s % 60).padStart(2, "0")} +0000] "GET /a?b=\\"c\\" HTTP/1.1" 200 ${s} "-" "agent"`;

  it("parseAt on a line inside a chunk accepts, rejects and reads exactly what parse does on the line alone (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            host: fc.constantFrom("h1", "10.0.0.2", "a-very-long-host-name.example"),
            s: fc.integer({ min: 0, max: 599 }),
            // Truncated at any point (bounds), or with a "\r", or blank.
            cut: fc.option(fc.integer({ min: 0, max: 120 })),
            cr: fc.boolean(),
          }),
          { maxLength: 60 },
        ),
        (specs) => {
          const lines = specs.map(({ host, s, cut, cr }) => {
            const l = good(host, s);
            return (cut === null ? l : l.slice(0, cut)) + (cr ? "\r" : "");
          });
          const text = lines.join("\n");
          const a = new LineParser("clf");
          const b = new LineParser("clf");
          let start = 0;
          for (const line of lines) {
            const end = start + line.length;
            const ok = a.parse(line);
            expect(b.parseAt(text, start, end)).toBe(ok);
            if (ok) {
              const ra = a.record;
              const rb = b.record;
              expect([rb.time, rb.status, rb.bytes, rb.host]).toEqual([
                ra.time,
                ra.status,
                ra.bytes,
                ra.host,
              ]);
              expect(rb.requestAt - start).toBe(ra.requestAt);
              expect(rb.requestEnd - start).toBe(ra.requestEnd);
            }
            start = end + 1;
          }
          expect([b.lines, b.valid, b.malformed, b.malformedLines]).toEqual([
            a.lines,
            a.valid,
            a.malformed,
            a.malformedLines,
          ]);
          const sa = new TraceScan("clf");
          const sb = new TraceScan("clf");
          for (const line of lines) sa.line(line);
          sb.chunk(text);
          expect([sb.hosts, sb.counts, sb.first, sb.last]).toEqual([
            sa.hosts,
            sa.counts,
            sa.first,
            sa.last,
          ]);
        },
      ),
    );
  });

  it("a replay fed chunks gives byte-identical results to one fed arrays of lines", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++)
      lines.push(
        i % 97 === 5
          ? "junk"
          : good(`10.0.${i % 13}.${(i * 7) % 31}`, Math.floor(i / 6) - (i % 9 === 0 ? 2 : 0)),
      );
    const scenario = loadScenario(
      "name: t\nduration: 600\nstart: cold\nservers: [{ address: 10.0.0.1 }, { address: 10.0.0.2 }]\ndns: { ttl: 30 }\nresolvers: { count: 5 }\nclients: { rate: 0, trace: { file: x.log, thinkTime: 20 } }\n",
      "t.yaml",
    );
    const chunks = [lines.slice(0, 1234).join("\n"), lines.slice(1234).join("\n")];
    const a = await replayTrace(scenario, () => [lines.slice(0, 1234), lines.slice(1234)]);
    const b = await replayTrace(scenario, () => chunks);
    expect(JSON.stringify(b.results)).toBe(JSON.stringify(a.results));
    expect(a.summary.malformedLines).toBeGreaterThan(30);
    expect(b.summary).toEqual(a.summary);
  });
});
