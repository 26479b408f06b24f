import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/run/index.js";
import { ROOT } from "../cli-helpers.js";
import { scenario } from "../helpers.js";

/**
 * The core (src/run and everything it imports: engine, model, metrics,
 * scenario) must run in a browser: a Web Worker playground drives the same
 * Simulation. Bundled for the browser and run in a bare V8 context with no
 * require, process or Buffer, it must give runScenario's results byte for byte.
 */
describe("browser bundle of the core", () => {
  it("bundles src/run for the browser and runs a scenario in a context without Node globals", async () => {
    const bundle = await build({
      entryPoints: [join(ROOT, "src/run/index.ts")],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "rrdns",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    expect(bundle.errors).toEqual([]);
    const code = bundle.outputFiles[0]!.text;
    // No CommonJS shim left to call a missing `require` at run time.
    expect(code).not.toMatch(/\b__require\b|\brequire\(/);

    const context = createContext({});
    expect(runInContext("typeof require + typeof process + typeof Buffer", context)).toBe(
      "undefinedundefinedundefined",
    );
    runInContext(code, context);
    const s = scenario({
      duration: 300,
      warmup: 20,
      resolvers: {
        count: 40,
        behaviour: [
          { behaviour: "shuffle", share: 0.5 },
          { behaviour: "unbound", share: 0.5 },
        ],
      },
      dns: { ttl: 30, order: "random" },
      clients: { rate: 30, selection: "failover", requestsPerVisit: 2 },
      failures: [{ server: "10.0.0.2", at: 100, duration: 100 }],
    });
    context.scenarioJson = JSON.stringify(s);
    const inBrowser = runInContext(
      "JSON.stringify(rrdns.runScenario(JSON.parse(scenarioJson)))",
      context,
    ) as string;
    expect(inBrowser).toBe(JSON.stringify(runScenario(s)));
  });
});
