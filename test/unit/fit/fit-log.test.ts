import { describe, expect, it } from "vitest";
import { expandMixture } from "../../../src/fit/fit-log.js";
import {
  DEFAULT_FIT_OPTIONS,
  fitLog,
  fittedName,
  fittedScenario,
  fittedScenarioYaml,
} from "../../../src/fit/index.js";
import { isoTime } from "../../../src/logs/index.js";
import { loadScenario, UserError } from "../../../src/scenario/index.js";
import { clfLine, rng, T0 } from "./helpers.js";

/** A small synthetic log: 40 light hosts with one or two 3-request pages per session, and one heavy crawler. */
function syntheticLog(): string[] {
  const u = rng("log");
  const lines: [number, string][] = [];
  for (let h = 0; h < 40; h++) {
    const start = T0 + Math.floor(u() * 3000);
    const pages = 1 + (h % 2);
    let t = start;
    for (let p = 0; p < pages; p++) {
      lines.push([t, clfLine(`10.0.0.${h}`, t, `/page${p}`)]);
      lines.push([t + 1, clfLine(`10.0.0.${h}`, t + 1, "/a.png", `http://site/page${p}`)]);
      lines.push([t + 2, clfLine(`10.0.0.${h}`, t + 2, "/b.css", `http://site/page${p}`)]);
      t += 30;
    }
  }
  for (let k = 0; k < 120; k++)
    lines.push([T0 + k * 25, clfLine("crawler", T0 + k * 25, `/doc${k}`)]);
  // Written when requests end: in time order but for neighbours swapped (within the reorder window).
  const sorted = lines.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  for (let i = 0; i + 1 < sorted.length; i += 7)
    [sorted[i], sorted[i + 1]] = [sorted[i + 1]!, sorted[i]!];
  return sorted;
}

const options = { ...DEFAULT_FIT_OPTIONS, file: "synthetic.log" };

describe("fitLog on a synthetic log", () => {
  it("reconstructs the sessions, makes the heavy host a class of its own and counts what it read", async () => {
    const lines = [...syntheticLog(), "garbage line", ""];
    const fit = await fitLog(() => [lines], options);
    expect(fit.validLines).toBe(lines.length - 2);
    expect(fit.malformedLines).toBe(1);
    expect(fit.hosts).toBe(41);
    const [population, crawler] = fit.classes;
    expect(crawler!.name).toBe("host-crawler");
    expect(crawler!.clients).toBe(1);
    // The crawler's 25 s gaps: one session of 120 one-request pages.
    expect(crawler!.sessions).toBe(1);
    expect(crawler!.pages.mean).toBe(120);
    expect(population!.clients).toBe(40);
    expect(population!.sessions).toBe(40);
    expect(population!.pages.mean).toBe(1.5);
    expect(population!.objects.spec).toBe(2); // every page has exactly 2 objects: fixed
    expect(population!.requestsPerSession.observed).toBeCloseTo(4.5, 10);
    // The closed form the session model promises: E[requests] = E[pages] × (1 + E[objects]).
    expect(population!.requestsPerSession.model).toBeCloseTo(
      population!.pages.mean * (1 + population!.objects.mean),
      0,
    );
  });

  it("the reorder window puts lines back in order before the sessions are cut", async () => {
    const inOrder = [
      clfLine("h", T0, "/p"),
      clfLine("h", T0 + 1, "/x"),
      clfLine("h", T0 + 100, "/q"),
    ];
    const shuffled = [inOrder[1]!, inOrder[0]!, inOrder[2]!];
    const a = await fitLog(() => [inOrder], options);
    const b = await fitLog(() => [shuffled], options);
    expect(b.lateLines).toBe(0);
    expect(b.classes[0]!.objects.values).toEqual(a.classes[0]!.objects.values);
    expect(b.classes[0]!.thinkTime.values).toEqual([99]);
  });

  it("no valid line: a UserError naming the file and the format", async () => {
    await expect(fitLog(() => [["nonsense", "more"]], options)).rejects.toThrow(UserError);
    await expect(fitLog(() => [["nonsense"]], options)).rejects.toThrow(
      /synthetic\.log: no valid clf line in 1 line/,
    );
  });

  it("writes a scenario the schema accepts, with the trace's duration, N servers and a description naming the file", async () => {
    const fit = await fitLog(() => [syntheticLog()], options);
    const o = {
      servers: 3,
      ttl: 300,
      resolver: "own" as const,
      lookupGap: 300,
      name: fittedName("x/access.log.gz"),
    };
    const yaml = fittedScenarioYaml(fit, o);
    const s = loadScenario(yaml, "fitted.yaml");
    expect(s.name).toBe("fitted-access");
    expect(s.servers.map((x) => x.address)).toEqual(["192.0.2.10", "192.0.2.11", "192.0.2.12"]);
    expect(s.dns.ttl).toBe(300);
    expect(s.duration).toBe(Math.ceil(fit.end - fit.origin));
    expect(s.description).toContain("synthetic.log");
    const sessions = s.clients.sessions!;
    expect(sessions.classes.map((c) => c.name)).toEqual(["clients", "host-crawler"]);
    expect(sessions.classes.every((c) => c.resolver === "own")).toBe(true);
    // Deterministic: the same log gives the same bytes.
    expect(fittedScenarioYaml(await fitLog(() => [syntheticLog()], options), o)).toBe(yaml);
    expect(fittedScenario(fit, o).clients).toBeDefined();
  });

  it("isoTime agrees with Date", () => {
    for (const t of [0, 951782400, 1431856800, 4102444799])
      expect(isoTime(t)).toBe(`${new Date(t * 1000).toISOString().slice(0, 19)}Z`);
  });
});

