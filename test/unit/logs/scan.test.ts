import { describe, expect, it } from "vitest";
import { TraceScan } from "../../../src/logs/index.js";
import { UserError } from "../../../src/scenario/index.js";

/*
 * Issue 22's rows about the inputs that drive work (moved from
 * test/unit/model/log-input-bounds.test.ts): each test failed on the code
 * before the fix (a hang, a silent wrong answer or an acceptance) and passes now.
 */

const clfAt = (date: string, zone = "+0000", status = "200", bytes = "512", host = "10.0.0.1") =>
  `${host} - - [${date} ${zone}] "GET /a HTTP/1.1" ${status} ${bytes} "-" "agent"`;

const caught = (f: () => unknown): UserError => {
  try {
    f();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("no UserError");
};

describe("row 9: time zones in real ranges", () => {
  it("one bad zone no longer moves the replay's origin: the line is skipped and counted", () => {
    const lines = [clfAt("17/May/2015:10:05:03"), clfAt("17/May/2015:10:05:04", "+9999")];
    for (let i = 5; i < 50; i++)
      lines.push(clfAt(`17/May/2015:10:05:${String(i).padStart(2, "0")}`));
    const scan = new TraceScan("clf");
    for (const l of lines) scan.line(l);
    expect(scan.first).toBe(Date.UTC(2015, 4, 17, 10, 5, 3) / 1000);
    expect(scan.parser.malformed).toBe(1);
    expect(scan.parser.malformedLines).toEqual([2]);
  });
});

describe("row 4: a log's span before any work", () => {
  it("a line more than MAX_LOG_SPAN from another is refused, naming both lines and the limit", () => {
    const scan = new TraceScan("clf", undefined, undefined, "a.log");
    scan.line(clfAt("17/May/2015:10:05:03"));
    scan.line(clfAt("17/May/2015:11:05:03"));
    const e = caught(() => scan.line(clfAt("17/May/2095:10:05:03")));
    expect(e.message).toMatch(
      /^a\.log:3:1: dated 2095-05-17T10:05:03Z, 29220 days after line 1 \(2015-05-17T10:05:03Z\); a log may span at most 360 days \(MAX_LOG_SPAN\)/,
    );
    const before = new TraceScan("clf", undefined, undefined, "b.log");
    before.line(clfAt("17/May/2015:10:05:03"));
    expect(() => before.line(clfAt("17/May/1985:10:05:03"))).toThrow(
      /^b\.log:2:1: dated 1985-05-17T10:05:03Z, \d+ days before line 1/,
    );
    // 360 days is still a log; replayed in part (from/to), a longer one is too.
    const year = new TraceScan("clf");
    year.line(clfAt("17/May/2015:10:05:03"));
    year.line(clfAt("11/May/2016:10:05:03"));
    expect(year.requests).toBe(2);
    const part = new TraceScan("clf", 0, Date.UTC(2016, 0, 1) / 1000);
    part.line(clfAt("17/May/2015:10:05:03"));
    part.line(clfAt("17/May/2095:10:05:03"));
    expect(part.requests).toBe(1);
  });
});
