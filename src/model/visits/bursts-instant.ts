import { type BurstRows, hostVisitRows } from "./burst-slots.js";
import { Bursts, type BurstsOptions } from "./bursts.js";

/**
 * Per-host bursts served at once (servers without capacity): a trace
 * replayed request by request, or a session workload's requests (the
 * driver: Bursts). Each request keeps its logged time (a black-holed
 * connect delays only that request). A visit is counted when it closes
 * (the next burst, or `finish`), with all its requests at its start time,
 * as the fast path counts them. Memory: O(hosts × servers) typed arrays,
 * a row per host, fixed by the first pass. With `extras`, sessions
 * (fragmentation) and browser caches (content) are tracked per host too.
 */
export class BurstsInstantVisits extends Bursts<BurstRows> {
  constructor(options: BurstsOptions) {
    super(options, hostVisitRows(options.resolverOfHost.length, options.ctx.serverCount));
  }

  protected newRow(host: number): number {
    return host;
  }

  /** The host's row goes on: its answer and address stay. */
  protected carryOver(old: number): number {
    return old;
  }

  protected closeRow(row: number): void {
    this.countVisit(row);
    this.endVisit(row);
  }

  protected serve(
    _t: number,
    at: number,
    host: number,
    row: number,
    line: string,
    object: number,
  ): void {
    this.serveRow(at, host, row, line, object);
  }
}
