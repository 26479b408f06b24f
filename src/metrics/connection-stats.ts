import type { AutoscaleResults, ConnectionsResults } from "./connection-results.js";
import type { ConnectionRecording, PoolChangeEntry } from "./recording.js";

export type { PoolChangeEntry } from "./recording.js";

/** The concrete counters behind ConnectionRecording: typed arrays by server and bin, nothing per request. */
export class ConnectionStats implements ConnectionRecording {
  private readonly requests: Float64Array;
  private readonly connSeconds: Float64Array;
  private readonly openedBins: Float64Array;
  private readonly resolutionBins: Float64Array;
  private readonly openedBy: Float64Array;
  private readonly closedBy: Float64Array;
  private readonly failedBy: Float64Array;
  private readonly fill: (number | null)[];
  private readonly drain: (number | null)[];
  private readonly rebalance: (number | null)[];
  /** The scheduled changes, then those the autoscaling rule made, in the order the world numbers them. */
  private readonly changes: PoolChangeEntry[];
  /** The autoscaling rule's evaluations (none without pool.autoscale): grown per evaluation, not per request. */
  private readonly ticks: { at: number[]; utilisation: number[]; servers: number[] } = {
    at: [],
    utilisation: [],
    servers: [],
  };
  private readonly scaleEvents: AutoscaleResults["events"] = [];
  private unservedCount = 0;
  private resolutionCount = 0;
  readonly binCount: number;

  constructor(
    private readonly addresses: readonly string[],
    private readonly duration: number,
    readonly binWidth: number,
    changes: readonly PoolChangeEntry[],
  ) {
    this.changes = [...changes];
    const n = addresses.length;
    this.binCount = Math.max(1, Math.ceil(duration / binWidth));
    this.requests = new Float64Array(n * this.binCount);
    this.connSeconds = new Float64Array(n * this.binCount);
    this.openedBins = new Float64Array(this.binCount);
    this.resolutionBins = new Float64Array(this.binCount);
    this.openedBy = new Float64Array(n);
    this.closedBy = new Float64Array(n);
    this.failedBy = new Float64Array(n);
    this.fill = this.changes.map(() => null);
    this.drain = this.changes.map(() => null);
    this.rebalance = this.changes.map(() => null);
  }

  private bin(t: number): number {
    return Math.min(this.binCount - 1, Math.max(0, Math.floor(t / this.binWidth)));
  }

  served(server: number, bin: number, count: number, seconds: number): void {
    const i = server * this.binCount + bin;
    this.requests[i]! += count;
    this.connSeconds[i]! += seconds;
  }
  opened(server: number, t: number): void {
    this.openedBy[server]!++;
    this.openedBins[this.bin(t)]!++;
  }
  closed(server: number, _t: number): void {
    this.closedBy[server]!++;
  }
  resolved(t: number): void {
    this.resolutionCount++;
    this.resolutionBins[this.bin(t)]!++;
  }
  failedConnect(server: number, _t: number): void {
    this.failedBy[server]!++;
  }
  unserved(count: number): void {
    this.unservedCount += count;
  }
  milestone(change: number, kind: "fill" | "drain" | "rebalance", seconds: number): void {
    const list = kind === "fill" ? this.fill : kind === "drain" ? this.drain : this.rebalance;
    if (list[change] === null) list[change] = seconds;
  }
  poolChanged(change: PoolChangeEntry): void {
    this.changes.push(change);
    this.fill.push(null);
    this.drain.push(null);
    this.rebalance.push(null);
  }
  autoscaled(t: number, utilisation: number, from: number, to: number): void {
    this.ticks.at.push(t);
    this.ticks.utilisation.push(utilisation);
    this.ticks.servers.push(to);
    if (to !== from) this.scaleEvents.push({ at: t, from, to, utilisation });
  }

  /** results.json `connections`. */
  result(runtime: string, clients: number, ratePerClient: number): ConnectionsResults {
    const n = this.addresses.length;
    const bins = this.binCount;
    const perServer: number[] = [];
    let total = 0;
    for (let s = 0; s < n; s++) {
      let sum = 0;
      for (let b = 0; b < bins; b++) sum += this.requests[s * bins + b]!;
      perServer.push(sum);
      total += sum;
    }
    const sumOf = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    const series = (s: number, a: Float64Array, scale: number) =>
      Array.from(a.subarray(s * bins, (s + 1) * bins), (v, b) =>
        scale === 1
          ? v
          : v / Math.max(1e-12, Math.min(this.binWidth, this.duration - b * this.binWidth)),
      );
    return {
      runtime,
      clients,
      ratePerClient,
      requests: total,
      unserved: this.unservedCount,
      resolutions: this.resolutionCount,
      connectionsOpened: sumOf(this.openedBy),
      connectionsClosed: sumOf(this.closedBy),
      failedConnects: sumOf(this.failedBy),
      servers: this.addresses.map((address, s) => ({
        address,
        requests: perServer[s]!,
        share: total > 0 ? perServer[s]! / total : 0,
        connectionsOpened: this.openedBy[s]!,
        connectionsClosed: this.closedBy[s]!,
        failedConnects: this.failedBy[s]!,
      })),
      changes: this.changes.map((c, i) => ({
        at: c.at,
        kind: c.kind,
        address: this.addresses[c.server]!,
        fillTime: c.kind === "add" ? this.fill[i]! : null,
        drainTime: c.kind === "remove" ? this.drain[i]! : null,
        rebalanceTime: this.rebalance[i]!,
      })),
      ...(this.ticks.at.length > 0
        ? {
            autoscale: {
              events: this.scaleEvents.map((e) => ({ ...e })),
              evaluations: {
                at: [...this.ticks.at],
                utilisation: [...this.ticks.utilisation],
                servers: [...this.ticks.servers],
              },
            },
          }
        : {}),
      timeline: {
        binSeconds: this.binWidth,
        requests: this.addresses.map((_, s) => series(s, this.requests, 1)),
        openConnections: this.addresses.map((_, s) => series(s, this.connSeconds, 0)),
        opened: Array.from(this.openedBins),
        resolutions: Array.from(this.resolutionBins),
      },
    };
  }
}
