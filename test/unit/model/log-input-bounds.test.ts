import { describe, expect, it } from "vitest";
import {
  LineParser,
  LineSplitter,
  parseClfLine,
  parseTimeField,
  subnetKey,
  TraceRecord,
  TraceScan,
} from "../../../src/model/index.js";
import { playgroundRefusals } from "../../../src/playground/refusals.js";
import { replayTrace, summarizeSample } from "../../../src/run/index.js";
import {
  estimateWork,
  limitProblems,
  loadScenario,
  type Scenario,
  scenarioSchema,
  UserError,
  validateScenario,
} from "../../../src/scenario/index.js";
import { scenario } from "../../helpers.js";

/*
 * Issue 22's rows about the inputs that drive work: each test failed on the
 * code before the fix (a hang, a silent wrong answer or an acceptance) and
 * passes now.
 */

const clf = (date: string, zone = "+0000", status = "200", bytes = "512", host = "10.0.0.1") =>
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

describe("row 11: the line splitter is linear and bounds a line's length", () => {
  const decode = (b: Uint8Array) => Buffer.from(b).toString("latin1");

  it("carries a long line's bytes without re-copying them on every chunk (16 MB in 2 KB chunks, in well under a second's work)", () => {
    // The old splitter joined its carry with each chunk: 8,192 chunks of one
    // 16 MB line copied 68 GB (minutes); now each byte is copied once.
    const s = new LineSplitter(decode, "big.log", 32 * 1024 * 1024);
    const chunk = new Uint8Array(2048).fill(0x61);
    const began = performance.now();
    for (let i = 0; i < 8192; i++) expect(s.pushText(chunk)).toBeUndefined();
    const text = s.pushText(Uint8Array.of(0x0a, 0x62));
    expect(text?.length).toBe(8192 * 2048);
    expect(s.end()).toEqual(["b"]);
    expect(s.lines).toBe(2);
    expect(performance.now() - began).toBeLessThan(5000);
  }, 10_000);

  it("refuses a line longer than MAX_LINE_BYTES, naming file:line, whether it arrives whole or in pieces", () => {
    const lines = "a\nb\nc\n";
    const whole = new LineSplitter(decode, "x.log", 10);
    const e1 = caught(() => whole.pushText(Buffer.from(`${lines}${"z".repeat(11)}\nd\n`)));
    expect(e1.message).toBe(
      "x.log:4:1: line longer than 10 bytes (MAX_LINE_BYTES): not a text log, or one without newlines",
    );
    const pieces = new LineSplitter(decode, "x.log", 10);
    pieces.pushText(Buffer.from(lines));
    pieces.pushText(Buffer.from("zzzzzz"));
    expect(() => pieces.pushText(Buffer.from("zzzzz"))).toThrow(/^x\.log:4:1: line longer/);
    // Exactly the limit is a line.
    const ok = new LineSplitter(decode, "x.log", 10);
    expect(ok.push(Buffer.from(`${"z".repeat(10)}\n`))).toEqual(["z".repeat(10)]);
    // A line inside one chunk, between two newlines, counts too.
    const inner = new LineSplitter(decode, "x.log", 10);
    expect(() => inner.pushText(Buffer.from(`a\n${"z".repeat(11)}\nb\n`))).toThrow(/x\.log:2:1/);
  });
});

describe("row 9: time zones in real ranges", () => {
  it("CLF: +9999 and +1460 are malformed; ±1400 and +0545 are zones", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+9999"), r)).toBe(false);
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+1460"), r)).toBe(false);
    expect(parseClfLine(clf("17/May/2015:10:05:03", "-1401"), r)).toBe(false);
    for (const zone of ["+1400", "-1400", "+0545"])
      expect(parseClfLine(clf("17/May/2015:10:05:03", zone), r), zone).toBe(true);
  });

  it("ISO: +99:99 is refused; a time without a zone is too (local to somewhere unknown)", () => {
    expect(parseTimeField("2015-05-17T10:05:03+99:99")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03+14:30")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03.25")).toBeNaN();
    expect(parseTimeField("2015-05-17T10:05:03-14:00")).toBe(Date.UTC(2015, 4, 18, 0, 5, 3) / 1000);
  });

  it("one bad zone no longer moves the replay's origin: the line is skipped and counted", () => {
    const lines = [clf("17/May/2015:10:05:03"), clf("17/May/2015:10:05:04", "+9999")];
    for (let i = 5; i < 50; i++) lines.push(clf(`17/May/2015:10:05:${String(i).padStart(2, "0")}`));
    const scan = new TraceScan("clf");
    for (const l of lines) scan.line(l);
    expect(scan.first).toBe(Date.UTC(2015, 4, 17, 10, 5, 3) / 1000);
    expect(scan.parser.malformed).toBe(1);
    expect(scan.parser.malformedLines).toEqual([2]);
  });
});

