import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineParser, parseTimeField, TraceScan } from "../../../src/logs/index.js";
import { clf } from "../../trace-helpers.js";

const MAY17 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;

describe("access-log parsing", () => {
  it("finds the request path and the Referer without allocating them on the hot path", () => {
    const p = new LineParser("clf");
    const combined =
      '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /img/a.png?x=1 HTTP/1.1" 200 5 "http://site/page.html" "Mozilla/5.0 (\\"x\\")"';
    expect(p.parse(combined)).toBe(true);
    expect(p.path(combined)).toBe("/img/a.png?x=1");
    expect(p.referer(combined)).toBe("http://site/page.html");
    const common = 'h - - [17/May/2015:10:05:03 +0000] "GET /index.html HTTP/1.0" 304 -';
    expect(p.parse(common)).toBe(true);
    expect([p.path(common), p.referer(common)]).toEqual(["/index.html", ""]);
    const noProtocol = 'h - - [17/May/2015:10:05:03 +0000] "GET /old" 200 1 "-" "a"';
    expect(p.parse(noProtocol)).toBe(true);
    expect([p.path(noProtocol), p.referer(noProtocol)]).toEqual(["/old", ""]);
    const garbage = 'h - - [17/May/2015:10:05:03 +0000] "-" 408 0';
    expect(p.parse(garbage)).toBe(true);
    expect(p.path(garbage)).toBe("");
    const tsv = new LineParser("tsv");
    tsv.parse("time\thost\tbytes\tpath\treferer");
    const row = "2015-05-17T10:05:03Z\th\t10\t/a.css\t/index.html";
    expect(tsv.parse(row)).toBe(true);
    expect([tsv.path(row), tsv.referer(row)]).toEqual(["/a.css", "/index.html"]);
  });

  it("reads TSV and CSV by their header's column names, in any order", () => {
    const tsv = new LineParser("tsv");
    expect(tsv.parse("bytes\thost\ttime")).toBe(false);
    expect(tsv.parse("100\t10.1.2.3\t2015-05-17T12:05:03+02:00")).toBe(true);
    expect([tsv.record.host, tsv.record.time, tsv.record.bytes]).toEqual(["10.1.2.3", MAY17, 100]);
    expect(tsv.parse("5\thost2\t1431857103.25")).toBe(true);
    expect(tsv.record.time).toBe(MAY17 + 0.25);
    expect(tsv.parse("5\thost2\tyesterday")).toBe(false);
    const csv = new LineParser("csv");
    csv.parse("time,host,bytes,status");
    expect(csv.parse("2015-05-17T10:05:03.5Z,a,7,503")).toBe(true);
    expect([csv.record.time, csv.record.status]).toEqual([MAY17 + 0.5, 503]);
    expect(parseTimeField("2015-05-17 10:05:03-0100")).toBe(MAY17 + 3600);
    const missing = new LineParser("csv");
    missing.parse("when,host,bytes");
    expect(missing.headerError).toBe("header lacks column(s) time");
    expect(missing.parse("1,a,2")).toBe(false);
    expect(missing.valid).toBe(0);
  });

  it("counts malformed lines and keeps the first five line numbers; blank lines are not malformed", () => {
    const p = new LineParser("clf");
    const lines = Array.from({ length: 20 }, (_, i) =>
      i % 3 === 1 ? "broken" : i === 5 ? "" : clf("h", MAY17 + i),
    );
    for (const l of lines) p.parse(l);
    expect(p.malformed).toBe(7);
    expect(p.malformedLines).toEqual([2, 5, 8, 11, 14]);
    expect(p.valid).toBe(12);
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
});
