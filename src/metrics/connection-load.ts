import type { Recorder } from "./recorder.js";
import type { ConnectionRecording, PoolChangeEntry } from "./recording.js";

/** The DNS answer over a pool run: version v holds from changeTimes[v − 1] (0 for v = 0) to the next change. */
export interface AnswerTimeline {
  /** When each scheduled change took effect (seconds), in order. */
  readonly changeTimes: readonly number[];
  /** Per version (one more than changes), 1 for each server in the answer. */
  readonly members: readonly Uint8Array[];
  /**
   * The version in the answer at the start when the answer changes as the run
   * goes (an autoscaled pool: no scheduled times, each change reported through
   * poolChanged); absent for a schedule, which starts at version 0.
   */
  readonly initial?: number;
}

/**
 * A pool run's per-server load, in the same counters as a visit run's: the
 * recording the connection world writes to passes every call on to the
 * connections block's counters (ConnectionStats) and streams the requests
 * into the run's Recorder, so the servers table, the balance indices, the
 * per-server time series and the charts read a pool run like any other.
 *
 * What maps to what: a request carried over a connection is a request made,
 * an attempt and a serve at its server, in the bin the world drew it in; a
 * request whose client had no open connection is a request made that failed;
 * a connect refused by a server that reset its connections is a failed
 * attempt. Memory is the Recorder's (servers × bins) plus which servers were
 * in the answer in each bin; nothing per client, connection or request.
 *
 * Warm-up: the world draws requests per bin, not per instant, so a bin that
 * ends after the warm-up counts all its requests (as the world drew them);
 * bins that end before it count none. Unserved requests come with their
 * interval and are cut at the warm-up exactly.
 */
export class ConnectionLoad implements ConnectionRecording {
  /** Bin × server: 1 when the server was in the DNS answer at some time in the bin. */
  readonly answerMembers: Uint8Array;
  private readonly firstBin: number;
  private readonly binSeconds: number;
  private readonly binCount: number;

  constructor(
    private readonly stats: ConnectionRecording,
    private readonly recorder: Recorder,
    private readonly warmup: number,
    answers: AnswerTimeline,
  ) {
    this.binSeconds = recorder.binSeconds;
    this.binCount = recorder.binCount;
    // The first bin that ends after the warm-up.
    this.firstBin = Math.min(this.binCount, Math.floor(warmup / this.binSeconds));
    this.answerMembers = answerMembership(
      answers,
      recorder.serverCount,
      this.binCount,
      this.binSeconds,
    );
  }

  served(server: number, bin: number, count: number, seconds: number): void {
    this.stats.served(server, bin, count, seconds);
    if (bin >= this.firstBin && count > 0) this.recorder.servedInBin(server, bin, count);
  }

  opened(server: number, t: number): void {
    this.stats.opened(server, t);
  }

  closed(server: number, t: number): void {
    this.stats.closed(server, t);
  }

  resolved(t: number): void {
    this.stats.resolved(t);
  }

  failedConnect(server: number, t: number): void {
    this.stats.failedConnect(server, t);
    if (t >= this.warmup) this.recorder.failedAttempt(server, t);
  }

  /**
   * `count` requests over [from, to) found no connection: spread over the bins
   * in proportion to the seconds of each, by rounding the running total, so
   * the bins add up to `count` exactly and no random number is drawn.
   */
  unserved(count: number, from: number, to: number): void {
    this.stats.unserved(count, from, to);
    if (count <= 0) return;
    const lo = Math.max(from, this.warmup);
    if (!(to > from)) {
      if (from >= this.warmup) this.recorder.unservedInBin(this.binOf(from), count);
      return;
    }
    if (!(to > lo)) return;
    const w = this.binSeconds;
    const span = to - from;
    // The requests before the warm-up are the ones the rounding gives to [from, lo).
    let given = Math.round((count * (lo - from)) / span);
    for (let b = this.binOf(lo); b < this.binCount; b++) {
      const end = Math.min(to, (b + 1) * w);
      const upTo = end >= to ? count : Math.round((count * (end - from)) / span);
      if (upTo > given) this.recorder.unservedInBin(b, upTo - given);
      given = upTo;
      if (end >= to) break;
    }
  }

  milestone(change: number, kind: "fill" | "drain" | "rebalance", seconds: number): void {
    this.stats.milestone(change, kind, seconds);
  }

  /**
   * A change the run made as it went (an autoscaled pool): an added server is
   * in the answer from the bin it joined in on, a withdrawn one until the bin
   * it left in (it was in the answer for part of that bin). Later changes
   * overwrite later bins, so a server withdrawn and added back is right too.
   */
  poolChanged(change: PoolChangeEntry): void {
    this.stats.poolChanged(change);
    const n = this.recorder.serverCount;
    const at = this.binOf(change.at);
    const from = change.kind === "add" ? at : at + 1;
    const value = change.kind === "add" ? 1 : 0;
    for (let b = from; b < this.binCount; b++) this.answerMembers[b * n + change.server] = value;
  }

  autoscaled(t: number, utilisation: number, from: number, to: number): void {
    this.stats.autoscaled(t, utilisation, from, to);
  }

  private binOf(t: number): number {
    return Math.min(this.binCount - 1, Math.max(0, Math.floor(t / this.binSeconds)));
  }
}

/** Bin × server membership of the DNS answer: a server counts in every bin its answer versions overlap. */
export function answerMembership(
  answers: AnswerTimeline,
  servers: number,
  bins: number,
  binSeconds: number,
): Uint8Array {
  const out = new Uint8Array(bins * servers);
  if (answers.initial !== undefined) {
    // Changes come as the run makes them (poolChanged): start from the initial answer throughout.
    const members = answers.members[answers.initial]!;
    for (let b = 0; b < bins; b++)
      for (let s = 0; s < servers; s++) if (members[s]) out[b * servers + s] = 1;
    return out;
  }
  const versions = answers.members.length;
  for (let v = 0; v < versions; v++) {
    const from = v === 0 ? 0 : answers.changeTimes[v - 1]!;
    const to = v + 1 < versions ? answers.changeTimes[v]! : Number.POSITIVE_INFINITY;
    if (!(to > from)) continue;
    const members = answers.members[v]!;
    const first = Math.max(0, Math.floor(from / binSeconds));
    for (let b = first; b < bins && b * binSeconds < to; b++)
      for (let s = 0; s < servers; s++) if (members[s]) out[b * servers + s] = 1;
  }
  return out;
}
