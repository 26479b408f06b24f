import {
  RESOLVER_PRESETS,
  type ResolverBehaviourName,
  type ResolverPreset,
} from "../scenario/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "./model-access.js";
import { analyseOrders, type OrderAnalysis, type OrderPattern } from "./order-pattern.js";
import { SimulatedResolver } from "./simulated.js";

/** One answer `rrdns probe` saw: seconds since the first query, addresses in wire order, TTL. */
export interface ProbeAnswer {
  readonly t: number;
  readonly addresses: readonly string[];
  readonly ttl: number;
}

/**
 * What a series of answers says about a resolver, each signal null when the
 * series could not show it: the order pattern of its cached answers; the
 * lowest TTL it showed before refetching (0: it serves TTL 0 for one more
 * second, like Unbound, Knot and dnsmasq --use-stale-cache; 1: it refetches
 * at expiry); the spacing of its refetches (TTL + 1 s or TTL).
 */
export interface ProbeSignals {
  readonly pattern: OrderPattern;
  /** Highest TTL seen: the record's TTL at the resolver (a fetch shows it whole). */
  readonly highestTtl: number;
  /** Times (s) at which the TTL went up again: a refetch. */
  readonly refetchesAt: readonly number[];
  /** Lowest TTL shown just before a refetch; null without a refetch or with gaps over 0.5 s. */
  readonly lowestTtl: number | null;
  /** Mean seconds between refetches; null with fewer than two. */
  readonly refetchSpacing: number | null;
}

export type ProbeCertainty = "sure" | "likely" | "ambiguous" | "no preset";

export interface ProbeReport {
  readonly queries: number;
  readonly order: OrderAnalysis;
  readonly signals: ProbeSignals;
  /** The preset named (the first candidate), or null when none matches every signal. */
  readonly preset: ResolverPreset | null;
  /** Every preset consistent with every signal seen. */
  readonly candidates: readonly ResolverPreset[];
  readonly certainty: ProbeCertainty;
  /** Why it is that sure, and what it could not tell apart, in sentences. */
  readonly reasons: readonly string[];
  /** The abstract cache order that reproduces the order pattern (closed-form model), or null. */
  readonly behaviour: ResolverBehaviourName | null;
}

/** Which abstract behaviour reproduces each observed pattern (dnsmasq's −1 rotation is its own preset). */
const BEHAVIOUR_OF: Readonly<Record<OrderPattern, ResolverBehaviourName | null>> = {
  "rotate+1": "rotate",
  "rotate-1": "dnsmasq",
  "random-offset": "rotate-random",
  shuffle: "shuffle",
  frozen: "frozen",
  other: null,
};

/** The TTL countdown is read only when the answers are at most this far apart (s). */
const FINE_SPACING = 0.5;

/** Indices where the TTL went up: a refetch, whose new order says nothing about the cache's. */
function refetchBreaks(answers: readonly ProbeAnswer[]): Set<number> {
  const breaks = new Set<number>();
  for (let i = 1; i < answers.length; i++) if (answers[i]!.ttl > answers[i - 1]!.ttl) breaks.add(i);
  return breaks;
}

export function probeSignals(answers: readonly ProbeAnswer[]): ProbeSignals {
  const order = analyseOrders(
    answers.map((a) => a.addresses),
    refetchBreaks(answers),
  );
  const refetchesAt: number[] = [];
  const beforeRefetch: number[] = [];
  let fine = true;
  for (let i = 1; i < answers.length; i++) {
    if (answers[i]!.t - answers[i - 1]!.t > FINE_SPACING + 1e-9) fine = false;
    if (answers[i]!.ttl > answers[i - 1]!.ttl) {
      refetchesAt.push(answers[i]!.t);
      beforeRefetch.push(answers[i - 1]!.ttl);
    }
  }
  const spacing =
    refetchesAt.length < 2
      ? null
      : (refetchesAt[refetchesAt.length - 1]! - refetchesAt[0]!) / (refetchesAt.length - 1);
  return {
    pattern: order.pattern,
    highestTtl: Math.max(0, ...answers.map((a) => a.ttl)),
    refetchesAt,
    lowestTtl: fine && beforeRefetch.length > 0 ? Math.min(...beforeRefetch) : null,
    refetchSpacing: spacing,
  };
}

