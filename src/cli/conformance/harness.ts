import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ClampMeasurement,
  OutageMeasurement,
  OutageReaction,
  Protocol,
  SettingMeasurement,
  SettingSpec,
} from "../../conformance/index.js";
import {
  analyseOrders,
  type ConformanceRow,
  compareSetting,
  distinctFetches,
  meanInterval,
  measurePreset,
  shownTtls,
  upstreamQueryTimes,
} from "../../conformance/index.js";
import {
  LOOPBACK,
  type ResolverSpec,
  resolverSpecs,
  startBind,
  startDaemon,
  stopDaemon,
  versions,
  writeBindFiles,
  ZONES,
} from "./daemons.js";
import { DnsClient, type QueryResult, sleep, sleepUntil } from "./udp-client.js";

/** The settings compared, each with the preset that claims to model it. */
export const SETTINGS: readonly SettingSpec[] = [
  { id: "unbound", label: "Unbound (default)", preset: "unbound" },
  { id: "unbound-no-rr", label: "Unbound, rrset-roundrobin: no", preset: "unbound-no-rr" },
  {
    id: "unbound-serve-expired",
    label: "Unbound, serve-expired: yes",
    preset: "unbound-serve-expired",
  },
  { id: "dnsmasq", label: "dnsmasq (default)", preset: "dnsmasq" },
  { id: "pdns-recursor", label: "PowerDNS Recursor (default)", preset: "pdns-recursor" },
  { id: "knot-resolver", label: "Knot Resolver (forwarding)", preset: "knot-resolver" },
];

