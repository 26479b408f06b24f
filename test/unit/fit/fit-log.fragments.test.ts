import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/index.js";
import { seenSpan } from "../../../src/fit/fit-log.js";
import { SessionStarts } from "../../../src/fit/index.js";
import { quietPreRollSeconds, SessionWorkload } from "../../../src/model/index.js";
import { type SessionSpec, scenarioSchema } from "../../../src/scenario/index.js";
import { baseInput } from "../../helpers.js";

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
