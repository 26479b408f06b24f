import { isEmbedded, type ReconstructionRules } from "./rules.js";
import { Sample } from "./sample.js";

/** What the reconstruction measures for one class of hosts (see rules.ts for how). */
export class ClassObservations {
  readonly pages = new Sample();
  readonly objects = new Sample();
  readonly thinkTime = new Sample();
  readonly objectGap = new Sample();
  readonly requestsPerSession = new Sample();
  /** Objects of pages followed by another page of their session: never cut by a window's end. */
  readonly innerObjects = new Sample();
  /**
   * Each session's end as the log shows it, O(sessions) like `sessionStarts`:
   * its last request's time, its pages and its last page's objects. A
   * sampled log's censored fit (censored.ts) reads them against the window ends.
   */
  readonly endTimes: number[] = [];
  readonly endPages: number[] = [];
  readonly endObjects: number[] = [];
  /** Each ended session's first request's time and its first page's objects (censored.ts: the window's fragments). */
  readonly endStarts: number[] = [];
  readonly endFirstObjects: number[] = [];
  /**
   * The objects of each ended session's pages followed by another (its inner
   * pages, the first one included when there are two or more), one after
   * another: session i's are innerObjectsOf[innerEnd[i − 1] … innerEnd[i]).
   * The session-level objects law (heavy.ts) reads a session's pages together.
   */
  readonly innerObjectsOf: number[] = [];
  readonly innerEnd: number[] = [];
  /** Each ended session's object gaps (seconds), likewise: session i's are gapsOf[gapEnd[i − 1] … gapEnd[i]). */
  readonly gapsOf: number[] = [];
  readonly gapEnd: number[] = [];
  /** Epoch seconds of each session's first request: O(sessions), for the rate profile. */
  readonly sessionStarts: number[] = [];
  /** The host index of each session in `sessionStarts` (a sampled log's return curve, revisit.ts). */
  readonly sessionHosts: number[] = [];
  requests = 0;
}

/**
 * Rebuilds sessions, pages and embedded objects from one time-ordered
 * stream of requests, host by host. Memory O(hosts): per host its last
 * request, its open session's counters and the current page's path; a
 * session's numbers go to its class's observations when it closes (at the
 * host's next request after `sessionGap`, or at `finish`).
 */
export class SessionReconstructor {
  private readonly last: Float64Array;
  private readonly pages: Int32Array;
  private readonly objects: Int32Array;
  private readonly requests: Int32Array;
  private readonly pagePath: string[];
  private readonly start: Float64Array;
  private readonly firstObjects: Int32Array;
  /** Each host's open session's inner pages' objects (allocated on its first such page). */
  private readonly inner: (number[] | undefined)[];
  /** Each host's open session's object gaps (allocated on its first). */
  private readonly gaps: (number[] | undefined)[];
  /** Sessions each host started (the client population's skew). */
  readonly sessionsPerHost: Int32Array;

  constructor(
    private readonly rules: ReconstructionRules,
    /** Class index of each host. */
    private readonly classOf: Int32Array,
    readonly classes: readonly ClassObservations[],
  ) {
    const n = classOf.length;
    this.last = new Float64Array(n).fill(Number.NaN);
    this.pages = new Int32Array(n);
    this.objects = new Int32Array(n);
    this.requests = new Int32Array(n);
    this.pagePath = new Array<string>(n).fill("");
    this.start = new Float64Array(n);
    this.firstObjects = new Int32Array(n);
    this.inner = new Array<number[] | undefined>(n);
    this.gaps = new Array<number[] | undefined>(n);
    this.sessionsPerHost = new Int32Array(n);
  }

  /** The next request (times never decrease) of host index `host`. */
  request(t: number, host: number, path: string, referer: string): void {
    const c = this.classes[this.classOf[host]!]!;
    c.requests++;
    const last = this.last[host]!;
    const gap = t - last;
    if (Number.isNaN(last) || gap >= this.rules.sessionGap) {
      if (!Number.isNaN(last)) this.close(host);
      this.sessionsPerHost[host]!++;
      c.sessionStarts.push(t);
      c.sessionHosts.push(host);
      this.pages[host] = 1;
      this.objects[host] = 0;
      this.requests[host] = 1;
      this.pagePath[host] = path;
      this.start[host] = t;
      if (this.inner[host] !== undefined) this.inner[host].length = 0;
    } else if (isEmbedded(gap, path, referer, this.pagePath[host]!, this.rules)) {
      this.objects[host]!++;
      this.requests[host]!++;
      c.objectGap.add(gap);
      const gaps = this.gaps[host];
      if (gaps === undefined) this.gaps[host] = [gap];
      else gaps.push(gap);
    } else {
      c.objects.add(this.objects[host]!);
      c.innerObjects.add(this.objects[host]!);
      const inner = this.inner[host];
      if (inner === undefined) this.inner[host] = [this.objects[host]!];
      else inner.push(this.objects[host]!);
      c.thinkTime.add(gap);
      if (this.pages[host] === 1) this.firstObjects[host] = this.objects[host]!;
      this.pages[host]!++;
      this.objects[host] = 0;
      this.requests[host]!++;
      this.pagePath[host] = path;
    }
    this.last[host] = t;
  }

  /** End of input: closes every open session. */
  finish(): void {
    for (let h = 0; h < this.last.length; h++) {
      if (!Number.isNaN(this.last[h]!)) this.close(h);
      this.last[h] = Number.NaN;
    }
  }

  private close(host: number): void {
    const c = this.classes[this.classOf[host]!]!;
    c.objects.add(this.objects[host]!);
    c.pages.add(this.pages[host]!);
    c.requestsPerSession.add(this.requests[host]!);
    c.endTimes.push(this.last[host]!);
    c.endPages.push(this.pages[host]!);
    c.endObjects.push(this.objects[host]!);
    c.endStarts.push(this.start[host]!);
    c.endFirstObjects.push(this.pages[host] === 1 ? this.objects[host]! : this.firstObjects[host]!);
    const inner = this.inner[host];
    if (inner !== undefined) for (const m of inner) c.innerObjectsOf.push(m);
    if (inner !== undefined) inner.length = 0;
    c.innerEnd.push(c.innerObjectsOf.length);
    const gaps = this.gaps[host];
    if (gaps !== undefined) for (const g of gaps) c.gapsOf.push(g);
    if (gaps !== undefined) gaps.length = 0;
    c.gapEnd.push(c.gapsOf.length);
  }
}
