import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/index.js";
import { countMean, type LawFit } from "../../../src/fit/distributions.js";
import { seenSpan } from "../../../src/fit/fit-log.js";
import {
  DEFAULT_FIT_OPTIONS,
  type FittedDistribution,
  fitLog,
  SessionStarts,
} from "../../../src/fit/index.js";
import { quietPreRollSeconds, SessionWorkload } from "../../../src/model/index.js";
import { type SessionSpec, scenarioSchema } from "../../../src/scenario/index.js";
import { baseInput } from "../../helpers.js";
import { clfLine, normal, rng, T0 } from "./helpers.js";

/*
 * What a sampled log's windows show of a stationary stream of sessions
 * (docs/fit-validation.md, "Requests per window-cut session"): at rate λ, a
 * window of length L holds λ·L·E[R] requests in λ·(L + E[S_L]) fragments
 * (E[S_L]: `seenSpan`), so the requests per fragment are fixed by the laws,
 * ρ = L·E[R] / (L + E[S_L]), and a share E[S_L] / (L + E[S_L]) of the
 * fragments continue a session begun before the window. The censored
 * likelihood reads every fragment as a session's start; this is the identity
 * it leaves out. Sessions here: 4 pages 40 s apart, each page one object 2 s
 * after it (8 requests, E[S_L] = 3·40 + 4·2 = 128 s against L = 60 s), at
 * λ = 0.05/s, one window of 60 s every 600 s, over 500 windows.
 */
const L = 60;
const PERIOD = 600;
const WINDOWS = 500;
const RATE = 0.05;

function spec(): SessionSpec {
  const s = scenarioSchema.parse(
    baseInput({
      duration: PERIOD * WINDOWS,
      start: "cold",
      clients: {
        rate: 0,
        selection: "failover",
        sessions: {
          preRoll: "quiet",
          observe: { period: PERIOD, length: L, offset: 0 },
          classes: [
            {
              name: "long",
              clients: 100000,
              rate: RATE,
              pages: 4,
              thinkTime: 40,
              objects: 1,
              objectGap: 2,
            },
          ],
        },
      },
    }),
  );
  return s.clients.sessions!;
}

