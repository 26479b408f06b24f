import { describe, expect, it } from "vitest";
import { replicate, runScenario } from "../../../src/run/index.js";
import { type AccessLogSink, runStudy } from "../../../src/study/index.js";
import { scenario } from "../../helpers.js";

/*
 * `rrdns run`'s decisions (src/study/run-study.ts): one run or replications,
 * with or without access logs; stepping for progress or for logs changes no
 * result.
 */

const s = scenario({ duration: 300, seed: 5 });

/** An in-memory sink: how many requests it was given, how far it was flushed, whether it was closed. */
class Sink implements AccessLogSink {
  count = 0;
  flushedTo = 0;
  closed = false;
  served(): void {
    this.count++;
  }
  unanswered(): void {}
  async flush(now: number): Promise<void> {
    this.flushedTo = now;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe("runStudy", () => {
  it("one run: the scenario's run on the given seed, with progress up to the horizon", async () => {
    let last = 0;
    const study = await runStudy({
      scenario: s,
      seed: 2,
      replications: 1,
      onProgress: (run, seconds, horizon) => {
        expect(run).toBe(0);
        last = seconds / horizon;
      },
    });
    expect(study.results).toEqual(runScenario(s, { seed: 2 }));
    expect(study.replicated).toBeUndefined();
    expect(study.trace).toBeUndefined();
    expect(last).toBe(1);
  });

  it("replications: the report's run is the first replication's, as replicate gives them", async () => {
    const study = await runStudy({ scenario: s, replications: 2 });
    const expected = replicate(s, { replications: 2 });
    expect(study.replicated).toEqual(expected);
    expect(study.results).toEqual(expected.first);
  });

  it("access logs: each replication's own sink, flushed to the horizon and closed; the results unchanged", async () => {
    const sinks = [new Sink(), new Sink()];
    const study = await runStudy({ scenario: s, replications: 2, logsFor: (r) => sinks[r]! });
    expect(study.replicated).toEqual(replicate(s, { replications: 2 }));
    for (const k of sinks) {
      expect(k.count).toBeGreaterThan(0);
      expect(k.flushedTo).toBe(s.duration);
      expect(k.closed).toBe(true);
    }
  });
});
