import type { Rng } from "../../engine/index.js";
import type { Scenario } from "../../scenario/index.js";

type ServiceTimeSpec = NonNullable<Scenario["servers"][number]["serviceTime"]>;

/** Draws one service time (seconds, at speed 1) from the server's own stream. */
export type ServiceTimeSampler = (rng: Rng) => number;

/** z of the standard normal's 99th percentile: a lognormal's σ is ln(p99 / median) / z99. */
const Z99 = 2.3263478740408408;

/** The sampler and mean of a (cross-checked) service-time spec. */
export function serviceTimeOf(spec: ServiceTimeSpec): {
  readonly sample: ServiceTimeSampler;
  readonly mean: number;
} {
  switch (spec.distribution) {
    case "exponential": {
      const mean = spec.mean!;
      // 1 - u lies in (0, 1], so the log is finite.
      return { sample: (rng) => -Math.log(1 - rng()) * mean, mean };
    }
    case "deterministic": {
      const mean = spec.mean!;
      // Draws nothing, so no stream moves when a fleet switches distributions.
      return { sample: () => mean, mean };
    }
    case "lognormal": {
      const mu = Math.log(spec.median!);
      const sigma = Math.log(spec.p99! / spec.median!) / Z99;
      return {
        sample: (rng) => {
          // Box–Muller with two fresh uniforms per draw (the second normal is
          // discarded), so each draw consumes a fixed number of uniforms.
          const u = 1 - rng();
          const v = rng();
          return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        },
        mean: Math.exp(mu + (sigma * sigma) / 2),
      };
    }
    case "empirical": {
      const values = Float64Array.from(spec.values!);
      let sum = 0;
      for (const v of values) sum += v;
      return {
        sample: (rng) => values[Math.floor(rng() * values.length)]!,
        mean: sum / values.length,
      };
    }
  }
}