/** Mean and standard error of per-window counts. */
function meanAndError(xs: readonly number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe("a stationary stream seen through windows: fragments and requests per window", () => {
  it("shows λ·(L + E[S_L]) fragments and λ·L·E[R] requests per window (within 4 s.e.)", () => {
    const s = spec();
    const horizon = PERIOD * WINDOWS;
    // Session gap 300 s: no session of these spans 300 s silent, and windows 540 s apart.
    const starts = new SessionStarts(100000, 300);
    const requests = new Array<number>(WINDOWS).fill(0);
    const fragments = new Array<number>(WINDOWS).fill(0);
    const sim = new Simulator();
    const workload = new SessionWorkload(s, 1, sim, horizon, {
      request: (t, host) => {
        const before = starts.count;
        starts.request(t, host);
        const w = Math.floor(t / PERIOD);
        requests[w]!++;
        if (starts.count > before) fragments[w]!++;
      },
    });
    workload.start(quietPreRollSeconds(s), true);
    sim.run(horizon);
    const step = (v: number) => (x: number) => (x < v ? 0 : 1);
    const span = seenSpan(4, 1, step(40), step(2), L);
    expect(span).toBeCloseTo(128, 1); // E[min(X, L)] by the midpoint rule
    const f = meanAndError(fragments);
    const r = meanAndError(requests);
    expect(Math.abs(f.mean - RATE * (L + span))).toBeLessThan(4 * f.se);
    expect(Math.abs(r.mean - RATE * L * 8)).toBeLessThan(4 * r.se);
    // ρ = 60·8 / 188 = 2.55 requests a fragment, where a session makes 8: the
    // laws, not the likelihood of the fragments as session starts, fix it.
    // Measured (seed 1): 9.28 ± 0.13 fragments (9.40), 23.55 ± 0.35 requests (24),
    // ρ 2.538; 0.1 is 2 s.e. of ρ taking the two counts as independent (they move
    // together, so more). Reading the fragments as session starts, N / L, would
    // make 3 fragments a window.
    const rho = r.mean / f.mean;
    expect(Math.abs(rho - (L * 8) / (L + span))).toBeLessThan(0.1);
  });
});

/*
 * The fragments' likelihood (src/fit/censored.ts): a stationary stream of
 * sessions with known laws, longer than the window (pages geometric mean 5,
 * think times lognormal median 25 s, σ 0.5, one in 1,500 under the 5 s
 * embedded gap; objects geometric mean 1, object gaps lognormal median 1 s),
 * seen through one minute an hour, each session on a host of its own; the
 * log's lines are the requests inside the windows. With `fragments` the
 * censored fit reads each fragment as a fresh start or as the continuation
 * of a session begun before its window: it recovers the laws, and the
 * requests per fragment of the fitted laws, L·E[R] / (L + E[S_L]), match the
 * log's; read as fresh starts (the default), they do not.
 */
const TRUE = { pagesMean: 5, thinkMedian: 25, thinkSigma: 0.5, objectsMean: 1, gapMedian: 1 };
const STREAM = { period: 3600, length: 60, windows: 300, rate: 0.06, before: 3000 };

function stationaryLog(): { lines: string[]; fragments: number[] } {
  const u = rng("fragments");
  const lines: [number, string][] = [];
  const requests = new Map<number, number>();
  let host = 0;
  const { period, length, windows, rate, before } = STREAM;
  for (let w = 0; w < windows; w++) {
    const open = T0 + before + w * period;
    // Poisson session starts over [open − before, open + length).
    let t0 = open - before;
    for (;;) {
      t0 += -Math.log(1 - u()) / rate;
      if (t0 >= open + length) break;
      const id = host++;
      const h = `10.${id >> 16}.${(id >> 8) & 255}.${id & 255}`;
      const keep = (t: number, line: () => string) => {
        if (t < open || t >= open + length) return;
        lines.push([t, line()]);
        requests.set(id, (requests.get(id) ?? 0) + 1);
      };
      let t = t0;
      let pages = 1;
      while (u() > 1 / TRUE.pagesMean) pages++;
      for (let p = 0; p < pages; p++) {
        if (p > 0) t += TRUE.thinkMedian * Math.exp(TRUE.thinkSigma * normal(u));
        if (t >= open + length) break;
        keep(t, () => clfLine(h, t, `/page${p}`));
        let objects = 0;
        while (u() > 1 / (TRUE.objectsMean + 1)) objects++;
        for (let o = 0; o < objects; o++) {
          t += TRUE.gapMedian * Math.exp(0.7 * normal(u));
          keep(t, () => clfLine(h, t, `/o${o}.png`, `http://site/page${p}`));
        }
      }
    }
  }
  return {
    lines: lines.sort((a, b) => a[0] - b[0]).map((x) => x[1]),
    fragments: [...requests.values()],
  };
}

/** A candidate's parameter and its standard error on the log scale (of value − lo). */
function estimate(d: FittedDistribution, family: string, name: string, lo = 0) {
  const c = d.candidates.find((x) => x.family === family)!;
  const p = c.params.find((x) => x.name === name)!;
  return {
    value: p.value,
    logError: (v: number) => Math.log((p.value - lo) / (v - lo)),
    se: Math.log((p.high - lo) / (p.value - lo)) / 1.959963984540054,
  };
}

/** The stream's log, fitted (the laws only: no return visits, no population fit), and the fitted laws' ρ. */
async function fitStream(fragments: boolean) {
  const { lines, fragments: seen } = stationaryLog();
  const fit = await fitLog(() => [lines], {
    ...DEFAULT_FIT_OPTIONS,
    revisit: false,
    population: false,
    fragments,
    // The one-law fit this file measures (heavy sessions: heavy.test.ts).
    heavy: false,
    file: "stationary.log",
  });
  const c = fit.classes[0]!;
  // ρ = L·E[R] / (L + E[S_L]) of the fitted laws against the log's mean
  // requests per fragment and its standard error.
  const L = STREAM.length;
  const law = (d: FittedDistribution) => (d as LawFit).law;
  const span = seenSpan(c.pages.spec, c.objects.spec, law(c.thinkTime), law(c.objectGap), L);
  const R = countMean(c.pages.spec, 1) * (1 + countMean(c.objects.spec, 0));
  const n = seen.length;
  const mean = seen.reduce((a, b) => a + b, 0) / n;
  const se = Math.sqrt(seen.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) / n);
  return { fit, c, rho: (L * R) / (L + span), mean, se };
}

