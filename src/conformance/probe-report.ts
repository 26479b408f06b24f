import type { ResolverBehaviourName } from "../scenario/index.js";
import { RESOLVER_BEHAVIOUR_REGISTRY } from "./model-access.js";
import { analyseOrders, type OrderAnalysis, type OrderPattern } from "./order-pattern.js";

/** One answer `rrdns probe` saw: seconds since the first query, addresses in wire order, TTL. */
export interface ProbeAnswer {
  readonly t: number;
  readonly addresses: readonly string[];
  readonly ttl: number;
}

export interface ProbeReport {
  readonly queries: number;
  readonly order: OrderAnalysis;
  /** First TTL seen, lowest seen, and the times (s) at which the TTL went up again (a refetch). */
  readonly ttl: {
    readonly first: number;
    readonly lowest: number;
    readonly refetchesAt: readonly number[];
  };
  /** The rrdns base behaviour matching the pattern, or null when none does. */
  readonly behaviour: ResolverBehaviourName | null;
  /** Presets whose cache order is that behaviour. */
  readonly presets: readonly ResolverBehaviourName[];
}

/** Which base behaviour reproduces each observed pattern (dnsmasq's −1 rotation is its own preset). */
const BEHAVIOUR_OF: Readonly<Record<OrderPattern, ResolverBehaviourName | null>> = {
  "rotate+1": "rotate",
  "rotate-1": "dnsmasq",
  "random-offset": "rotate-random",
  shuffle: "shuffle",
  frozen: "frozen",
  other: null,
};

export function probeReport(answers: readonly ProbeAnswer[]): ProbeReport {
  const order = analyseOrders(answers.map((a) => a.addresses));
  const refetchesAt: number[] = [];
  for (let i = 1; i < answers.length; i++) {
    if (answers[i]!.ttl > answers[i - 1]!.ttl) refetchesAt.push(answers[i]!.t);
  }
  const behaviour = BEHAVIOUR_OF[order.pattern];
  const presets = (Object.keys(RESOLVER_BEHAVIOUR_REGISTRY) as ResolverBehaviourName[]).filter(
    (name) => {
      const b = RESOLVER_BEHAVIOUR_REGISTRY[name];
      if (name === b.order) return false; // a base behaviour, not a preset
      if (behaviour === "dnsmasq") return b.dnsmasqRotation;
      return b.order === behaviour && !b.dnsmasqRotation;
    },
  );
  return {
    queries: answers.length,
    order,
    ttl: {
      first: answers[0]?.ttl ?? 0,
      lowest: Math.min(...answers.map((a) => a.ttl)),
      refetchesAt,
    },
    behaviour,
    presets,
  };
}

/** The `resolvers.behaviour` snippet for a scenario file. */
export function scenarioSnippet(r: ProbeReport): string {
  if (!r.behaviour) return "# no rrdns behaviour matches the observed order\n";
  return `resolvers:\n  behaviour: ${r.behaviour}   # ${r.order.pattern}; ${r.order.confidence}\n`;
}

export function probeTable(r: ProbeReport, target: string, name: string): string {
  const lines = [
    `probe ${target} ${name}: ${r.queries} answers`,
    "",
    "first address   share",
    ...Object.entries(r.order.shares).map(
      ([a, s]) => `${a.padEnd(15)} ${(100 * s).toFixed(1).padStart(5)}%`,
    ),
    "",
    `rotation: ${r.order.pattern} (${r.order.confidence})`,
    `steps by offset: ${r.order.stepCounts.map((c, k) => `${k}:${c}`).join(" ")}, no rotation: ${r.order.nonRotations}`,
    `TTL: first ${r.ttl.first} s, lowest ${r.ttl.lowest} s, ${
      r.ttl.refetchesAt.length === 0
        ? "no refetch seen"
        : `refetch seen at ${r.ttl.refetchesAt.map((t) => `${t.toFixed(1)} s`).join(", ")}`
    }`,
    r.behaviour
      ? `matches rrdns behaviour: ${r.behaviour}${r.presets.length ? ` (presets: ${r.presets.join(", ")})` : ""}`
      : "matches no rrdns behaviour",
  ];
  return `${lines.join("\n")}\n`;
}