/**
 * Each preset replayed in the simulator at the probe's own query times and
 * the record's TTL, read with the same analysis: the expected signals come
 * from the model, not from a table that could drift from it.
 */
export function presetSignals(
  preset: ResolverPreset,
  times: readonly number[],
  ttl: number,
): ProbeSignals {
  const r = new SimulatedResolver({ preset, upstream: "random", ttl: Math.max(1, ttl), seed: 11 });
  const t0 = times[0] ?? 0;
  const timed = probeSignals(
    times.map((t) => {
      const a = r.query(t - t0);
      return { t: t - t0, addresses: a.addresses, ttl: a.ttl };
    }),
  );
  // The order pattern is the preset's, not the probe's sample: 300 answers
  // within one TTL (a short probe's few steps would read as "other").
  const dense = new SimulatedResolver({ preset, upstream: "random", ttl: 3600, seed: 11 });
  const order = analyseOrders(
    Array.from({ length: 300 }, (_, i) => dense.query(i * 0.001).addresses),
  );
  return { ...timed, pattern: order.pattern };
}

/** Refetch spacings agree within the probe's own time resolution and a whole-second clock. */
function spacingTolerance(answers: readonly ProbeAnswer[]): number {
  let gap = 0;
  for (let i = 1; i < answers.length; i++) gap = Math.max(gap, answers[i]!.t - answers[i - 1]!.t);
  return gap + 0.3;
}

export function probeReport(answers: readonly ProbeAnswer[]): ProbeReport {
  const order = analyseOrders(
    answers.map((a) => a.addresses),
    refetchBreaks(answers),
  );
  const seen = probeSignals(answers);
  const times = answers.map((a) => a.t);
  const tolerance = spacingTolerance(answers);
  const candidates = RESOLVER_PRESETS.filter((preset) => {
    const expected = presetSignals(preset, times, seen.highestTtl);
    if (expected.pattern !== seen.pattern) return false;
    if (
      seen.lowestTtl !== null &&
      expected.lowestTtl !== null &&
      expected.lowestTtl !== seen.lowestTtl
    )
      return false;
    if (
      seen.refetchSpacing !== null &&
      expected.refetchSpacing !== null &&
      Math.abs(expected.refetchSpacing - seen.refetchSpacing) > tolerance
    )
      return false;
    return true;
  });
  const reasons: string[] = [`order: ${seen.pattern} (${order.confidence})`];
  reasons.push(
    seen.lowestTtl === null
      ? seen.refetchesAt.length === 0
        ? `lowest TTL: not seen (no refetch during the probe; probe for longer than the TTL, ${seen.highestTtl} s)`
        : `lowest TTL: not read (answers more than ${FINE_SPACING} s apart; use --interval ${FINE_SPACING} or less)`
      : `lowest TTL shown before a refetch: ${seen.lowestTtl}`,
  );
  reasons.push(
    seen.refetchSpacing === null
      ? "refetch spacing: not seen (fewer than two refetches)"
      : `refetch spacing: ${seen.refetchSpacing.toFixed(1)} s at TTL ${seen.highestTtl} (±${tolerance.toFixed(1)} s)`,
  );
  const signalsSeen =
    1 + (seen.lowestTtl === null ? 0 : 1) + (seen.refetchSpacing === null ? 0 : 1);
  let certainty: ProbeCertainty;
  if (candidates.length === 0) certainty = "no preset";
  else if (candidates.length > 1) certainty = "ambiguous";
  else certainty = signalsSeen === 3 ? "sure" : "likely";
  if (candidates.length === 1 && signalsSeen < 3)
    reasons.push(
      `no other preset matches what was seen, but ${3 - signalsSeen} signal(s) were missing`,
    );
  if (candidates.length > 1) {
    reasons.push(`could not tell apart: ${candidates.join(", ")}; ${whatSeparates(candidates)}`);
  }
  if (candidates.length === 0) {
    const b = BEHAVIOUR_OF[seen.pattern];
    reasons.push(
      b
        ? `no preset shows these signals together; the abstract behaviour ${b} reproduces the order alone`
        : "no preset and no abstract behaviour reproduces this order",
    );
  }
  return {
    queries: answers.length,
    order,
    signals: seen,
    preset: candidates[0] ?? null,
    candidates,
    certainty,
    reasons,
    behaviour: BEHAVIOUR_OF[seen.pattern],
  };
}

