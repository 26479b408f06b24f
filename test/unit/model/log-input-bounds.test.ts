import { describe, expect, it } from "vitest";
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
 * passes now. The rows about reading a log (11, 9, 4, and 15's status, bytes
 * and IPv6 subnets) live beside the code they test: test/unit/logs/
 * (line-splitter, parse-line, scan) and test/unit/model/trace/host-resolvers.
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

describe("row 15: status, bytes, from/to, IPv6 subnets, TTLs, CIs, steps, playground", () => {
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
