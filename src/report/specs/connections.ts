import type { Results } from "../../metrics/index.js";
import { duration, int, num, pct, round4 } from "./format.js";
import { ALERT, frame, HEIGHT, serverColor, WIDTH } from "./theme.js";
import type { Chart, ChartOptions, VegaLiteSpec } from "./types.js";

/** The autoscaling rule's decisions, in words: when, from how many servers to how many, on what utilisation. */
export function scaleText(r: Results): string[] {
  const a = r.connections?.autoscale;
  if (!a) return [];
  const ev = a.evaluations;
  const peak = ev.utilisation.reduce((x, y) => Math.max(x, y), 0);
  return [
    `autoscaler: ${int(ev.at.length)} evaluations, ${int(a.events.length)} scale event${a.events.length === 1 ? "" : "s"}, utilisation up to ${pct(peak)}`,
    ...a.events.map(
      (e) =>
        `scaled ${int(e.from)} → ${int(e.to)} servers at ${int(e.at)} s (average utilisation ${pct(e.utilisation)})`,
    ),
  ];
}

/** An autoscaled pool in a few words (the chart caption): each scale event with the range of its servers' fill or drain times. */
function scaleSummary(r: Results): string[] {
  const c = r.connections;
  const a = c?.autoscale;
  if (!c || !a) return [];
  const range = (xs: (number | null)[]) => {
    const done = xs.filter((x): x is number => x !== null);
    if (done.length === 0) return "never";
    const lo = Math.min(...done);
    const hi = Math.max(...done);
    const span = lo === hi ? `${num(lo, 0)} s` : `${num(lo, 0)}-${num(hi, 0)} s`;
    return done.length < xs.length ? `${span} (${xs.length - done.length} never)` : span;
  };
  return a.events.map((e) => {
    const mine = c.changes.filter((ch) => ch.at === e.at);
    const head = `scaled ${int(e.from)} → ${int(e.to)} at ${int(e.at)} s (average utilisation ${pct(e.utilisation, 0)})`;
    return e.to > e.from
      ? `${head}: the new servers filled after ${range(mine.map((ch) => ch.fillTime))}`
      : `${head}: the withdrawn servers drained after ${range(mine.map((ch) => ch.drainTime))}`;
  });
}

/** Fill, drain and rebalance of each pool change, in words (chart caption and terminal summary), after the scale events. */
export function changeText(r: Results): string[] {
  const c = r.connections;
  if (!c) return [];
  const after = (what: string, x: number | null) =>
    x === null ? `never ${what}` : `${what} after ${num(x, 1)} s`;
  return [
    ...scaleText(r),
    ...c.changes.map((ch) =>
      ch.kind === "add"
        ? `${ch.address} added at ${int(ch.at)} s: ${after(`filled (${pct(fillShare(r))} of a fair share)`, ch.fillTime)}, pool ${after("rebalanced", ch.rebalanceTime)}`
        : `${ch.address} withdrawn at ${int(ch.at)} s: ${after("drained", ch.drainTime)}, pool ${after("rebalanced", ch.rebalanceTime)}`,
    ),
  ];
}

/** The scheduled rate changes, for the caption: ", then 40 req/s from 600 s". */
function rateSteps(r: Results): string {
  const spec = r.scenarioSpec as
    | { connections?: { rateChanges?: { at: number; rate: number }[] } }
    | undefined;
  const steps = spec?.connections?.rateChanges ?? [];
  return steps.map((x) => `, then ${num(x.rate, 1)} req/s from ${int(x.at)} s`).join("");
}

function fillShare(r: Results): number {
  const spec = r.scenarioSpec as { connections?: { fillShare?: number } } | undefined;
  return spec?.connections?.fillShare ?? 0.9;
}

/**
 * Connection pools (results with `connections` only): requests per second each
 * server carried over time, with the pool's changes marked. A runtime that
 * never looks the name up again leaves an added server flat at zero.
 */
export function connectionsCharts(r: Results, _options: ChartOptions = {}): Chart[] {
  const c = r.connections;
  if (!c) return [];
  const w = c.timeline.binSeconds;
  const values: { t: number; server: string; rate: number }[] = [];
  c.timeline.requests.forEach((series, s) => {
    const address = c.servers[s]!.address;
    series.forEach((count, b) => {
      const width = Math.min(w, r.duration - b * w);
      values.push({ t: round4(b * w + width / 2), server: address, rate: round4(count / width) });
    });
  });
  // One rule per change time, naming every server it added or withdrew; an
  // autoscaled pool's rules name the scale event and the utilisation behind it.
  const byTime = new Map<number, string[]>();
  for (const ch of c.changes) {
    const names = byTime.get(ch.at) ?? [];
    names.push(`${ch.kind === "add" ? "+" : "−"} ${ch.address}`);
    byTime.set(ch.at, names);
  }
  const rules = c.autoscale
    ? c.autoscale.events.map((e) => ({
        at: e.at,
        label: `${e.from} → ${e.to} servers (${pct(e.utilisation, 0)})`,
      }))
    : [...byTime].map(([at, names]) => ({ at, label: names.join(", ") }));
  const layers: VegaLiteSpec[] = [
    {
      data: { values },
      mark: { type: "line" },
      encoding: {
        x: { field: "t", type: "quantitative", title: "time (s)" },
        y: { field: "rate", type: "quantitative", title: "requests (req/s)" },
        color: serverColor(r),
      },
    },
  ];
  if (rules.length > 0)
    layers.push(
      {
        data: { values: rules },
        mark: { type: "rule", color: ALERT, strokeDash: [4, 3] },
        encoding: { x: { field: "at", type: "quantitative" } },
      },
      {
        data: { values: rules },
        mark: {
          type: "text",
          color: ALERT,
          align: "left",
          dx: 3,
          dy: -4,
          baseline: "top",
          fontSize: 11,
        },
        encoding: {
          x: { field: "at", type: "quantitative" },
          y: { value: 0 },
          text: { field: "label" },
        },
      },
    );
  const caption = [
    `${int(c.clients)} ${c.runtime} clients × ${num(c.ratePerClient, 1)} req/s${rateSteps(r)} over pooled connections; ${int(c.connectionsOpened)} connections opened, ${int(c.resolutions)} lookups.`,
    (c.autoscale ? scaleSummary(r) : changeText(r)).join("; "),
  ].join(" ");
  return [
    {
      name: "connections",
      explain: `Requests each server carried over the clients' pooled connections, per second, in each ${duration(w)} bin. A request goes where its connection goes, so a server added to the DNS answer gets traffic only once clients open new connections after looking the name up again; red rules mark the pool's changes (an autoscaled pool: each scale event, with the average utilisation that triggered it).`,
      spec: {
        ...frame("Requests per server over pooled connections", caption),
        width: WIDTH,
        height: HEIGHT,
        layer: layers,
      },
    },
  ];
}
