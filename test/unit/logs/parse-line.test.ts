import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LineParser,
  parseClfDate,
  parseClfLine,
  parseTimeField,
  TraceRecord,
} from "../../../src/logs/index.js";
import { clf } from "../../trace-helpers.js";

const MAY17 = Date.UTC(2015, 4, 17, 10, 5, 3) / 1000;

describe("access-log parsing", () => {
  it("reads Common and Combined Log Format lines", () => {
    const r = new TraceRecord();
    expect(
      parseClfLine(
        '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /a.png HTTP/1.1" 200 203023 "http://x/" "Mozilla"',
        r,
      ),
    ).toBe(true);
    expect([r.host, r.time, r.status, r.bytes]).toEqual(["83.149.9.216", MAY17, 200, 203023]);
    expect(parseClfLine('h - u [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" 304 -', r)).toBe(true);
    expect([r.host, r.status, r.bytes]).toEqual(["h", 304, 0]);
    // An escaped quote inside the request does not end it.
    expect(parseClfLine('h - - [17/May/2015:10:05:03 +0000] "GET /\\"q HTTP/1.1" 404 7', r)).toBe(
      true,
    );
    expect([r.status, r.bytes]).toEqual([404, 7]);
  });

  it("converts timezone offsets to UTC (east of UTC is earlier, west later)", () => {
    const s = "17/May/2015:12:05:03 +0200";
    expect(parseClfDate(s, 0)).toBe(MAY17);
    expect(parseClfDate("17/May/2015:04:35:03 -0530", 0)).toBe(MAY17);
    expect(parseClfDate("17/May/2015:10:05:03 +0000", 0)).toBe(MAY17);
    // Across a month and a leap day.
    expect(parseClfDate("01/Mar/2016:00:30:00 +0100", 0)).toBe(
      Date.UTC(2016, 1, 29, 23, 30) / 1000,
    );
  });

  it("matches the Date oracle for any time and zone (property)", () => {
    fc.assert(
      fc.property(
        // Local dates within MIN_LOG_YEAR to MAX_LOG_YEAR whatever the zone.
        fc.integer({ min: 86_400, max: 4_000_000_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (t, zone) => {
          const r = new TraceRecord();
          expect(parseClfLine(clf("h", t, zone), r)).toBe(true);
          expect(r.time).toBe(t);
        },
      ),
    );
  });

  it("rejects malformed lines, never throws", () => {
    const r = new TraceRecord();
    for (const bad of [
      "",
      "garbage",
      'h - - [17/May/2015:10:05:03] "GET / HTTP/1.1" 200 1',
      'h - - [32/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/May/2015:24:05:03 +0000] "GET / HTTP/1.1" 200 1',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 2x0 1',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 abc',
      'h - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1',
    ])
      expect(parseClfLine(bad, r), bad).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => typeof parseClfLine(s, r) === "boolean"));
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

/*
 * Issue 22's rows about the inputs that drive work (moved from
 * test/unit/model/log-input-bounds.test.ts): each test failed on the code
 * before the fix (a hang, a silent wrong answer or an acceptance) and passes now.
 */

const clfAt = (date: string, zone = "+0000", status = "200", bytes = "512", host = "10.0.0.1") =>
  `${host} - - [${date} ${zone}] "GET /a HTTP/1.1" ${status} ${bytes} "-" "agent"`;

describe("row 9: time zones in real ranges", () => {
  it("CLF: +9999 and +1460 are malformed; ±1400 and +0545 are zones", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "+9999"), r)).toBe(false);
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "+1460"), r)).toBe(false);
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "-1401"), r)).toBe(false);
    for (const zone of ["+1400", "-1400", "+0545"])
      expect(parseClfLine(clfAt("17/May/2015:10:05:03", zone), r), zone).toBe(true);
  });

  it("ISO: +99:99 is refused; a time without a zone is too (local to somewhere unknown)", () => {
    expect(parseTimeField("2015-05-17T10:05:03+99:99")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03+14:30")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03.25")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03-14:00")).toBe(Date.UTC(2015, 4, 18, 0, 5, 3) / 1000);
  });
});

describe("row 4: dates bounded", () => {
  it("a year outside 1970 to 2099 makes a line malformed (CLF, ISO and epoch seconds)", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clfAt("17/May/2115:10:05:03"), r)).toBe(false);
    expect(parseClfLine(clfAt("17/May/1915:10:05:03"), r)).toBe(false);
    expect(parseClfLine(clfAt("31/Dec/2099:23:59:59"), r)).toBe(true);
    expect(parseTimeField("2115-05-17T10:05:03Z")).toBeNaN();
    expect(parseTimeField("-86400")).toBeNaN();
    expect(parseTimeField("99999999999")).toBeNaN();
    expect(parseTimeField("1431857103")).toBe(1431857103);
  });
});

describe("row 15: status and bytes", () => {
  it("status 999 and bytes 1e26 make a line malformed (CLF, TSV); 599 and 1 TiB do not", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "+0000", "999"), r)).toBe(false);
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "+0000", "599"), r)).toBe(true);
    expect(
      parseClfLine(clfAt("17/May/2015:10:05:03", "+0000", "200", "1".padEnd(27, "0")), r),
    ).toBe(false);
    expect(parseClfLine(clfAt("17/May/2015:10:05:03", "+0000", "200", String(2 ** 40)), r)).toBe(
      true,
    );
    const tsv = new LineParser("tsv");
    tsv.parse("time\thost\tbytes\tstatus");
    expect(tsv.parse("1431857103\th\t100000000000000000000000000\t200")).toBe(false);
    expect(tsv.parse("1431857103\th\t100\t999")).toBe(false);
    expect(tsv.parse("1431857103\th\t100\t503")).toBe(true);
  });
});