describe("row 4: dates bounded, and a log's span before any work", () => {
  it("a year outside 1970 to 2099 makes a line malformed (CLF, ISO and epoch seconds)", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clf("17/May/2115:10:05:03"), r)).toBe(false);
    expect(parseClfLine(clf("17/May/1915:10:05:03"), r)).toBe(false);
    expect(parseClfLine(clf("31/Dec/2099:23:59:59"), r)).toBe(true);
    expect(parseTimeField("2115-05-17T10:05:03Z")).toBeNaN();
    expect(parseTimeField("-86400")).toBeNaN();
    expect(parseTimeField("99999999999")).toBeNaN();
    expect(parseTimeField("1431857103")).toBe(1431857103);
  });

  it("a line more than MAX_LOG_SPAN from another is refused, naming both lines and the limit", () => {
    const scan = new TraceScan("clf", undefined, undefined, "a.log");
    scan.line(clf("17/May/2015:10:05:03"));
    scan.line(clf("17/May/2015:11:05:03"));
    const e = caught(() => scan.line(clf("17/May/2095:10:05:03")));
    expect(e.message).toMatch(
      /^a\.log:3:1: dated 2095-05-17T10:05:03Z, 29220 days after line 1 \(2015-05-17T10:05:03Z\); a log may span at most 360 days \(MAX_LOG_SPAN\)/,
    );
    const before = new TraceScan("clf", undefined, undefined, "b.log");
    before.line(clf("17/May/2015:10:05:03"));
    expect(() => before.line(clf("17/May/1985:10:05:03"))).toThrow(
      /^b\.log:2:1: dated 1985-05-17T10:05:03Z, \d+ days before line 1/,
    );
    // 360 days is still a log; replayed in part (from/to), a longer one is too.
    const year = new TraceScan("clf");
    year.line(clf("17/May/2015:10:05:03"));
    year.line(clf("11/May/2016:10:05:03"));
    expect(year.requests).toBe(2);
    const part = new TraceScan("clf", 0, Date.UTC(2016, 0, 1) / 1000);
    part.line(clf("17/May/2015:10:05:03"));
    part.line(clf("17/May/2095:10:05:03"));
    expect(part.requests).toBe(1);
  });
});

