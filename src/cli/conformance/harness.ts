import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  ClampMeasurement,
  OutagePlan,
  PacedObservation,
  Protocol,
  SettingMeasurement,
  SettingSpec,
} from "../../conformance/index.js";
import {
  analyseFetchOrders,
  analyseOrders,
  type ConformanceRow,
  compareSetting,
  distinctFetches,
  FETCH_SPACING,
  FULL_PROTOCOL,
  meanInterval,
  measurePreset,
  PACED_CUT,
  shownTtls,
  summarisePaced,
  upstreamQueryTimes,
} from "../../conformance/index.js";
import {
  LOOPBACK,
  plainSpec,
  type ResolverSpec,
  resolverSpecs,
  startBind,
  startDaemon,
  stopDaemon,
  versions,
  writeBindFiles,
  ZONES,
} from "./daemons.js";
import {
  DnsClient,
  PacedClient,
  type PacedQuery,
  type QueryResult,
  sleep,
  sleepUntil,
} from "./udp-client.js";
import { UpstreamGate } from "./upstream-gate.js";

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
  { id: "dnsmasq-stale", label: "dnsmasq --use-stale-cache", preset: "dnsmasq-stale" },
  { id: "pdns-recursor", label: "PowerDNS Recursor (default)", preset: "pdns-recursor" },
  { id: "knot-resolver", label: "Knot Resolver (forwarding)", preset: "knot-resolver" },
];