describe("fitLog: class names", () => {
  it("heavy hosts whose names sanitise alike still get unique, schema-valid class names", async () => {
    const lines: string[] = [];
    for (let k = 0; k < 20; k++) {
      lines.push(clfLine("2001:db8::1", T0 + k * 10, "/a"));
      lines.push(clfLine("2001_db8__1", T0 + k * 10 + 1, "/b"));
    }
    const fit = await fitLog(() => [lines], options);
    const names = fit.classes.map((c) => c.name);
    expect(names).toEqual(["host-2001_db8__1", "host-2001_db8__1-2"]);
    const yaml = fittedScenarioYaml(fit, {
      servers: 2,
      ttl: 60,
      resolver: "own",
      lookupGap: 300,
      name: "x",
    });
    expect(() => loadScenario(yaml, "x.yaml")).not.toThrow();
  });
});

describe("a population with one-shot visitors becomes two classes (expandMixture)", () => {
  it("regulars and visitors split the sessions, requests and rate by the share; visitors draw the regulars' laws and never return", async () => {
    const fit = await fitLog(() => [syntheticLog()], options);
    const population = fit.classes[0]!;
    const revisit = { probability: 0.9, gap: 900 } as unknown as NonNullable<
      typeof population.revisit
    >;
    const share = 0.3;
    const [regulars, visitors] = expandMixture({
      ...population,
      revisit,
      oneShot: { share, clients: 1234, sessionRate: 0.02 },
    });
    expect(regulars!.name).toBe(population.name);
    expect(regulars!.revisit).toBe(revisit);
    expect(regulars!.oneShot).toBeUndefined();
    expect(visitors!.name).toBe("visitors");
    expect(visitors!.lawsOf).toBe(population.name);
    expect(visitors!.revisit).toBeUndefined();
    expect(visitors!.clients).toBe(1234);
    expect(visitors!.zipf.skew).toBe(0);
    expect(visitors!.thinkTime).toBe(population.thinkTime);
    expect(regulars!.sessions + visitors!.sessions).toBe(population.sessions);
    expect(visitors!.sessions).toBe(Math.round(share * population.sessions));
    expect(regulars!.requests + visitors!.requests).toBe(population.requests);
    expect(regulars!.meanRate + visitors!.meanRate).toBeCloseTo(population.meanRate, 12);
    // The visitors come at their share of the log's session rate (before return visits were taken out).
    expect(visitors!.rate).toBeCloseTo(share * 0.02, 12);
    // No visitors: the class as it was, without the fitting-time field.
    const [alone, ...none] = expandMixture({
      ...population,
      oneShot: { share: 0, clients: 1, sessionRate: 1 },
    });
    expect(none).toEqual([]);
    expect(alone!.oneShot).toBeUndefined();
    expect(alone!.sessions).toBe(population.sessions);
  });
});