export interface HarnessOptions {
  readonly protocol: Protocol;
  /** First port; BIND listens on it, resolvers on base+1.. (see daemons.ts). */
  readonly basePort: number;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

export interface HarnessResult {
  readonly versions: readonly string[];
  readonly rows: readonly ConformanceRow[];
  readonly measurements: Readonly<Record<string, SettingMeasurement>>;
}

const now = () => Date.now() / 1000;

/** Every harness query goes to loopback only (the traffic rule); this is the one send. */
async function ask(
  client: DnsClient,
  port: number,
  name: string,
  timeoutMs: number,
): Promise<QueryResult> {
  return client.query(LOOPBACK, port, name, timeoutMs);
}

async function waitUntilAnswering(port: number, name: string, limitS = 15): Promise<void> {
  const client = new DnsClient();
  try {
    const deadline = now() + limitS;
    while (now() < deadline) {
      const r = await ask(client, port, name, 500);
      if (r.kind === "answer" && r.response.answers.length > 0) return;
      await sleep(200);
    }
    throw new Error(`nothing answered ${name} on ${LOOPBACK}:${port} within ${limitS} s`);
  } finally {
    client.close();
  }
}

/** Runs the whole harness: start, measure, compare with the presets, stop (also on failure). */
export async function runHarness(o: HarnessOptions): Promise<HarnessResult> {
  const log = o.log ?? (() => {});
  const p = o.protocol;
  const dir = mkdtempSync(join(tmpdir(), "rrdns-conformance-"));
  const bindConf = writeBindFiles(dir, o.basePort);
  const specs = resolverSpecs(o.basePort, { min: p.clampMin, max: p.clampMax });
  const children: ChildProcess[] = [];
  let bind: ChildProcess | undefined;
  try {
    bind = startBind(dir, bindConf);
    await waitUntilAnswering(o.basePort, `ns.${ZONES.cyclic}`);
    for (const s of specs) {
      const { file, args } = s.command(dir, o.basePort);
      children.push(startDaemon(dir, `${s.setting}-${s.port}`, file, args));
    }
    await Promise.all(
      specs.map((s) => waitUntilAnswering(s.port, `ready-${s.port}.t60.${ZONES.cyclic}`)),
    );
    log(`started BIND and ${specs.length} resolvers in ${dir}`);

    const plain = specs.filter((s) => !s.clamp);
    const clamped = specs.filter((s) => s.clamp);
    log(`order: ${p.orderQueries} queries per resolver and upstream order`);
    const orders = await Promise.all(plain.map((s) => orderPhase(s, p)));
    log(`timing and clamping: a query every ${p.timingInterval} s for ${p.timingDuration} s`);
    const timingStart = now() + 0.5;
    const timing = await Promise.all([
      ...plain.map((s) => timingPhase(s, p, timingStart, false)),
      ...clamped.map((s) => timingPhase(s, p, timingStart, true)),
    ]);
    log("outage: the authority stops, the record expires, the authority returns");
    const outageStart = now() + 0.5;
    const outagesPromise = Promise.all(plain.map((s) => outagePhase(s, p, outageStart)));
    await sleepUntil(outageStart + p.outageStop);
    await stopDaemon(bind);
    await sleepUntil(outageStart + p.outageReturn);
    bind = startBind(dir, bindConf);
    await waitUntilAnswering(o.basePort, `ns.${ZONES.cyclic}`);
    const returnedAt = now();
    const outages = await outagesPromise;

    const queryLog = readFileSync(join(dir, "queries.log"), "utf8");
    const measurements: Record<string, SettingMeasurement> = {};
    const rows: ConformanceRow[] = [];
    for (const spec of SETTINGS) {
      const i = plain.findIndex((s) => s.setting === spec.id);
      const t = timing[i]!;
      const clampIndex = clamped.findIndex((s) => s.setting === spec.id);
      const clamp = clampIndex < 0 ? null : clampOf(timing[plain.length + clampIndex]!, queryLog);
      const real: SettingMeasurement = {
        orderCyclic: orders[i]!.cyclic,
        orderRandom: orders[i]!.random,
        refetchSeconds: meanInterval(distinctFetches(upstreamQueryTimes(queryLog, t.lowName))),
        clamp,
        outage: outageOf(outages[i]!, returnedAt, queryLog),
      };
      measurements[spec.id] = real;
      rows.push(...compareSetting(spec, real, measurePreset(spec.preset, p)));
    }
    return { versions: versions(), rows, measurements };
  } finally {
    await Promise.all(children.map(stopDaemon));
    if (bind) await stopDaemon(bind);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function orderPhase(s: ResolverSpec, p: Protocol) {
  const client = new DnsClient();
  try {
    const run = async (zone: string) => {
      const name = `order-${s.port}.t60.${zone}`;
      const answers: string[][] = [];
      for (let i = 0; i < p.orderQueries; i++) {
        const r = await ask(client, s.port, name, 2000);
        if (r.kind === "answer" && r.response.answers.length > 0)
          answers.push(r.response.answers.map((a) => a.address));
      }
      return analyseOrders(answers);
    };
    return { cyclic: await run(ZONES.cyclic), random: await run(ZONES.random) };
  } finally {
    client.close();
  }
}

interface TimedAnswer {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly ttl: number;
}

interface TimingRecord {
  readonly lowName: string;
  readonly highName: string;
  readonly low: TimedAnswer[];
  readonly high: TimedAnswer[];
}

async function timingPhase(
  s: ResolverSpec,
  p: Protocol,
  start: number,
  both: boolean,
): Promise<TimingRecord> {
  const client = new DnsClient();
  const tag = `timing-${s.port}`;
  const record: TimingRecord = {
    lowName: `${tag}.t5.${ZONES.cyclic}`,
    highName: `${tag}.t60.${ZONES.cyclic}`,
    low: [],
    high: [],
  };
  try {
    const steps = Math.round(p.timingDuration / p.timingInterval);
    for (let i = 0; i <= steps; i++) {
      await sleepUntil(start + i * p.timingInterval);
      for (const [name, into] of [
        [record.lowName, record.low],
        ...(both ? ([[record.highName, record.high]] as const) : []),
      ] as const) {
        const r = await ask(client, s.port, name, 400);
        if (r.kind === "answer" && r.response.answers[0])
          into.push({ sentAt: r.sentAt, receivedAt: r.receivedAt, ttl: r.response.answers[0].ttl });
      }
    }
    return record;
  } finally {
    client.close();
  }
}

/** An answer fetched upstream if BIND logged a query for the name while it was in flight. */
function markFetched(answers: readonly TimedAnswer[], fetches: readonly number[]) {
  return answers.map((a) => ({
    ttl: a.ttl,
    fetched: fetches.some((f) => f >= a.sentAt - 0.05 && f <= a.receivedAt + 0.05),
  }));
}

function clampOf(t: TimingRecord, queryLog: string): ClampMeasurement {
  const lowFetches = upstreamQueryTimes(queryLog, t.lowName);
  const highFetches = upstreamQueryTimes(queryLog, t.highName);
  const low = shownTtls(markFetched(t.low, lowFetches));
  const high = shownTtls(markFetched(t.high, highFetches));
  return {
    lowShownFetch: low.fetch,
    lowShownCached: low.cached,
    lowLifetime: meanInterval(distinctFetches(lowFetches)),
    highShownFetch: high.fetch,
    highShownCached: high.cached,
    highLifetime: meanInterval(distinctFetches(highFetches)),
  };
}

interface OutageRecord {
  readonly name: string;
  readonly expired: QueryResult;
  /** Polls after the authority's return: when sent, and the answer's TTL (null: none or an error). */
  readonly polls: { readonly at: number; readonly ttl: number | null }[];
}

async function outagePhase(s: ResolverSpec, p: Protocol, start: number): Promise<OutageRecord> {
  const client = new DnsClient();
  const name = `outage-${s.port}.t5.${ZONES.cyclic}`;
  try {
    await sleepUntil(start);
    await ask(client, s.port, name, 1000);
    await sleepUntil(start + p.outageQuery);
    // Long enough for a resolver that answers SERVFAIL after its own retries; ends before the return.
    const expired = await ask(client, s.port, name, (p.outageReturn - p.outageQuery - 1) * 1000);
    const polls: OutageRecord["polls"] = [];
    for (let i = 0; i <= p.recoveryLimit; i++) {
      await sleepUntil(start + p.outageReturn + 0.5 + i);
      const r = await ask(client, s.port, name, 900);
      const ttl =
        r.kind === "answer" && r.response.rcode === 0 && r.response.answers[0]
          ? r.response.answers[0].ttl
          : null;
      polls.push({ at: r.sentAt, ttl });
      // A stale answer carries the stale TTL (30); a fresh one at most the record's 5 s.
      if (ttl !== null && ttl <= 5) break;
    }
    return { name, expired, polls };
  } finally {
    client.close();
  }
}

function outageOf(r: OutageRecord, returnedAt: number, queryLog: string): OutageMeasurement {
  const e = r.expired;
  let reaction: OutageReaction;
  let staleTtl: number | null = null;
  if (e.kind === "timeout") reaction = "no-answer";
  else if (e.response.rcode === 0 && e.response.answers.length > 0) {
    reaction = "stale";
    staleTtl = e.response.answers[0]!.ttl;
  } else reaction = "servfail";
  // Fresh again: the first answer after the return that followed a new upstream fetch.
  const firstFetch = upstreamQueryTimes(queryLog, r.name).find((t) => t >= returnedAt - 0.5);
  const fresh = r.polls.find(
    (q) => q.ttl !== null && q.ttl <= 5 && firstFetch !== undefined && q.at >= firstFetch - 0.05,
  );
  return {
    reaction,
    staleTtl,
    recoverySeconds: fresh ? Math.max(0, Math.round(fresh.at - returnedAt)) : null,
  };
}