export interface HarnessOptions {
  readonly protocol: Protocol;
  /** First port; BIND listens on it, resolvers on base+1.. (see daemons.ts). */
  readonly basePort: number;
  /** The full protocol: only it may report a known deviation as fixed (default: protocol is FULL_PROTOCOL). */
  readonly full?: boolean;
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

/**
 * Every setting's measurements against its preset replayed by the same
 * protocol. Pure: `--from FILE` re-judges a recorded run with it, without daemons.
 */
export function compareAll(
  measurements: Readonly<Record<string, SettingMeasurement>>,
  p: Protocol,
  full: boolean,
): { rows: ConformanceRow[]; measurements: Readonly<Record<string, SettingMeasurement>> } {
  const rows: ConformanceRow[] = [];
  for (const spec of SETTINGS) {
    const real = measurements[spec.id];
    if (real) rows.push(...compareSetting(spec, real, measurePreset(spec.preset, p), { full }));
  }
  return { rows, measurements };
}

/** First port of the paced-outage resolvers (base + PACED_PORTS + i) and of their gates. */
const PACED_PORTS = 20;
const GATE_PORTS = 60;

/** Runs the whole harness: start, measure, compare with the presets, stop (also on failure). */
export async function runHarness(o: HarnessOptions): Promise<HarnessResult> {
  const log = o.log ?? (() => {});
  const p = o.protocol;
  const full = o.full ?? p === FULL_PROTOCOL;
  const dir = mkdtempSync(join(tmpdir(), "rrdns-conformance-"));
  const bindConf = writeBindFiles(dir, o.basePort);
  const specs = resolverSpecs(o.basePort, { min: p.clampMin, max: p.clampMax });
  // One resolver per setting and outage plan, each behind its own gate to BIND.
  const paced = SETTINGS.flatMap((setting, si) =>
    p.outages.map((plan, pi) => {
      const i = si * p.outages.length + pi;
      const spec = plainSpec(setting.id, o.basePort + PACED_PORTS + i);
      return {
        setting: setting.id,
        plan,
        spec,
        gate: new UpstreamGate(o.basePort + GATE_PORTS + i, o.basePort),
      };
    }),
  );
  const children: ChildProcess[] = [];
  let bind: ChildProcess | undefined;
  try {
    bind = startBind(dir, bindConf);
    await waitUntilAnswering(o.basePort, `ns.${ZONES.cyclic}`);
    await Promise.all(paced.map((x) => x.gate.open()));
    for (const s of specs) {
      const { file, args } = s.command(dir, o.basePort);
      children.push(startDaemon(dir, `${s.setting}-${s.port}`, file, args));
    }
    for (const x of paced) {
      const { file, args } = x.spec.command(dir, x.gate.port);
      children.push(startDaemon(dir, `${x.setting}-${x.spec.port}`, file, args));
    }
    await Promise.all(
      [...specs, ...paced.map((x) => x.spec)].map((s) =>
        waitUntilAnswering(s.port, `ready-${s.port}.t60.${ZONES.cyclic}`),
      ),
    );
    log(`started BIND and ${specs.length + paced.length} resolvers in ${dir}`);
    const upstreamOrder = await fixedUpstreamOrder(o.basePort);

    const plain = specs.filter((s) => !s.clamp);
    const clamped = specs.filter((s) => s.clamp);
    const t0 = now() + 0.5;
    log(
      `in parallel: ${p.outages.map((x) => `${x.length} s ${x.kind}`).join(", ")} outages with a query a second (${p.outageObserve} s after each return); order (${p.orderQueries} queries), fetch order (${p.fetchNames} names × ${p.fetchRounds}), timing and clamping`,
    );
    const pacedPromise = Promise.all(paced.map((x) => pacedPhase(x, p, t0)));
    // Awaited after the other phases: until then a failure must not be an unhandled rejection.
    pacedPromise.catch(() => {});
    const orders = await Promise.all(plain.map((s) => orderPhase(s, p)));
    const timingStart = now() + 0.5;
    const timing = await Promise.all([
      ...plain.map((s) => timingPhase(s, p, timingStart, false)),
      ...clamped.map((s) => timingPhase(s, p, timingStart, true)),
    ]);
    // After timing: its many TTL-1 names would crowd dnsmasq's 150-entry
    // cache and evict the timed name early (measured: refetch every 3.5 s).
    const fetchStart = now() + 0.5;
    const fetchRecords = await Promise.all(plain.map((s) => fetchOrderPhase(s, p, fetchStart)));
    log("waiting for the outages' recovery windows to close");
    const pacedRecords = await pacedPromise;

    const queryLog = readFileSync(join(dir, "queries.log"), "utf8");
    const measurements: Record<string, SettingMeasurement> = {};
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
        outage: null,
        fetchOrder: fetchOrderOf(fetchRecords[i]!, upstreamOrder, queryLog),
        lowestTtl: t.low.length === 0 ? null : Math.min(...t.low.map((a) => a.ttl)),
        paced: paced
          .map((x, k) => ({ x, r: pacedRecords[k]! }))
          .filter(({ x }) => x.setting === spec.id)
          .map(({ x, r }) => pacedOf(x.plan, r, p, queryLog)),
      };
      measurements[spec.id] = real;
    }
    return { versions: versions(), ...compareAll(measurements, p, full) };
  } finally {
    for (const x of paced) x.gate.close();
    await Promise.all(children.map(stopDaemon));
    if (bind) await stopDaemon(bind);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** BIND's one order for the fixed zone, asked directly. */
async function fixedUpstreamOrder(port: number): Promise<string[]> {
  const client = new DnsClient();
  try {
    const r = await ask(client, port, `upstream.t60.${ZONES.fixed}`, 2000);
    if (r.kind !== "answer" || r.response.answers.length < 2)
      throw new Error(`BIND gave no answer for the fixed-order zone on ${LOOPBACK}:${port}`);
    return r.response.answers.map((a) => a.address);
  } finally {
    client.close();
  }
}

interface FetchRecord {
  readonly names: string[];
  /** Per name, the answers of each round: when sent and received, and the addresses. */
  readonly answers: { name: string; sentAt: number; receivedAt: number; addresses: string[] }[];
}

/** Fresh TTL-1 names, each asked `fetchRounds` times FETCH_SPACING s apart (every ask a fetch). */
async function fetchOrderPhase(s: ResolverSpec, p: Protocol, start: number): Promise<FetchRecord> {
  const client = new DnsClient();
  const names = Array.from({ length: p.fetchNames }, (_, i) => `f${i}-${s.port}.t1.${ZONES.fixed}`);
  const record: FetchRecord = { names, answers: [] };
  try {
    for (let k = 0; k < p.fetchRounds; k++) {
      await sleepUntil(start + k * FETCH_SPACING);
      for (const name of names) {
        const r = await ask(client, s.port, name, 2000);
        if (r.kind === "answer" && r.response.answers.length > 0)
          record.answers.push({
            name,
            sentAt: r.sentAt,
            receivedAt: r.receivedAt,
            addresses: r.response.answers.map((a) => a.address),
          });
      }
    }
    return record;
  } finally {
    client.close();
  }
}

/** Only the answers that fetched (BIND logged the name while they were in flight) count. */
function fetchOrderOf(r: FetchRecord, upstream: readonly string[], queryLog: string) {
  const fetched: string[][] = [];
  for (const name of r.names) {
    const times = upstreamQueryTimes(queryLog, name);
    for (const a of r.answers) {
      if (a.name !== name) continue;
      if (times.some((f) => f >= a.sentAt - 0.05 && f <= a.receivedAt + 0.05))
        fetched.push(a.addresses);
    }
  }
  return analyseFetchOrders(upstream, fetched);
}

interface PacedRecord {
  readonly name: string;
  readonly start: number;
  readonly cutAt: number;
  readonly backAt: number;
  readonly queries: readonly PacedQuery[];
}

/**
 * One query a second from priming until the window after the return closes;
 * the gate is cut and reopened just before the query of that second. Queries
 * wait for their reply until the window closes (a held query is answered late).
 */
async function pacedPhase(
  x: { spec: ResolverSpec; plan: OutagePlan; gate: UpstreamGate },
  p: Protocol,
  start: number,
): Promise<PacedRecord> {
  const client = new PacedClient();
  const name = `paced-${x.spec.port}.t5.${ZONES.cyclic}`;
  const back = PACED_CUT + x.plan.length;
  let cutAt = start + PACED_CUT;
  let backAt = start + back;
  try {
    for (let t = 0; t <= back + p.outageObserve; t++) {
      await sleepUntil(start + t);
      if (t === PACED_CUT) {
        await x.gate.cut(x.plan.kind);
        cutAt = now();
      }
      if (t === back) {
        await x.gate.open();
        backAt = now();
      }
      client.send(LOOPBACK, x.spec.port, name);
    }
    await sleep(1000);
    return { name, start, cutAt, backAt, queries: client.queries };
  } finally {
    client.close();
  }
}

/** Times relative to the actual cut and return, so a late timer on a loaded machine moves nothing. */
function pacedOf(plan: OutagePlan, r: PacedRecord, p: Protocol, queryLog: string) {
  // Map wall time to the nominal timeline: before the return relative to the
  // cut, from the return on relative to the return.
  const rel = (t: number) =>
    t >= r.backAt ? PACED_CUT + plan.length + (t - r.backAt) : PACED_CUT + (t - r.cutAt);
  const observations: PacedObservation[] = r.queries.map((q) => ({
    sent: rel(q.sentAt),
    received: q.receivedAt === null ? null : rel(q.receivedAt),
    rcode: q.rcode,
    ttl: q.ttl,
  }));
  const upstream = upstreamQueryTimes(queryLog, r.name).map(rel);
  return summarisePaced(plan, observations, upstream, p.outageObserve);
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
