/**
 * The results contract: what `rrdns run` writes to results.json and what the
 * reports are drawn from. Field names are part of the public interface.
 */

export interface ServerResult {
  readonly address: string;
  /** Connection attempts sent to this address. */
  readonly requests: number;
  readonly served: number;
  readonly failedAttempts: number;
  /** This address's fraction of all served requests. */
  readonly share: number;
  /** Requests this host actually carried (differs from served under IP takeover). */
  readonly load: number;
  /** Busiest bin's served requests per second at this address. */
  readonly peakPerSecond: number;
  readonly capacity: number | null;
  /** peakPerSecond / capacity, when a capacity is given. */
  readonly peakUtilisation: number | null;
}

export interface FailureResult {
  readonly server: string;
  readonly start: number;
  readonly end: number;
  readonly mode: "blackhole" | "refused";
  readonly withdrawnAt: number | null;
  readonly restoredAt: number | null;
  readonly takenOverAt: number | null;
  readonly failedAttempts: number;
  readonly failedVisits: number;
  /** Seconds from the failure until the dead address gets < 1% of its fair share; null: never. */
  readonly drainSeconds: number | null;
  /** The same, counted from the withdrawal by health-checked DNS. */
  readonly drainFromWithdrawalSeconds: number | null;
}

export interface TimeSeries {
  readonly binSeconds: number;
  /** Start of each bin, seconds. */
  readonly start: number[];
  /** Per server (outer index as in `servers`), per bin. */
  readonly servedByServer: number[][];
  readonly attemptsByServer: number[][];
  readonly failedAttemptsByServer: number[][];
  readonly loadByServer: number[][];
  readonly visits: number[];
  readonly requests: number[];
  readonly failedRequests: number[];
  readonly failedVisits: number[];
  readonly unresolvedVisits: number[];
  readonly authoritativeQueries: number[];
  readonly resolverLookups: number[];
  readonly resolverHits: number[];
  readonly staleAnswers: number[];
  /**
   * Requests of visits that arrived before the horizon but ran past it (late
   * requests, retries after connect timeouts): in the totals, not in any bin.
   */
  readonly afterHorizon: {
    readonly served: number;
    readonly failedAttempts: number;
    readonly failedRequests: number;
  };
  /** Balance of the hosts' load per bin; null where nothing was served. */
  readonly maxOverMean: (number | null)[];
  readonly cov: (number | null)[];
  readonly jain: (number | null)[];
}

export interface Results {
  readonly scenario: string;
  readonly description: string;
  readonly seed: number;
  readonly version: string;
  /** Simulated seconds. */
  readonly duration: number;
  readonly warmup: number;
  readonly totals: {
    readonly visits: number;
    readonly requests: number;
    readonly served: number;
    readonly failed: number;
    readonly attempts: number;
    readonly failedAttempts: number;
    readonly failedVisits: number;
    readonly unresolvedVisits: number;
  };
  readonly servers: ServerResult[];
  readonly dns: {
    readonly authoritativeQueries: number;
    /** Authoritative queries per second over the measured period. */
    readonly authoritativeQps: number;
    readonly resolverLookups: number;
    readonly resolverHits: number;
    readonly resolverHitRatio: number;
    readonly staleAnswers: number;
    readonly unresolvedVisits: number;
    readonly servfailVisits: number;
    readonly noAnswerVisits: number;
    readonly clientCacheHits: number;
    readonly resolvers: number;
    /** Client share of the largest resolver. */
    readonly topResolverShare: number;
  };
  readonly balance: {
    readonly maxOverMean: number | null;
    readonly cov: number | null;
    readonly jain: number | null;
    readonly window: {
      readonly seconds: number;
      readonly windows: number;
      readonly maxOverMean: number | null;
      readonly cov: number | null;
      readonly jain: number | null;
      readonly worstMaxOverMean: number | null;
    };
  };
  readonly delay: {
    readonly connectTimeout: number;
    readonly delayedVisits: number;
    /** Mean added seconds over all visits. */
    readonly meanSeconds: number;
    readonly p99Seconds: number;
    readonly maxSeconds: number;
    /** Mean added seconds over the visits that paid at least one timeout. */
    readonly meanDelayedSeconds: number;
  };
  readonly failures: FailureResult[];
  readonly timeseries: TimeSeries;
  /** The scenario exactly as run, defaults filled in. */
  readonly scenarioSpec: unknown;
}
