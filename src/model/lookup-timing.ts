import type { Scenario } from "../scenario/index.js";
import { LOOKUP, type LookupOutcome } from "./lookup-outcome.js";

/**
 * What a lookup costs the client in time, by how it ended (issue 11 §2):
 * - a hit in the client's or the resolver's cache, or a stale answer: ~0
 *   (a LAN or ISP round trip, well under the millisecond scale modelled);
 * - a miss: the resolver's round trip to the authority (`resolvers.authorityRtt`);
 * - no answer at all: the stub resolver waits `timeout` per try, `attempts`
 *   times (glibc resolv.conf: timeout:5 attempts:2, so 10 s), then gives up;
 * - SERVFAIL: as long as the resolver took to give up (a preset's sends to
 *   a black-holed authority: PowerDNS 1.5 s; a closed port: a round trip;
 *   a cached or throttled SERVFAIL: at once), added by the caller;
 * - an answer the resolver held until the authority returned: its wait;
 *   a wait reaching the stub's timeout × attempts is no answer to the client.
 * The resolver's cache takes the record at the query time: the round trip
 * (tens of ms) is far below any TTL, so coalescing during it is not modelled.
 */
export class LookupTiming {
  private readonly byOutcome: Float64Array;
  /** Seconds the stub waits for an answer before the lookup fails (timeout × attempts). */
  readonly stubWait: number;

  constructor(authorityRtt: number, stubTimeout: number, stubAttempts: number) {
    this.stubWait = stubTimeout * stubAttempts;
    this.byOutcome = new Float64Array(5);
    this.byOutcome[LOOKUP.MISS] = authorityRtt;
    this.byOutcome[LOOKUP.NO_ANSWER] = stubTimeout * stubAttempts;
  }

  /** Seconds a lookup that ended with `outcome` kept the client waiting. */
  delayOf(outcome: LookupOutcome): number {
    return this.byOutcome[outcome]!;
  }
}

export function lookupTimingOf(s: Scenario): LookupTiming {
  return new LookupTiming(
    s.resolvers.authorityRtt,
    s.clients.stub.timeout,
    s.clients.stub.attempts,
  );
}
