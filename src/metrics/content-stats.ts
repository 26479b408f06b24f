import { shareWithError } from "./session-stats.js";

/**
 * Content consistency counters (results.json `content`): per server, the
 * responses its browsers got. A browser's first fetch of an object (or a
 * fetch after its cache evicted it) is a 200 that a consistent site sends
 * too; a repeat is a conditional request (If-Modified-Since), answered 304
 * when the serving server's Last-Modified equals the cached copy's, else a
 * 200 with the whole body: a re-download a site with identical timestamps
 * would not have sent. So the extra bytes versus consistent timestamps are
 * exactly the re-downloads' bytes, counted in the same run.
 */
export interface ContentRecording {
  /** `server` answered a request for a `bytes`-byte object: `kind` is one of CONTENT_RESPONSE. */
  response(server: number, kind: number, bytes: number): void;
}

/** First fetch (200), re-download of a cached object (200 on a conditional request), not modified (304). */
export const CONTENT_RESPONSE = { FIRST: 0, REDOWNLOAD: 1, NOT_MODIFIED: 2 } as const;

export interface ContentServerResult {
  readonly address: string;
  readonly ok: number;
  readonly notModified: number;
  readonly firstFetches: number;
  readonly redownloads: number;
  readonly bytes: number;
  readonly extraBytes: number;
}

export interface ContentResult {
  readonly objects: number;
  readonly browserCache: number;
  readonly skewed: string[];
  readonly requests: number;
  readonly firstFetches: number;
  readonly repeats: number;
  readonly redownloads: number;
  readonly notModified: number;
  readonly redownloadShare: number | null;
  readonly redownloadShareSE: number | null;
  readonly bytes: number;
  readonly consistentBytes: number;
  readonly extraBytes: number;
  readonly servers: ContentServerResult[];
}

export class ContentStats implements ContentRecording {
  private readonly counts: Float64Array;
  private readonly bodyBytes: Float64Array;

  constructor(private readonly serverCount: number) {
    this.counts = new Float64Array(serverCount * 3);
    this.bodyBytes = new Float64Array(serverCount * 3);
  }

  response(server: number, kind: number, bytes: number): void {
    const i = server * 3 + kind;
    this.counts[i]!++;
    this.bodyBytes[i]! += bytes;
  }

  /** The results block. `objects`: the catalogue's size (distinct paths for a trace). */
  result(
    addresses: readonly string[],
    skewed: string[],
    objects: number,
    browserCache: number,
  ): ContentResult {
    const { FIRST, REDOWNLOAD, NOT_MODIFIED } = CONTENT_RESPONSE;
    let first = 0;
    let again = 0;
    let same = 0;
    let firstBytes = 0;
    let extra = 0;
    const servers: ContentServerResult[] = [];
    for (let s = 0; s < this.serverCount; s++) {
      const f = this.counts[s * 3 + FIRST]!;
      const r = this.counts[s * 3 + REDOWNLOAD]!;
      const n = this.counts[s * 3 + NOT_MODIFIED]!;
      const fb = this.bodyBytes[s * 3 + FIRST]!;
      const rb = this.bodyBytes[s * 3 + REDOWNLOAD]!;
      first += f;
      again += r;
      same += n;
      firstBytes += fb;
      extra += rb;
      servers.push({
        address: addresses[s]!,
        ok: f + r,
        notModified: n,
        firstFetches: f,
        redownloads: r,
        bytes: fb + rb,
        extraBytes: rb,
      });
    }
    const share = shareWithError(again, again + same);
    return {
      objects,
      browserCache,
      skewed,
      requests: first + again + same,
      firstFetches: first,
      repeats: again + same,
      redownloads: again,
      notModified: same,
      redownloadShare: share.share,
      redownloadShareSE: share.se,
      bytes: firstBytes + extra,
      consistentBytes: firstBytes,
      extraBytes: extra,
      servers,
    };
  }
}
