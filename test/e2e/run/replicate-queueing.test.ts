import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  METRICS,
  metricById,
  QUEUEING_METRICS,
  replicate,
  runScenario,
} from "../../../src/run/index.js";
import { loadScenario, type Scenario } from "../../../src/scenario/index.js";
import { messages, ROOT, rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-replicate-q-"));
const bundled = (name: string): Scenario =>
  loadScenario(readFileSync(join(ROOT, `scenarios/${name}.yaml`), "utf8"), `${name}.yaml`);

// Three servers at 70% with capacity; the failure is moved out of the short run.
const capacity: Scenario = { ...bundled("retry-storm"), duration: 240, failures: [] };

describe("replications carry the queueing metrics of servers with capacity", () => {
  const rep = replicate(capacity, { replications: 3, seed: 5 });
  const runs = rep.seeds.map((seed) => runScenario(capacity, { seed }));

  it("every DNS metric and every queueing metric, in that order, each with mean, sd and CI", () => {
    expect(rep.metrics.map((m) => m.id)).toEqual([
      ...METRICS.map((m) => m.id),
      ...QUEUEING_METRICS.map((m) => m.id),
    ]);
    for (const m of rep.metrics.filter((m) => m.id.startsWith("queueing."))) {
      expect(m.summary.n, m.id).toBe(3);
      expect(m.summary.sd, m.id).not.toBeNull();
      expect(m.summary.ci95High!, m.id).toBeGreaterThan(m.summary.ci95Low!);
    }
  });

  it("each value is the replication's own result (p99, utilisation, wait, shares)", () => {
    const of = (id: string) => rep.metrics.find((m) => m.id === id)!;
    expect(of("queueing.totals.responseTime.p99").values).toEqual(
      runs.map((r) => r.queueing!.totals.responseTime.p99),
    );
    of("queueing.fleetUtilisation").values.forEach((v, i) => {
      expect(v).toBeCloseTo(runs[i]!.queueing!.totals.utilisation, 9);
    });
    expect(of("queueing.busiestUtilisation").values).toEqual(
      runs.map((r) => Math.max(...r.queueing!.servers.map((s) => s.utilisation))),
    );
    // Mean wait over all accepted requests: the accepted-weighted mean of the servers'.
    const wait = runs.map((r) => {
      const q = r.queueing!.servers;
      return (
        q.reduce((a, s) => a + s.meanWait! * s.accepted, 0) / q.reduce((a, s) => a + s.accepted, 0)
      );
    });
    of("queueing.meanWait").values.forEach((v, i) => {
      expect(v).toBeCloseTo(wait[i]!, 12);
    });
    expect(of("queueing.timedOutShare").values).toEqual(
      runs.map((r) => r.queueing!.totals.timedOut / r.totals.attempts),
    );
    // The shares' intervals are Wilson's: inside [0, 1] even where every run had none.
    for (const id of ["queueing.refusedShare", "queueing.droppedShare", "totals.failedShare"]) {
      const s = of(id).summary;
      expect(s.ci95Low, id).toBeGreaterThanOrEqual(0);
      expect(s.ci95High!, id).toBeLessThanOrEqual(1);
    }
  });

  it("a server down for the whole run is left out of fleet utilisation", () => {
    const dead: Scenario = {
      ...capacity,
      failures: [{ server: "10.10.0.1", at: 0, duration: capacity.duration, mode: "refused" }],
    };
    const r = runScenario(dead, { seed: 5 });
    const fleet = metricById("queueing.fleetUtilisation").read(r)!;
    const live = r.queueing!.servers.slice(1);
    expect(r.queueing!.servers[0]!.utilisation).toBe(0);
    expect(fleet).toBeCloseTo(live.reduce((a, s) => a + s.utilisation, 0) / 2, 12);
    // Counting the dead server as idle would report two thirds of that.
    expect(fleet).toBeGreaterThan(r.queueing!.totals.utilisation * 1.4);
  });

  it("a run without capacity keeps exactly the ten DNS metrics", () => {
    const plain = { ...bundled("default"), duration: 120 };
    const r = replicate(plain, { replications: 2 });
    expect(r.metrics.map((m) => m.id)).toEqual(METRICS.map((m) => m.id));
  });

  it("end to end: replications.json, the summary CSV and the HTML report carry them", async () => {
    const out = join(tmp, "rs");
    const r = await rrdnsInProcess([
      "run",
      "retry-storm",
      "--replications",
      "2",
      "--duration",
      "120",
      // The scenario's failure starts at 1200 s: after this run's horizon.
      "--out",
      out,
    ]);
    // The failure scheduled past this short run's end is warned about; nothing else is said.
    expect(messages(r.stderr)).toMatch(
      /^rrdns: warning: failures\[0\]\.at = 1200 s is not before the end of the run \(120 s\)[^\n]*\n$/,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /p99 response time \(s\)\s+[\d.]+\s+[\d.e-]+\s+\[[\d.]+, [\d.]+\]\s+2/,
    );
    const json = JSON.parse(readFileSync(join(out, "replications.json"), "utf8"));
    const ids = json.metrics.map((m: { id: string }) => m.id);
    for (const m of QUEUEING_METRICS) expect(ids).toContain(m.id);
    const csv = readFileSync(join(out, "replications-summary.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("metric,label,unit,n,mean,sd,ci95_low,ci95_high");
    expect(csv.find((l) => l.startsWith("queueing.fleetUtilisation,"))).toMatch(
      /^queueing\.fleetUtilisation,fleet utilisation,share,2,[\d.]+,[\d.e-]+,[\d.]+,[\d.]+$/,
    );
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain('<h2 id="replications-title">Replications</h2>');
    expect(html).toContain("<td>p99 response time (s)</td>");
    // Redrawn by `rrdns report`, elsewhere: the same page, replications table included.
    const redrawn = await rrdnsInProcess([
      "report",
      join(out, "results.json"),
      "--out",
      join(tmp, "redrawn"),
    ]);
    expect(redrawn.code).toBe(0);
    expect(readFileSync(join(tmp, "redrawn", "index.html"), "utf8")).toBe(html);
    expect(readFileSync(join(tmp, "redrawn", "replications-summary.csv"), "utf8")).toBe(
      csv.join("\n"),
    );
    // A replications.json that is not one: exit 2, naming the file and the field.
    writeFileSync(join(out, "replications.json"), '{"scenario":"x","replications":2}');
    const bad = await rrdnsInProcess([
      "report",
      join(out, "results.json"),
      "--out",
      join(tmp, "bad"),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/replications\.json: not an rrdns replications file: baseSeed: /);
    expect(bad.stderr).not.toContain("    at ");
  });
});
