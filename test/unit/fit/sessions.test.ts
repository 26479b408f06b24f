import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClassObservations, DEFAULT_RULES, SessionReconstructor } from "../../../src/fit/index.js";

function rebuild(requests: readonly [number, number, string, string][], hosts = 2) {
  const classes = [new ClassObservations()];
  const r = new SessionReconstructor(
    { ...DEFAULT_RULES, extensions: true },
    new Int32Array(hosts),
    classes,
  );
  for (const [t, h, path, ref] of requests) r.request(t, h, path, ref);
  r.finish();
  return { c: classes[0]!, perHost: Array.from(r.sessionsPerHost) };
}

describe("session reconstruction", () => {
  it("splits a host's requests into sessions at the inactivity gap (1800 s), not before", () => {
    const { c, perHost } = rebuild([
      [0, 0, "/a", ""],
      [1799, 0, "/b", ""], // same session: a new page after 1799 s think time
      [3599, 0, "/c", ""], // 1800 s of silence: a new session
    ]);
    expect(perHost[0]).toBe(2);
    expect(c.sessionStarts).toEqual([0, 3599]);
    expect(c.pages.entries()).toEqual({ values: [1, 2], counts: [1, 1] });
    expect(c.thinkTime.entries()).toEqual({ values: [1799], counts: [1] });
  });

  it("counts objects per page and the gaps inside a page's burst", () => {
    const { c } = rebuild([
      [0, 0, "/page", ""],
      [1, 0, "/x.png", ""],
      [3, 0, "/y.css", ""],
      [20, 0, "/page2", ""],
      [21, 0, "/z.js", ""],
      [0, 1, "/other", ""],
    ]);
    expect(c.objects.entries()).toEqual({ values: [0, 1, 2], counts: [1, 1, 1] });
    expect(c.objectGap.entries()).toEqual({ values: [1, 2], counts: [2, 1] });
    expect(c.thinkTime.entries()).toEqual({ values: [17], counts: [1] });
    expect(c.requestsPerSession.entries()).toEqual({ values: [1, 5], counts: [1, 1] });
  });

  it("conserves requests: every request is a page or an object of exactly one session", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 4000 }),
            host: fc.integer({ min: 0, max: 3 }),
            png: fc.boolean(),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (steps) => {
          let t = 0;
          const reqs: [number, number, string, string][] = steps.map((s) => {
            t += s.dt;
            return [t, s.host, s.png ? "/a.png" : "/p", ""];
          });
          const { c, perHost } = rebuild(reqs, 4);
          const sessions = perHost.reduce((a, b) => a + b, 0);
          expect(c.sessionStarts.length).toBe(sessions);
          expect(c.pages.n).toBe(sessions);
          expect(c.requestsPerSession.sum).toBe(reqs.length);
          expect(c.pages.sum + c.objects.sum).toBe(reqs.length);
          expect(c.objects.n).toBe(c.pages.sum); // one objects count per page
          expect(c.thinkTime.n).toBe(c.pages.sum - sessions);
          expect(c.objectGap.n).toBe(c.objects.sum);
        },
      ),
    );
  });
});
