import type { PoolChangeEntry } from "../../metrics/index.js";
import type { Scenario } from "../../scenario/index.js";

/**
 * The DNS answer's versions: version 0 holds the servers in the answer at the
 * start (every server that no change adds), version i + 1 the answer after
 * scheduled change i. Each version lists server indices in scenario order and
 * has a membership table, so a client holds an answer as (version, rotation).
 *
 * An autoscaled pool (pool.autoscale) publishes a prefix of the servers listed:
 * version k holds the first k servers (k = 0 … max, 0 unused), so the answer
 * after any decision is already built; its changes are recorded as the run
 * makes them, and `entries` stays empty.
 */
export class AnswerVersions {
  readonly lists: Int32Array[] = [];
  readonly members: Uint8Array[] = [];
  readonly changeTimes: number[] = [];
  /** One entry per server added or removed, in change order (results.json connections.changes). */
  readonly entries: PoolChangeEntry[] = [];
  /** For each entry, the version it belongs to. */
  readonly entryVersion: number[] = [];
  /** The version in the answer at the start. */
  readonly initial: number;

  constructor(s: Scenario) {
    const auto = s.pool?.autoscale;
    if (auto) {
      for (let k = 0; k <= auto.max; k++)
        this.push(Uint8Array.from(s.servers, (_, i) => (i < k ? 1 : 0)));
      this.initial = auto.initial ?? auto.min;
      return;
    }
    this.initial = 0;
    const index = new Map(s.servers.map((sv, i) => [sv.address, i]));
    const live = new Uint8Array(s.servers.length).fill(1);
    for (const change of s.pool?.changes ?? []) for (const a of change.add) live[index.get(a)!] = 0;
    this.push(live);
    for (const change of s.pool?.changes ?? []) {
      for (const a of change.add) {
        const server = index.get(a)!;
        live[server] = 1;
        this.entries.push({ at: change.at, kind: "add", server });
        this.entryVersion.push(this.lists.length);
      }
      for (const a of change.remove) {
        const server = index.get(a)!;
        live[server] = 0;
        this.entries.push({ at: change.at, kind: "remove", server });
        this.entryVersion.push(this.lists.length);
      }
      this.changeTimes.push(change.at);
      this.push(live);
    }
  }

  private push(live: Uint8Array): void {
    const list: number[] = [];
    live.forEach((v, i) => {
      if (v) list.push(i);
    });
    this.lists.push(Int32Array.from(list));
    this.members.push(live.slice());
  }
}

/** The TTL the clients' resolver caches the answer for: pool.answerTtl, else dns.ttl (the middle of a uniform range). */
export function answerTtl(s: Scenario): number {
  if (s.pool?.answerTtl !== undefined) return s.pool.answerTtl;
  const ttl = s.dns.ttl;
  return typeof ttl === "number" ? ttl : (ttl.uniform[0] + ttl.uniform[1]) / 2;
}
