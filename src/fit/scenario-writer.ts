import { Document, isScalar, visit } from "yaml";
import { isoTime } from "../logs/index.js";
import { MAX_BINS, MAX_SERIES_VALUES } from "../scenario/index.js";
import { sessionClassEntry } from "./class-entry.js";
import type { FitResult } from "./fit-log.js";

export interface ScenarioWriterOptions {
  /** Servers 192.0.2.10, .11, … */
  readonly servers: number;
  readonly ttl: number;
  /** Each client its own caching resolver, or clients drawn onto resolvers.count shared ones. */
  readonly resolver: "own" | "shared";
  /** Seconds of a client's silence after which it resolves again (contract 1 `lookupGap`). */
  readonly lookupGap: number;
  /** Scenario name. */
  readonly name: string;
}

/** `access.log.gz` → `fitted-access`: a valid scenario name. */
export function fittedName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? "log";
  const stem = base.replace(/\.gz$/i, "").replace(/\.(log|txt|tsv|csv)$/i, "");
  const clean = stem.replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return `fitted-${clean || "log"}`.slice(0, 80);
}

/**
 * The scenario's window: a minute, or wider when a long log would make more
 * time bins than a scenario may have (MAX_BINS, MAX_SERIES_VALUES), so that
 * the written scenario passes its own validation.
 */
export function fittedWindow(duration: number, servers: number): number {
  const bins = Math.min(MAX_BINS, Math.floor(MAX_SERIES_VALUES / (4 * servers + 13)));
  return Math.max(60, Math.ceil(duration / bins / 60) * 60);
}

/** The scenario object (contract 1 session workload) of a fit. */
export function fittedScenario(fit: FitResult, o: ScenarioWriterOptions): Record<string, unknown> {
  const duration = Math.max(1, Math.ceil(fit.end - fit.origin));
  const heavy = fit.classes.filter((c) => c.host !== "").length;
  const description =
    `Fitted by rrdns fit from ${fit.options.file}: ${fit.requests.toLocaleString("en-US")} requests ` +
    `from ${fit.hosts.toLocaleString("en-US")} hosts, ${isoTime(fit.origin)} to ${isoTime(fit.end)}, ` +
    `in ${fit.sessions.toLocaleString("en-US")} sessions (inactivity gap ${fit.options.rules.sessionGap} s; ` +
    `embedded objects within ${fit.options.rules.embedGap} s, by Referer${fit.options.rules.extensions ? " or by static extension" : ""}). ` +
    `${heavy} heavy host(s) above ${fit.options.heavyShare * 100}% of the requests are classes of their own. ` +
    `${fit.intervals.length} active stretch(es) covering ${Math.round(fit.activeSeconds)} s of ${duration} s; ` +
    (fit.observe
      ? `a sampled log (${fit.observe.length} s every ${fit.observe.period} s): only the requests inside those windows are made.`
      : "the session rate is 0 in between.");
  return {
    name: o.name,
    description,
    duration,
    window: fittedWindow(duration, o.servers),
    start: "cold",
    servers: Array.from({ length: o.servers }, (_, i) => ({ address: `192.0.2.${10 + i}` })),
    dns: { ttl: o.ttl, order: "cyclic" },
    resolvers: { count: 1000, skew: 1, behaviour: "rotate" },
    clients: {
      rate: 0,
      selection: "failover",
      sessions: {
        lookupGap: o.lookupGap,
        classes: fit.classes.map((c) => sessionClassEntry(c, o.resolver)),
        ...(fit.observe ? { observe: fit.observe } : {}),
        // The log's first line finds sessions under way and (replayed) every cache empty.
        ...(fit.options.preRoll !== false ? { preRoll: "quiet" } : {}),
      },
    },
  };
}

/** The scenario as YAML text, with a schema comment; maps of plain values (distributions, steps, servers) on one line each. */
export function fittedScenarioYaml(fit: FitResult, o: ScenarioWriterOptions): string {
  const doc = new Document(fittedScenario(fit, o));
  visit(doc, {
    Map(_, node) {
      if (node.items.every((pair) => isScalar(pair.value))) node.flow = true;
    },
  });
  return `# yaml-language-server: $schema=scenario.schema.json\n# Written by rrdns fit; the fit report gives every estimate with its confidence interval.\n${doc.toString({ lineWidth: 100 })}`;
}
