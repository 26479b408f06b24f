/**
 * What the fit report draws: a structural view of src/fit's FitResult (the
 * report layer sees data, never the code that computed it), plus the
 * validation table the CLI measured, if any.
 */
export interface FitReportParameter {
  readonly name: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface FitReportCandidate {
  readonly family: string;
  readonly params: readonly FitReportParameter[];
  readonly logLikelihood: number;
  readonly aic: number;
  readonly ks: number;
  readonly cdf: readonly number[];
}

export interface FitReportDistribution {
  readonly label: string;
  readonly unit: string;
  readonly n: number;
  readonly mean: number;
  readonly max: number;
  readonly chosen: string | undefined;
  readonly spec: number | Readonly<Record<string, number | string | readonly number[]>>;
  readonly candidates: readonly FitReportCandidate[];
  readonly values: readonly number[];
  readonly empirical: readonly number[];
  /** The chosen law as drawn against the log's sample: mean, median, 95th percentile. */
  readonly summary?: {
    readonly log: FitReportMoments;
    readonly fitted: FitReportMoments;
  };
  /** The chosen law's KS distance, p-value and verdict. */
  readonly goodness?: { readonly ks: number; readonly p: number; readonly poor: boolean };
  /** A duration whose best parametric law failed the KS test: that law (the empirical one replaced it). */
  readonly rejected?: {
    readonly family: string;
    readonly ks: number;
    readonly p: number;
    readonly poor: boolean;
  };
}

export interface FitReportMoments {
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
}

export interface FitReportClass {
  readonly name: string;
  readonly host: string;
  readonly clients: number;
  readonly requests: number;
  readonly sessions: number;
  readonly zipf: { readonly skew: number; readonly low: number; readonly high: number };
  readonly meanRate: number;
  readonly pages: FitReportDistribution;
  readonly objects: FitReportDistribution;
  readonly thinkTime: FitReportDistribution;
  readonly objectGap: FitReportDistribution;
  readonly requestsPerSession: {
    readonly observed: number;
    readonly model: number;
    /** A sampled log: the fitted workload's window-cut sessions (simulated, rebuilt by the log's rule). */
    readonly cut?: number;
  };
  /** The population's return visits, fitted to a sampled log's return curve. */
  readonly revisit?: FitReportRevisit;
  /** Light and heavy sessions (the default on a sampled log; `rrdns fit --no-heavy-sessions`: none), when the log holds them. */
  readonly heavy?: FitReportHeavy;
  /** The class whose laws this one draws (one-shot visitors draw the population's): shown once, there. */
  readonly lawsOf?: string;
}

type FitReportSpec = number | Readonly<Record<string, number | string | readonly number[]>>;

/** The session-level objects law: each session light or heavy, its pages' objects (and gaps) from its kind's law. */
export interface FitReportHeavy {
  readonly weight: number;
  readonly light: FitReportSpec;
  readonly heavy: FitReportSpec;
  /** Log-likelihood over one component. */
  readonly gain: number;
  /** Mean objects per page, held: the one-component law's. */
  readonly mean: number;
  readonly ratio: number;
  readonly gap?: {
    readonly light: FitReportSpec;
    readonly heavy: FitReportSpec;
    readonly ratio: number;
  };
}

/** A return curve: returned[k − 1] of atRisk[k − 1] host-windows came back k periods later. */
export interface FitReportCurve {
  readonly returned: readonly number[];
  readonly atRisk: readonly number[];
}

export interface FitReportRevisit {
  readonly probability: number;
  readonly gap: number;
  readonly probabilityRange: readonly [number, number];
  readonly gapRange: readonly [number, number];
  readonly distance: number;
  readonly fittedLags: number;
  readonly distanceWithout: number;
  readonly log: FitReportCurve;
  readonly fitted: FitReportCurve;
  readonly without: FitReportCurve;
  readonly hostsLog: number;
  readonly hostsFitted: number;
  /** Where the estimate (or only its 95% set) meets the grid's limits; empty or absent inside it. */
  readonly edges?: readonly { readonly limit: string; readonly estimate: boolean }[];
}

export interface FitReportFit {
  readonly options: {
    readonly file: string;
    readonly format: string;
    readonly reorderWindow: number;
    readonly rules: {
      readonly sessionGap: number;
      readonly embedGap: number;
      readonly extensions: boolean;
    };
    readonly heavyShare: number;
    readonly idleGap: number;
    readonly rateBin: number;
    /** Sampled logs: laws fitted as right-censored at each window's end (absent: false). */
    readonly censor?: boolean;
    /** With `censor`: a window's fragment read as a start or a continuation (absent: false, every fragment a start). */
    readonly fragments?: boolean;
  };
  readonly lines: number;
  readonly validLines: number;
  readonly malformedLines: number;
  readonly lateLines: number;
  readonly requests: number;
  readonly hosts: number;
  readonly sessions: number;
  readonly origin: number;
  readonly end: number;
  readonly intervals: readonly unknown[];
  readonly activeSeconds: number;
  /** A sampled log's observation windows (seconds), when the fit detected them. */
  readonly observe?: { readonly period: number; readonly length: number; readonly offset: number };
  readonly classes: readonly FitReportClass[];
}

/** One row of the acceptance table: the replayed log against the fitted workload. */
export interface ValidationRow {
  readonly metric: string;
  readonly trace: number;
  /** Mean over the fitted scenario's replications, and its standard error. */
  readonly fitted: number;
  readonly standardError: number;
  /** "±0.05" or "±15%". */
  readonly tolerance: string;
  readonly pass: boolean;
  /** Context row, not part of the acceptance table. */
  readonly extra?: boolean;
  /** Equal on both sides by construction (a hit ratio of 0 when TTL ≤ lookup gap): tests nothing, counted neither as a pass nor as a miss. */
  readonly degenerate?: boolean;
}

export interface Validation {
  readonly replications: number;
  readonly rows: readonly ValidationRow[];
  /** Plain-text notes on the setup and on any miss. */
  readonly notes: readonly string[];
}
