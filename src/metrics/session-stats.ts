/**
 * Session fragmentation counters (results.json `fragmentation`). A session
 * is a client's requests with gaps below the session gap; a visit is a burst
 * within it (one lookup, one sticky address). The model reports each session
 * when it ends and each pair of consecutive visits of a session when the
 * later one closes; nothing is kept per request.
 */
export interface SessionRecording {
  /** A session of `visits` visits ended; `fragmented`: more than one server served its requests. */
  sessionEnded(visits: number, fragmented: boolean): void;
  /**
   * Two consecutive visits of one session, the later starting `spacing`
   * seconds after the earlier (lookup to lookup); `switched`: each was served
   * and by different servers.
   */
  visitPair(spacing: number, switched: boolean): void;
}

/** Log-spaced bins of visit spacing: BINS_PER_DECADE per factor of ten from SPACING_MIN seconds. */
export const SPACING_BINS_PER_DECADE = 4;
export const SPACING_MIN = 1;
/** 1 s to 10^7 s (116 days) in 28 bins; spacings below or above land in the end bins. */
export const SPACING_BINS = 28;

/** The bin of a spacing in seconds (clamped to the end bins). */
export function spacingBin(spacing: number): number {
  const b = Math.floor(Math.log10(spacing / SPACING_MIN) * SPACING_BINS_PER_DECADE + 1e-9);
  return b < 0 || Number.isNaN(b) ? 0 : b >= SPACING_BINS ? SPACING_BINS - 1 : b;
}

/** Lower edge of bin b, seconds. */
export function spacingEdge(b: number): number {
  return SPACING_MIN * 10 ** (b / SPACING_BINS_PER_DECADE);
}

/** A share and its binomial standard error √(p(1 − p)/n); null share when n = 0. */
export function shareWithError(k: number, n: number): { share: number | null; se: number | null } {
  if (n === 0) return { share: null, se: null };
  const p = k / n;
  return { share: p, se: Math.sqrt((p * (1 - p)) / n) };
}

export interface SpacingBinResult {
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly pairs: number;
  readonly switched: number;
  readonly switchedShare: number | null;
  readonly switchedShareSE: number | null;
}

export interface FragmentationResult {
  readonly sessionGap: number;
  readonly thinkTime: number;
  readonly sessions: number;
  readonly fragmented: number;
  readonly fragmentedShare: number | null;
  readonly fragmentedShareSE: number | null;
  readonly multiVisitSessions: number;
  readonly multiVisitFragmented: number;
  readonly multiVisitFragmentedShare: number | null;
  readonly multiVisitFragmentedShareSE: number | null;
  readonly visitPairs: number;
  readonly switchedPairs: number;
  readonly switchedShare: number | null;
  readonly switchedShareSE: number | null;
  readonly spacing: SpacingBinResult[];
}

export class SessionStats implements SessionRecording {
  sessions = 0;
  fragmented = 0;
  multiVisitSessions = 0;
  multiVisitFragmented = 0;
  visits = 0;
  pairs = 0;
  switched = 0;
  readonly binPairs = new Float64Array(SPACING_BINS);
  readonly binSwitched = new Float64Array(SPACING_BINS);

  sessionEnded(visits: number, fragmented: boolean): void {
    this.sessions++;
    this.visits += visits;
    if (fragmented) this.fragmented++;
    if (visits >= 2) {
      this.multiVisitSessions++;
      if (fragmented) this.multiVisitFragmented++;
    }
  }

  visitPair(spacing: number, switched: boolean): void {
    const b = spacingBin(spacing);
    this.pairs++;
    this.binPairs[b]!++;
    if (switched) {
      this.switched++;
      this.binSwitched[b]!++;
    }
  }

  /** The results block; `sessionGap` and `thinkTime` in trace seconds, as configured. */
  result(sessionGap: number, thinkTime: number): FragmentationResult {
    const all = shareWithError(this.fragmented, this.sessions);
    const multi = shareWithError(this.multiVisitFragmented, this.multiVisitSessions);
    const pairs = shareWithError(this.switched, this.pairs);
    const spacing: SpacingBinResult[] = [];
    for (let b = 0; b < SPACING_BINS; b++) {
      const n = this.binPairs[b]!;
      if (n === 0) continue;
      const k = this.binSwitched[b]!;
      const e = shareWithError(k, n);
      spacing.push({
        fromSeconds: b === 0 ? 0 : round(spacingEdge(b)),
        toSeconds: b === SPACING_BINS - 1 ? 1e300 : round(spacingEdge(b + 1)),
        pairs: n,
        switched: k,
        switchedShare: e.share,
        switchedShareSE: e.se,
      });
    }
    return {
      sessionGap,
      thinkTime,
      sessions: this.sessions,
      fragmented: this.fragmented,
      fragmentedShare: all.share,
      fragmentedShareSE: all.se,
      multiVisitSessions: this.multiVisitSessions,
      multiVisitFragmented: this.multiVisitFragmented,
      multiVisitFragmentedShare: multi.share,
      multiVisitFragmentedShareSE: multi.se,
      visitPairs: this.pairs,
      switchedPairs: this.switched,
      switchedShare: pairs.share,
      switchedShareSE: pairs.se,
      spacing,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