/** What would separate presets that look the same in steady state. */
function whatSeparates(candidates: readonly ResolverPreset[]): string {
  const reg = candidates.map((c) => RESOLVER_BEHAVIOUR_REGISTRY[c]);
  const differ = (f: (b: (typeof reg)[number]) => unknown) =>
    new Set(reg.map((b) => JSON.stringify(f(b)))).size > 1;
  const parts: string[] = [];
  if (differ((b) => [b.onAuthDown, b.staleTtl]))
    parts.push(
      `they differ when the authority is down (${reg.map((b) => `${b.name}: ${b.onAuthDown}`).join(", ")}), which a probe cannot provoke`,
    );
  if (differ((b) => b.shuffleOnFetch))
    parts.push(
      "they differ in the order of each fetched answer, which needs a fixed-order upstream to see",
    );
  if (differ((b) => b.lingerSeconds) || differ((b) => b.dnsmasqRotation))
    parts.push(
      "they differ in the TTL countdown: probe longer than two TTLs, at --interval 0.5 or less",
    );
  return parts.length > 0 ? parts.join("; ") : "they differ in nothing this probe measures";
}

/** The `resolvers.behaviour` snippet for a scenario file: the preset measured. */
export function scenarioSnippet(r: ProbeReport): string {
  if (r.preset) {
    const also = r.candidates.length > 1 ? `; or ${r.candidates.slice(1).join(", ")}` : "";
    return `resolvers:\n  behaviour: ${r.preset}   # ${r.certainty}${also}\n`;
  }
  if (r.behaviour)
    return `resolvers:\n  behaviour: ${r.behaviour}   # no preset matches; the ${r.order.pattern} order alone\n`;
  return "# no rrdns preset or behaviour matches the observed order\n";
}

export function probeTable(r: ProbeReport, target: string, name: string): string {
  const s = r.signals;
  const lines = [
    `probe ${target} ${name}: ${r.queries} answers`,
    "",
    "first address   share",
    ...Object.entries(r.order.shares).map(
      ([a, x]) => `${a.padEnd(15)} ${(100 * x).toFixed(1).padStart(5)}%`,
    ),
    "",
    `rotation: ${r.order.pattern} (${r.order.confidence})`,
    `steps by offset: ${r.order.stepCounts.map((c, k) => `${k}:${c}`).join(" ")}, no rotation: ${r.order.nonRotations}`,
    `TTL: highest ${s.highestTtl} s, lowest before a refetch ${s.lowestTtl ?? "not seen"}, ${
      s.refetchesAt.length === 0
        ? "no refetch seen"
        : `refetch seen at ${s.refetchesAt.map((t) => `${t.toFixed(1)} s`).join(", ")}`
    }`,
    "",
    r.preset
      ? `preset: ${r.preset} (${r.certainty})`
      : `preset: none matches${r.behaviour ? `; abstract behaviour ${r.behaviour}` : ""}`,
    ...r.reasons.map((x) => `  ${x}`),
    "",
    scenarioSnippet(r).trimEnd(),
  ];
  return `${lines.join("\n")}\n`;
}
