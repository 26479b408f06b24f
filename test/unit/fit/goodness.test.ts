import { describe, expect, it } from "vitest";
import { fitCount, fitDuration, ksPValue, POOR_FIT_P, Sample } from "../../../src/fit/index.js";
import { meanDuration } from "../../../src/model/index.js";
import { fitReportMarkdown } from "../../../src/report/index.js";
import type { DurationDistribution } from "../../../src/scenario/index.js";
import { normal, rng } from "./helpers.js";

function sampleOf(draw: () => number, n: number): Sample {
  const s = new Sample();
  for (let i = 0; i < n; i++) s.add(draw());
  return s;
}

describe("goodness of fit: the report says when no candidate fits", () => {
  it("the Kolmogorov p-value: 5% at λ = 1.358, 1% at 1.628, 1 near 0", () => {
    const n = 1e6;
    expect(ksPValue(1.358 / Math.sqrt(n), n)).toBeCloseTo(0.05, 3);
    expect(ksPValue(1.628 / Math.sqrt(n), n)).toBeCloseTo(0.01, 3);
    expect(ksPValue(0.001, 100)).toBe(1);
    expect(ksPValue(0.5, 100)).toBeLessThan(1e-12);
  });

  it("an exponential sample fits; a two-humped one (no family has two modes) does not, and the report says so with the metrics it moves", () => {
    const u = rng("goodness");
    const good = fitDuration(
      "think time",
      sampleOf(() => Math.round(-20 * Math.log(1 - u())), 2000),
    );
    expect(good.goodness!.poor).toBe(false);
    expect(good.goodness!.p).toBeGreaterThan(POOR_FIT_P);
    // Half the gaps near 5 s, half near 300 s.
    const humps = sampleOf(
      () => Math.max(0, Math.round((u() < 0.5 ? 5 : 300) * Math.exp(0.15 * normal(u)))),
      2000,
    );
    const bad = fitDuration("think time", humps);
    // No family fits: the best one's KS test fails, the smoothed empirical law replaces it.
    expect(bad.rejected!.poor).toBe(true);
    expect(bad.rejected!.p).toBeLessThan(POOR_FIT_P);
    expect(bad.chosen).toBe("empirical");
    expect(bad.goodness!.poor).toBe(false);
    // Censored (a sampled log's think times), the empirical law is not offered: the family stays, flagged.
    const censoredBad = fitDuration("think time", humps, { logLikelihood: () => 0 });
    expect(censoredBad.chosen).not.toBe("empirical");
    expect(censoredBad.goodness!.poor).toBe(true);
    const pages = fitCount(
      "pages",
      "pages",
      sampleOf(() => 1 + Math.floor(u() * 3), 500),
      1,
    );
    const fit = {
      options: {
        file: "x.log",
        format: "clf",
        reorderWindow: 60,
        rules: { sessionGap: 1800, embedGap: 5, extensions: false },
        heavyShare: 0.02,
        idleGap: 600,
        rateBin: 3600,
        censor: false,
      },
      lines: 1,
      validLines: 1,
      malformedLines: 0,
      lateLines: 0,
      requests: 1,
      hosts: 1,
      sessions: 1,
      origin: 0,
      end: 1,
      intervals: [],
      activeSeconds: 1,
      classes: [
        {
          name: "clients",
          host: "",
          clients: 1,
          requests: 1,
          sessions: 1,
          zipf: { skew: 0, low: 0, high: 0 },
          meanRate: 1,
          pages,
          objects: pages,
          thinkTime: bad,
          objectGap: censoredBad,
          requestsPerSession: { observed: 1, model: 1 },
        },
      ],
    };
    const md = fitReportMarkdown(fit as never, []);
    expect(md).toContain("## Fitted laws against the log");
    expect(md).toMatch(
      /\| clients \| think time \(s\) \| 2,000 \| .* \| no family fits \((exponential|lognormal|pareto): KS [0-9.]+, p < 0\.0001\): smoothed empirical law \|/,
    );
    expect(md).toMatch(/\| clients \| object gap \(s\) \| 2,000 \| .* \| \*\*does not fit\*\* \|/);
    expect(md).toMatch(/No candidate family fits these at the 1% level: clients object gap/);
    expect(md).toMatch(/a wrong object gap \(s\) shifts .*lookups per session/);
    expect(md).toMatch(
      /No parametric family fits these at the 1% level, so the smoothed empirical law .* is drawn instead: clients think time/,
    );
    expect(md).toMatch(
      /Had the think time been drawn from the rejected law, it would shift .*resolver hit ratio/,
    );
  });

  it("the summary: the fitted law's mean is the truncated law's as drawn, median and p95 invert its CDF, the log's are the sample's", () => {
    const u = rng("summary");
    const sample = sampleOf(() => Math.round(-30 * Math.log(1 - u())), 4000);
    const fit = fitDuration("gap", sample);
    const s = fit.summary!;
    expect(s.fitted.mean).toBeCloseTo(meanDuration(fit.spec as DurationDistribution), 9);
    expect(fit.law(s.fitted.median)).toBeCloseTo(0.5, 6);
    expect(fit.law(s.fitted.p95)).toBeCloseTo(0.95, 6);
    expect(s.log).toEqual({
      mean: sample.mean,
      median: sample.quantile(0.5),
      p95: sample.quantile(0.95),
    });
    // A good fit: the law's mean within 4 standard errors of the sample's (sd = mean for an exponential).
    expect(Math.abs(s.fitted.mean - s.log.mean)).toBeLessThan((4 * s.log.mean) / Math.sqrt(4000));
  });
});
