import { extent } from "./format.js";
import type { SweepChartData } from "./sweep-types.js";
import type { VegaLiteSpec } from "./types.js";

type Parameter = SweepChartData["parameters"][number];

/** How a sweep's swept parameter is drawn along x. */
export interface SweepXAxis {
  readonly parameter: Parameter;
  /** Quantitative (numbers) or ordinal (words, or a mix). */
  readonly numeric: boolean;
  readonly encoding: VegaLiteSpec;
}

/**
 * The x axis of sweep charts: the first parameter that takes more than one
 * value. Log scale for TTLs and for values spanning more than two decades
 * (symlog when zero is among them, which a log scale cannot show). Null for
 * a one-point sweep, which has nothing to plot against.
 */
export function sweepXAxis(output: SweepChartData): SweepXAxis | null {
  const parameter = output.parameters.find((p) => p.values.length > 1);
  if (!parameter) return null;
  const numeric = parameter.values.every((v) => typeof v === "number");
  if (!numeric) {
    return {
      parameter,
      numeric,
      encoding: {
        field: "x",
        type: "ordinal",
        title: parameter.path,
        sort: parameter.values.map(String),
      },
    };
  }
  const values = parameter.values as readonly number[];
  const [min, max] = extent(values);
  const positive = values.filter((v) => v > 0);
  const spansDecades = positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 100;
  const logLike = parameter.path === "dns.ttl" || spansDecades;
  const scale: VegaLiteSpec = !logLike
    ? { zero: false, nice: false, domain: [min, max] }
    : min > 0
      ? { type: "log", nice: false, domain: [min, max] }
      : { type: "symlog", nice: false, domain: [min, max] };
  return {
    parameter,
    numeric,
    encoding: {
      field: "x",
      type: "quantitative",
      title:
        parameter.path === "dns.ttl"
          ? "TTL (s, log scale)"
          : `${parameter.path}${logLike ? " (log scale)" : ""}`,
      scale,
      // Ticks at the values tried, when few enough to label: they are what the reader looks up.
      axis: {
        ...(values.length <= 12 ? { values: [...values] } : { tickCount: 8 }),
        labelExpr: "format(datum.value, '~s')",
        grid: true,
        labelOverlap: true,
      },
    },
  };
}
