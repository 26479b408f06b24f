import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/index.js";
import { refusePools } from "../../../src/study/refuse-pools.js";
import { ROOT } from "../../cli-helpers.js";
import { scenario } from "../../helpers.js";

/* A study that weighs visits or queued requests refuses a pool scenario (src/study/refuse-pools.ts). */

const refusal = { command: "ttl", why: "weighs visits. Measure the pool", sweep: "dns.ttl=5,30" };

describe("refusePools", () => {
  it("refuses a connection-pool scenario: the file, why, and the sweep to run instead", () => {
    const file = join(ROOT, "scenarios/headless-scale-out-grpc.yaml");
    const pool = loadScenario(readFileSync(file, "utf8"), file);
    expect(() => refusePools({ scenario: pool, path: "s.yaml" }, refusal)).toThrow(
      "s.yaml: connections: rrdns ttl weighs visits. Measure the pool with a sweep: rrdns sweep headless-scale-out-grpc --set dns.ttl=5,30",
    );
  });

  it("takes a scenario of visits", () => {
    expect(() => refusePools({ scenario: scenario(), path: "s.yaml" }, refusal)).not.toThrow();
  });
});