describe("row 15: status, bytes, from/to, IPv6 subnets, TTLs, CIs, steps, playground", () => {
  it("status 999 and bytes 1e26 make a line malformed (CLF, TSV); 599 and 1 TiB do not", () => {
    const r = new TraceRecord();
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+0000", "999"), r)).toBe(false);
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+0000", "599"), r)).toBe(true);
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+0000", "200", "1".padEnd(27, "0")), r)).toBe(
      false,
    );
    expect(parseClfLine(clf("17/May/2015:10:05:03", "+0000", "200", String(2 ** 40)), r)).toBe(
      true,
    );
    const tsv = new LineParser("tsv");
    tsv.parse("time\thost\tbytes\tstatus");
    expect(tsv.parse("1431857103\th\t100000000000000000000000000\t200")).toBe(false);
    expect(tsv.parse("1431857103\th\t100\t999")).toBe(false);
    expect(tsv.parse("1431857103\th\t100\t503")).toBe(true);
  });

  const traceScenario = (from: string, to: string): Scenario =>
    scenarioSchema.parse({
      name: "t",
      duration: 60,
      servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }],
      dns: { ttl: 60 },
      clients: { rate: 0, trace: { file: "t.log", from, to } },
    });
  const lines = [clf("17/May/2015:10:05:03"), clf("17/May/2015:10:05:04")];

  it("a trace whose from is after its to is refused, not replayed as 0 requests", async () => {
    await expect(
      replayTrace(traceScenario("2015-05-18T00:00:00Z", "2015-05-17T00:00:00Z"), () => [lines]),
    ).rejects.toThrow(/clients\.trace\.from: .* is not before clients\.trace\.to/);
    await expect(
      replayTrace(traceScenario("2016-01-01T00:00:00Z", "2016-01-02T00:00:00Z"), () => [lines]),
    ).rejects.toThrow(/t\.log: none of its 2 valid line\(s\) falls in clients\.trace\.from/);
  });

  it("the subnet rule groups IPv6 hosts by /64, as IPv4 ones by /24", () => {
    expect(subnetKey("2001:db8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(subnetKey("2001:DB8:0:1:a:b:c:d")).toBe("2001:db8:0:1::/64");
    expect(subnetKey("2001:db8:0:2::5")).toBe("2001:db8:0:2::/64");
    expect(subnetKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(subnetKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(subnetKey("::ffff:10.1.2.3")).toBe("10.1.2");
    expect(subnetKey("2001:db8::1::2")).toBe("2001:db8::1::2"); // not an address: its own
  });

  it("dns.ttl is at most 2^31 - 1 s (MAX_TTL), as DNS allows", () => {
    expect(() => scenario({ dns: { ttl: 2 ** 31 - 1 } })).not.toThrow();
    expect(() => scenario({ dns: { ttl: 1e300 } })).toThrow(/MAX_TTL/);
    expect(() => scenario({ dns: { ttl: { uniform: [1, 2 ** 31] } } })).toThrow(/MAX_TTL/);
  });

  it("a confidence interval is cut to the metric's range", () => {
    const s = summarizeSample([1, 1, 1, 1.02, 9], { kind: "mean", low: 1 });
    expect(s.ci95Low).toBe(1);
    expect(s.ci95High!).toBeGreaterThan(5);
    const unit = summarizeSample([0.99, 1, 1, 0.2], { kind: "mean", low: 0, high: 1 });
    expect(unit.ci95High).toBe(1);
    expect(unit.ci95Low!).toBeGreaterThan(0);
    // Without a range, the t interval as it is.
    expect(summarizeSample([1, 1, 1, 1.02, 9]).ci95Low!).toBeLessThan(0);
  });

  it("a steps profile over MAX_RATE_STEPS names the limit, not 'Invalid input'", () => {
    // The data as the loader hands it on (a YAML file of 100,001 steps takes 12 s to parse).
    const data = {
      name: "s",
      duration: 200_000,
      servers: [{ address: "10.0.0.1" }],
      dns: { ttl: 60 },
      clients: {
        rate: {
          profile: "steps",
          steps: Array.from({ length: 100_001 }, (_, i) => ({ at: i, rate: 1 })),
        },
      },
    };
    const at = { file: "s.yaml", line: 7, column: 9 };
    expect(caught(() => validateScenario(data, () => at)).message).toBe(
      "s.yaml:7:9: clients.rate.steps: at most 100000 steps (MAX_RATE_STEPS)",
    );
    // A value of no branch's type still says so.
    const bad =
      "name: s\nduration: 60\nservers: [{address: 10.0.0.1}]\ndns: {ttl: 60}\nclients:\n  rate: fast\n";
    expect(caught(() => loadScenario(bad, "s.yaml")).message).toMatch(
      /clients\.rate: Invalid input/,
    );
  });

  it("the playground refuses a trace scenario at load, with file:line and field", () => {
    const text =
      "name: t\nduration: 60\nservers: [{address: 10.0.0.1}]\ndns: {ttl: 60}\nclients:\n  rate: 0\n  trace:\n    file: t.log\n";
    expect(() => loadScenario(text, "up.yaml")).not.toThrow();
    expect(caught(() => loadScenario(text, "up.yaml", playgroundRefusals)).message).toMatch(
      /^up\.yaml:8:\d+: clients\.trace: the playground does not read trace files/,
    );
  });
});

describe("row 13: the work estimate counts retries at servers with capacity", () => {
  const storm = (rate: number, extra: Record<string, unknown> = {}) =>
    scenario({
      duration: 3600,
      servers: [{ address: "10.10.0.1" }, { address: "10.10.0.2" }, { address: "10.10.0.3" }],
      service: {
        workers: 16,
        serviceTime: { distribution: "exponential", mean: 0.08 },
        queue: 1000,
      },
      clients: {
        rate,
        requestsPerVisit: 4,
        timeout: 2,
        onError: "retry",
        retries: 3,
        retryDelay: 0.5,
        ...extra,
      },
    });

  it("retry-storm at 1000x its rate is refused with its estimate; at 1x it is far below", () => {
    // 1.05e5 visits/s × 3600 s × 4 requests × 4 attempts × 2 events = 1.2e10.
    expect(estimateWork(storm(105_000)).events).toBeCloseTo(105_000 * 3600 * (1 + 4 * 4 * 2), -6);
    const problems = limitProblems(storm(105_000));
    expect(problems.map((p) => p.path)).toEqual([["clients", "rate"]]);
    expect(problems[0]!.message).toMatch(/up to 4 attempt\(s\) per request .*clients\.retries/);
    expect(limitProblems(storm(105))).toEqual([]);
  });

  it("give-up makes one attempt; without servers with capacity requests are no events", () => {
    const giveUp = estimateWork(storm(100, { onError: "give-up" }));
    expect(giveUp.events).toBeCloseTo(100 * 3600 * (1 + 4 * 2), -2);
    const plain = estimateWork(
      scenario({ duration: 3600, clients: { rate: 100, requestsPerVisit: 4 } }),
    );
    expect(plain.events).toBeCloseTo(100 * 3600, -2);
  });
});