describe("the fragments' likelihood: a stationary stream cut by windows, fitted back", () => {
  it("recovers the laws and the log's requests per fragment; every fragment a start misses them", async () => {
    const { fit, c, rho, mean, se } = await fitStream(true);
    expect(fit.observe).toMatchObject({ period: STREAM.period, length: STREAM.length });
    // Think times and objects per page within 3 s.e. (measured: −1.6, −0.5 and
    // −1.0 s.e.; before the rule for what the windows identify, 0.6, 1.2 and
    // −1.0). Pages: the likelihood's law is a Pareto (α 1.27 from 1.48) with
    // most of its mean beyond the 5 pages a window showed, so the rule
    // (censored.ts, `identified`) refits it as the empirical law on 1 … 5
    // (92% at 5), then holds it to the log's requests per fragment (`holdMean`:
    // its top atom, "5 or more", split between 5 and 6: mean 5.2, the true
    // geometric 5); the session's length is checked through ρ below.
    const checks: [ReturnType<typeof estimate>, number][] = [
      [estimate(c.thinkTime, "lognormal", "median"), TRUE.thinkMedian],
      [estimate(c.thinkTime, "lognormal", "sigma"), TRUE.thinkSigma],
      [estimate(c.objects, "geometric", "mean"), TRUE.objectsMean],
    ];
    for (const [e, truth] of checks)
      expect(Math.abs(e.logError(truth)), `${e.value} vs ${truth}`).toBeLessThan(3 * e.se);
    // Requests per fragment, L·E[R] / (L + E[S_L]) of the fitted laws, against
    // the log's mean within 3 s.e. of that mean (measured: 3.4126 against
    // 3.4127 ± 0.039, −0.0007 s.e., the moment condition `holdMean` holds for a
    // class the rule refits; 3.3705, −1.1 s.e., under the rule without it;
    // 3.4116 before the rule). Every fragment read
    // as a session's start (the likelihood before) fits 4.07, 17 s.e. off
    // (its pages a Pareto α 0.49).
    expect(Math.abs(rho - mean), `ρ ${rho} vs the log's ${mean} ± ${se}`).toBeLessThan(3 * se);
    const old = await fitStream(false);
    expect(Math.abs(old.rho - mean), `starts only: ρ ${old.rho}`).toBeGreaterThan(3 * se);
  });
});

/*
 * What the windows identify (src/fit/censored.ts, `identified`): a host busy
 * through every window (a crawler: a page every 8 to 12 s, day and night)
 * is seen in each window from its opening to its end, never starting or
 * ending a session. Its fragments carry its rate, not its session's length:
 * the fragments' likelihood alone runs its pages law to the bound (every
 * fragment a continuation; measured: a law whose mean is nearly all beyond
 * the most pages a window showed), and sessions that long never end in the
 * fitted run. The rule refits its pages law on the pages a window showed and
 * holds it to the log's requests per fragment (`holdMean`).
 */
function crawlerLog(): string[] {
  const u = rng("crawler");
  const lines: [number, string][] = [];
  const { period, length } = STREAM;
  let t = T0;
  let page = 0;
  while (t < T0 + 48 * period) {
    t += 8 + 4 * u();
    if ((t - T0) % period < length) lines.push([t, clfLine("10.9.9.9", t, `/crawl${page++}`)]);
  }
  // One-request visitors, each on a host of its own, and at each window's
  // first and last second (the windows detected exactly).
  let host = 0;
  for (let w = 0; w < 48; w++) {
    const open = T0 + w * period;
    for (const at of [0.5, length - 0.5, ...Array.from({ length: 10 }, () => length * u())]) {
      const id = host++;
      lines.push([open + at, clfLine(`10.1.${id >> 8}.${id & 255}`, open + at, "/")]);
    }
  }
  return lines.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
}

describe("the fragments' likelihood: what the windows identify", () => {
  it("a host busy through every window: its pages law held to the log's requests per fragment, not to the bound", async () => {
    const fit = await fitLog(() => [crawlerLog()], {
      ...DEFAULT_FIT_OPTIONS,
      revisit: false,
      population: false,
      fragments: true,
      heavy: false,
      file: "crawler.log",
    });
    expect(fit.observe).toMatchObject({ period: STREAM.period, length: STREAM.length });
    const c = fit.classes.find((k) => k.host === "10.9.9.9")!;
    const top = c.pages.max;
    expect(top).toBeGreaterThanOrEqual(5);
    // The empirical law on the pages the windows showed, its top atom ("top
    // or more": the windows cut there) moved up so that the laws' requests
    // per fragment are the log's (censored.ts, `holdMean`; measured: to 194.4
    // pages, split between 194 and 195; the rule without it left the atom at
    // the top, the crawler's sessions a fragment long). Without the rule: a
    // geometric law of mean 460 to the bound (10,000; measured), sessions of
    // over an hour that the windows never saw.
    const spec = c.pages.spec as { dist: string; values: number[] };
    expect(spec.dist).toBe("empirical");
    expect(Math.max(...spec.values)).toBeGreaterThan(top);
    expect(Math.max(...spec.values)).toBeLessThanOrEqual(1000);
    // The moment condition holds: ρ of the fitted laws is the log's ρ̂, to the
    // written weights' four digits (measured: 5.85714292 against 5.85714286).
    const law = (d: FittedDistribution) => (d as LawFit).law;
    const span = seenSpan(
      c.pages.spec,
      c.objects.spec,
      law(c.thinkTime),
      law(c.objectGap),
      STREAM.length,
    );
    const R = countMean(c.pages.spec, 1) * (1 + countMean(c.objects.spec, 0));
    const rhoLog = c.requests / c.sessions;
    const rho = (STREAM.length * R) / (STREAM.length + span);
    expect(Math.abs(rho / rhoLog - 1), `ρ ${rho} vs the log's ${rhoLog}`).toBeLessThan(0.02);
  });
});
