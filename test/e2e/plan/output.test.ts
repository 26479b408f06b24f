import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messages, rrdnsInProcess } from "../../cli-helpers.js";

/** 100 visits/s of one request, each server 1 worker at 20 ms (capacity 50/s): ρ = 2/n. */
const text = `name: plan-files
duration: 300
warmup: 30
servers: [ {address: 10.0.0.2} ]
service: { serviceTime: { distribution: exponential, mean: 0.02 } }
dns: { ttl: 0, order: cyclic }
resolvers: { count: 1 }
clients: { rate: 100, selection: failover, timeout: 5 }
`;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

describe("rrdns plan --out", () => {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-plan-out-"));
  const file = join(dir, "plan.yaml");
  writeFileSync(file, text);
  const plan = async (out: string, slo: string, ...extra: string[]) =>
    await rrdnsInProcess([
      "plan",
      file,
      "--slo",
      slo,
      "--servers",
      "2..4",
      "--replications",
      "2",
      "--out",
      out,
      // In the CLI's own thread: the plan is the same on any number of workers
      // (ttl-decisions.test.ts), and each worker thread loads the model again (0.4 CPU-s).
      ...(extra.includes("--workers") ? [] : ["--workers", "1"]),
      ...extra,
    ]);

  it("writes plan.json, plan.csv and the chart, listed in the manifest (exit 0)", async () => {
    const out = join(dir, "ok");
    const r = await plan(out, "p99<0.5s");
    expect(messages(r.stderr)).toBe("");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}/`);
    expect(r.stdout).not.toContain("wrote");
    const json = JSON.parse(readFileSync(join(out, "plan.json"), "utf8"));
    expect(json.rrdns).toBe("capacity-plan");
    expect(json.recommended).not.toBeNull();
    const csv = readFileSync(join(out, "plan.csv"), "utf8").trimEnd().split("\n");
    // A header, then four statistics per candidate tried.
    expect(csv).toHaveLength(1 + 4 * json.candidates.length);
    const svg = readFileSync(join(out, "plan.svg"), "utf8");
    expect(svg).toContain("<svg");
    expect(svg).toContain("p99 response time (s)");
    expect([...readFileSync(join(out, "plan.png")).subarray(0, 4)]).toEqual(PNG_MAGIC);
    const manifest = JSON.parse(readFileSync(join(out, ".rrdns-manifest.json"), "utf8"));
    expect(JSON.stringify(manifest)).toContain("plan.png");
  });

  it("writes the files also when no count meets the SLO (exit 3); --no-report removes the chart", async () => {
    const out = join(dir, "none");
    const first = await plan(out, "p99<0.5s");
    expect(first.code).toBe(0);
    const none = await plan(out, "p99<0.001s", "--no-report");
    expect(none.code).toBe(3);
    expect(JSON.parse(readFileSync(join(out, "plan.json"), "utf8")).recommended).toBeNull();
    expect(existsSync(join(out, "plan.csv"))).toBe(true);
    // The chart of the earlier plan would describe other numbers: the manifest lets it go.
    expect(existsSync(join(out, "plan.png"))).toBe(false);
    expect(existsSync(join(out, "plan.svg"))).toBe(false);
  });

  it("keeps --format json on stdout exactly as plan.json", async () => {
    const out = join(dir, "json");
    const r = await plan(out, "p99<0.5s", "--format", "json", "--no-report");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(out, "plan.json"), "utf8"));
  });

  it("refuses an --out that is a file before simulating (exit 2)", async () => {
    const r = await plan(file, "p99<0.5s");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("    at ");
  });
});
