import { validationTally } from "./tally.js";
import type {
  FitReportCandidate,
  FitReportClass,
  FitReportCurve,
  FitReportDistribution,
  FitReportFit,
  FitReportHeavy,
  FitReportMoments,
  FitReportRevisit,
  Validation,
  ValidationRow,
} from "./types.js";

/** The report as sections of prose and tables, rendered to Markdown and to HTML alike. */
export interface Section {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly table?: {
    readonly header: readonly string[];
    readonly rows: readonly (readonly string[])[];
  };
}

const int = (x: number) => Math.round(x).toLocaleString("en-US");
export const sig = (x: number, digits = 3): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : "n/a";

/** Poisson: n sessions in T seconds, rate n/T ± 1.96·√n/T. */
function rateWithCi(n: number, seconds: number): string {
  const half = (1.959963984540054 * Math.sqrt(n)) / seconds;
  return `${sig(n / seconds)} [${sig(Math.max(0, n / seconds - half))}, ${sig(n / seconds + half)}]`;
}

/**
 * A fit that ran off to a limit of its parameter space: a parameter or its
 * interval not finite, or a lognormal/exponential spread so wide (sigma over
 * 20: a factor e^20 between typical values) that it describes nothing.
 */
export function degenerate(c: FitReportCandidate): boolean {
  return c.params.some(
    (p) =>
      !Number.isFinite(p.value) ||
      !Number.isFinite(p.low) ||
      !Number.isFinite(p.high) ||
      (p.name === "sigma" && p.value > 20),
  );
}

function paramText(c: FitReportCandidate): string {
  if (degenerate(c)) {
    const ran = c.params
      .map((p) =>
        Number.isFinite(p.value)
          ? `${p.name} ran off to ${sig(p.value)}`
          : `${p.name} has no finite value`,
      )
      .join(", ");
    return `degenerate fit: this family cannot describe the sample (${ran})`;
  }
  return c.params
    .map((p) => `${p.name} ${sig(p.value)} [${sig(p.low)}, ${sig(p.high)}]`)
    .join(", ");
}

/** The reconstruction rules, in words (the same rules src/fit/rules.ts applies). */
export function rulesText(fit: FitReportFit): string[] {
  const r = fit.options.rules;
  return [
    `Sessions: a host's session ends when it is silent for ${r.sessionGap} s or more; its next request starts a new session (whose first request is a page).`,
    `Pages and embedded objects: within a session, a request is an embedded object of the current page when it comes less than ${r.embedGap} s after the host's previous request, or its Referer's path is the current page's path${r.extensions ? ", or its path ends in a static-resource extension (.gif, .png, .jpg, .css, .js, .ico, fonts …)" : ""}; otherwise it is the main request of a new page. Think time: from the host's previous request to a new page's main request. Object gap: from the host's previous request to an embedded one.`,
    `Heavy hosts: every host with more than ${sig(fit.options.heavyShare * 100)}% of the requests (crawlers, proxies, feed readers) is a class of its own, with its own laws; ${fit.classes.some((c) => c.lawsOf !== undefined) ? "the rest form a population of returning regulars, whose session rate across clients is Zipf with the fitted exponent, and one-shot visitors (the visitors class), who draw the same laws and come once." : "the rest form one population whose session rate across clients is Zipf with the fitted exponent."}`,
    `Session rate: the log's active stretches are the spans with no gap of ${fit.options.idleGap} s or more between consecutive requests; inside them the rate is constant per ${fit.options.rateBin} s (each class its own sessions over the bin's length), outside it is 0.`,
    ...(fit.observe
      ? [
          `Sampled log: the active stretches are at most ${fit.observe.length} s every ${fit.observe.period} s, so the log kept only those windows (clients.sessions.observe: period ${fit.observe.period} s, length ${fit.observe.length} s, offset ${fit.observe.offset} s). Each window stands for its period: its sessions N give the rate N / (L + E[S]) from the previous window's end to its own end (L the window's length, E[S] the fitted mean span of a session, first to last request: a session is seen if it starts less than its span before the window), and the fitted workload makes only the requests inside the windows.`,
          ...(fit.options.censor
            ? [
                `Censored fit: the log shows a session only up to its window's end, so after its last request, r seconds before that end, it either ended, or its last page's burst went on after an object gap of r s or more, or it went on to another page after a think time of r s or more. Each session contributes P(M = m)·[P(N = k) + P(N > k)·P(T ≥ r)] + P(M > m)·P(G ≥ r)·P(N ≥ k) (N pages, M objects per page, T think time, G object gap, independent; k pages seen, m objects on the last one) times the densities of its complete observations (its think times, object gaps, and the objects of pages a later page followed); the joint likelihood is maximised law by law with the other three fixed (${fit.options.fragments ? "from the uncensored fit, round after round until a round changes no written law, or two rounds alternate and the likelier is kept (at least three rounds)" : "three rounds from the uncensored fit"}), the empirical count laws by EM.${fit.options.fragments ? " A window's fragment is read as a session's start or as the continuation of one under way when the window opened (after a think time or an object gap that straddled the opening; the pages and objects left are the laws seen from that point): the fragments of a window are a Poisson process whose intensity sums the three, and the likelihood is normalised by L + E[S_L], which ties the laws to the log's requests per fragment (reading every fragment as a start, --no-fragments, fits a workload a quarter busier than the shared 2015 log)." : " Every fragment is read as a session's start (--no-fragments): a session under way at a window's start, seen from its middle, is not modelled."} AIC and CIs are of the joint likelihood; KS is against the complete observations (for pages, the cut sessions: the fitted law is expected to lie below them). Think times and object gaps are truncated at the session gap (${r.sessionGap} s: no gap inside a session is longer), not at the largest seen, which a window's length bounds; counts at 10000, not at the largest seen, which the windows cut. E[S] in the rate is the window-seen span, (E[pages] − 1)·E[min(T, L)] + E[pages]·E[objects]·E[min(G, L)] (a session is seen iff it starts within a set of measure L + Σ min(gap, L)).`,
              ]
            : []),
        ]
      : []),
    `Estimates: maximum likelihood; durations logged to the second count as the interval [d − ½, d + ½] s, counts of a floored continuous law as P(k ≤ X < k + 1). The family with the lowest AIC is chosen; KS is the Kolmogorov–Smirnov distance of its CDF from the log's. Intervals are 95% asymptotic (inverse observed information, on the log scale of each parameter). Each law is truncated (max) at the largest value the log showed and renormalised, and the likelihood is the truncated law's: the law fitted is the law the engine draws. Counts also have the empirical law (each value with its observed share; k distinct values are k − 1 parameters in the AIC). The Zipf exponent ranks clients by their observed session counts, which biases it upwards when most clients have one session.`,
  ];
}

function distributionRows(name: string, key: string, d: FitReportDistribution): string[][] {
  if (d.chosen === undefined)
    return [
      [
        name,
        key,
        int(d.n),
        sig(d.mean),
        "fixed",
        typeof d.spec === "number" ? String(d.spec) : "",
        "",
        "",
      ],
    ];
  return d.candidates.map((c) => [
    name,
    key,
    int(d.n),
    sig(d.mean),
    c.family === d.chosen ? `**${c.family}**` : c.family,
    paramText(c),
    sig(c.ks),
    sig(c.aic, 6),
  ]);
}

/** What a law that misses the log does to the validation's metrics. */
const CONSEQUENCE: Record<string, string> = {
  "pages per session":
    "requests per session and a session's span, so the session rate the windows imply",
  "objects per page": "the size of each page's burst, so the per-window max/mean of frozen caches",
  "think time (s)":
    "which bursts come within the lookup gap and the TTL of the last lookup, so the resolver hit ratio and the authoritative queries/s",
  "object gap (s)":
    "how long a page's burst lasts, so lookups per session (a burst longer than the lookup gap resolves twice) and the per-window max/mean",
};

const LAWS: readonly [string, (c: FitReportFit["classes"][number]) => FitReportDistribution][] = [
  ["pages per session", (c) => c.pages],
  ["objects per page", (c) => c.objects],
  ["think time (s)", (c) => c.thinkTime],
  ["object gap (s)", (c) => c.objectGap],
];

/** "think time (s)" → "think time". */
const d0 = (what: string) => what.replace(/ \(s\)$/, "");

/** The classes with laws of their own: a class that draws another's laws (lawsOf) would repeat them. */
function ownLaws<C extends FitReportClass>(fit: { readonly classes: readonly C[] }): C[] {
  return fit.classes.filter((c) => c.lawsOf === undefined);
}

/** Which classes draw another's laws, in words (none: nothing to say). */
function sharedLawsNote(fit: FitReportFit): string[] {
  return fit.classes
    .filter((c) => c.lawsOf !== undefined)
    .map(
      (c) =>
        `The ${c.name} class draws the laws of ${c.lawsOf}: they are listed once, under ${c.lawsOf}.`,
    );
}

/** Each chosen law's mean, median and tail next to the log's, and a plain verdict on its fit. */
export function lawsAgainstLogSection(fit: FitReportFit): Section {
  const rows: string[][] = [];
  const poor: string[] = [];
  const replaced: string[] = [];
  const missed = new Set<string>();
  const pText = (p: number) => (p < 1e-4 ? "< 0.0001" : sig(p, 2));
  for (const c of ownLaws(fit))
    for (const [what, get] of LAWS) {
      const d = get(c);
      if (!d.summary) continue;
      const g = d.goodness;
      const m = (x: FitReportMoments) => `${sig(x.mean)} / ${sig(x.median)} / ${sig(x.p95)}`;
      rows.push([
        c.name,
        what,
        int(d.n),
        m(d.summary.log),
        `${m(d.summary.fitted)} (${d.chosen})`,
        g
          ? `${sig(g.ks)} (p ${pText(g.p)})`
          : d.chosen === "empirical"
            ? "— (the data)"
            : "— (no complete observation)",
        d.rejected
          ? `no family fits (${d.rejected.family}: KS ${sig(d.rejected.ks)}, p ${pText(d.rejected.p)}): smoothed empirical law${g?.poor ? ", **does not fit**" : ""}`
          : g
            ? g.poor
              ? "**does not fit**"
              : "fits"
            : d.chosen === "empirical"
              ? "empirical"
              : "untested",
      ]);
      if (d.rejected) {
        replaced.push(
          `${c.name} ${what} (${d.rejected.family}, KS ${sig(d.rejected.ks)}, p ${pText(d.rejected.p)}, n ${int(d.n)})`,
        );
      }
      if (g?.poor) {
        poor.push(`${c.name} ${what} (${d.chosen}, KS ${sig(g.ks)}, n ${int(d.n)})`);
        missed.add(what);
      }
    }
  return {
    heading: "Fitted laws against the log",
    paragraphs: [
      "Each chosen law as the engine draws it (truncated at its max) next to the log's sample: mean / median / 95th percentile. The verdict is the Kolmogorov–Smirnov test of the chosen law against the log's observations at the 1% level (p-value asymptotic; with the parameters estimated from the same data it is if anything too high, so a miss is a real one). On a sampled log the complete observations are biased short (a gap is seen only if it ends inside its window), so there the log's column and the KS test understate the long tail the censored fit puts back; pages per session, whose every observation may be a cut session, are not tested.",
      ...sharedLawsNote(fit),
      poor.length === 0
        ? "Every chosen parametric law passes the KS test at the 1% level."
        : `No candidate family fits these at the 1% level: ${poor.join("; ")}. The fitted law is the closest of the candidates by AIC, not a description of the log: ${[
            ...missed,
          ]
            .map((w) => `a wrong ${w} shifts ${CONSEQUENCE[w]}`)
            .join("; ")}. Read the validation table for how far.`,
      ...(replaced.length === 0
        ? []
        : [
            `No parametric family fits these at the 1% level, so the smoothed empirical law (the log's own gaps in bins of about √n / 2 each, uniform inside a bin) is drawn instead: ${replaced.join("; ")}. It reproduces the log's distribution between the shortest and the longest gap seen, and nothing beyond: a site whose users pause longer than this log shows is not extrapolated. The criterion: the parametric law with the lowest AIC stands when the KS test cannot tell it from the log (p ≥ 0.01); otherwise the empirical one. ${[
              ...new Set(replaced.map((r) => LAWS.find(([w]) => r.includes(` ${w} (`))?.[0] ?? "")),
            ]
              .filter((w) => w !== "")
              .map(
                (w) =>
                  `Had the ${d0(w)} been drawn from the rejected law, it would shift ${CONSEQUENCE[w]}`,
              )
              .join("; ")}.`,
          ]),
    ],
    table: {
      header: [
        "class",
        "what",
        "n",
        "log: mean / median / p95",
        "fitted: mean / median / p95",
        "KS (p)",
        "verdict",
      ],
      rows,
    },
  };
}

export function validationSection(v: Validation): Section {
  return {
    heading: "Validation: the fitted workload against the replayed log",
    paragraphs: [
      `The same DNS setup for both: the log replayed (clients.trace, one resolver per host) and the fitted session workload averaged over ${v.replications} replications (± one standard error).`,
      ...v.notes,
    ],
    table: {
      header: ["metric", "replayed log", "fitted workload", "difference", "tolerance", "pass"],
      rows: v.rows.map((r: ValidationRow) => [
        r.metric,
        sig(r.trace, 4),
        `${sig(r.fitted, 4)} ± ${sig(r.standardError, 2)}`,
        r.tolerance.endsWith("%")
          ? `${r.fitted >= r.trace ? "+" : ""}${sig(((r.fitted - r.trace) / r.trace) * 100, 3)}%`
          : `${r.fitted >= r.trace ? "+" : ""}${sig(r.fitted - r.trace, 3)}`,
        r.tolerance,
        r.degenerate
          ? "— (degenerate)"
          : r.extra
            ? r.pass
              ? "(yes)"
              : "(no)"
            : r.pass
              ? "yes"
              : "**no**",
      ]),
    },
  };
}

/** The verdict in one sentence and its numbers: laws that fit, validation metrics within tolerance. */
export interface FitVerdict {
  readonly answer: string;
  readonly figures: readonly {
    readonly label: string;
    readonly value: string;
    readonly note?: string;
    readonly alert?: boolean;
  }[];
}

export function fitVerdict(fit: FitReportFit, validation?: Validation): FitVerdict {
  let tested = 0;
  let fits = 0;
  for (const c of ownLaws(fit))
    for (const [, get] of LAWS) {
      const g = get(c).goodness;
      if (!g) continue;
      tested++;
      if (!g.poor) fits++;
    }
  const tally = validation ? validationTally(validation) : undefined;
  const figures: FitVerdict["figures"][number][] = [];
  if (validation && tally)
    figures.push({
      label: "validation metrics within tolerance",
      value: `${tally.passed} of ${tally.counted}`,
      note: `fitted workload against the replayed log, ${validation.replications} replications`,
      alert: tally.passed < tally.counted,
    });
  figures.push(
    {
      label: "fitted laws that pass the KS test (1%)",
      value: `${fits} of ${tested}`,
      note: "laws with complete observations",
      alert: fits < tested,
    },
    {
      label: "client classes",
      value: String(fit.classes.length),
      note: `${int(fit.sessions)} sessions from ${int(fit.hosts)} hosts`,
    },
  );
  const answer = tally
    ? tally.misses.length === 0
      ? `The fitted workload reproduces all ${tally.counted} validation metrics of the replayed log within tolerance; ${fits} of ${tested} tested laws pass the KS test.`
      : `The fitted workload reproduces ${tally.passed} of ${tally.counted} validation metrics of the replayed log within tolerance (misses: ${tally.misses.join("; ")}); ${fits} of ${tested} tested laws pass the KS test.`
    : `${fits} of ${tested} fitted laws pass the KS test at the 1% level. Run with --validate to compare the fitted workload with the replayed log.`;
  return { answer, figures };
}

/** The verdict as a Markdown section (the HTML page draws it as its headline). */
function verdictSection(fit: FitReportFit, validation?: Validation): Section {
  const v = fitVerdict(fit, validation);
  return {
    heading: "Verdict",
    paragraphs: [
      v.answer,
      v.figures.map((f) => `**${f.value}** ${f.label}${f.note ? ` (${f.note})` : ""}`).join(" · "),
    ],
  };
}

/** Every section of the fit report: results and verdict first, the method after (see fitMethodSections). */
export function fitSections(fit: FitReportFit, validation?: Validation): Section[] {
  return [...fitResultSections(fit, validation), ...fitMethodSections(fit)];
}

/** What the fit found: the validation, the laws against the log, the classes and the candidates. */
export function fitResultSections(fit: FitReportFit, validation?: Validation): Section[] {
  const sections: Section[] = [];
  if (validation) sections.push(validationSection(validation));
  sections.push(
    lawsAgainstLogSection(fit),
    {
      heading: "Classes",
      paragraphs: [
        ...(fit.observe
          ? [
              "Requests per session, like with like: the log's sessions are cut at its windows' ends, so the fit's column is the fitted workload's sessions as the log would show them: simulated over the log's time with its windows (5 seeds), the sessions rebuilt from the requests made by the same session rule. In brackets, the fitted laws' whole sessions, E[pages] × (1 + E[objects]) (each law floored and truncated as the engine draws it), which the windows cut.",
            ]
          : [
              "Requests per session: the log's mean against the fitted laws' E[pages] × (1 + E[objects]) (each law floored and truncated as the engine draws it).",
            ]),
      ],
      table: {
        header: [
          "class",
          "clients",
          "requests",
          "sessions",
          "Zipf skew [95% CI]",
          "sessions/s while active [95% CI]",
          fit.observe ? "requests/session (log / fit, window-cut)" : "requests/session (log / fit)",
        ],
        rows: fit.classes.map((c) => [
          c.host === "" ? c.name : `${c.name} (heavy)`,
          int(c.clients),
          int(c.requests),
          int(c.sessions),
          c.host === ""
            ? `${sig(c.zipf.skew)} [${sig(c.zipf.low)}, ${sig(c.zipf.high)}]`
            : "— (one client)",
          rateWithCi(c.sessions, fit.activeSeconds),
          c.requestsPerSession.cut === undefined
            ? `${sig(c.requestsPerSession.observed)} / ${sig(c.requestsPerSession.model)}`
            : `${sig(c.requestsPerSession.observed)} / ${sig(c.requestsPerSession.cut)} (whole: ${sig(c.requestsPerSession.model)})`,
        ]),
      },
    },
    {
      heading: "Fitted distributions",
      paragraphs: [
        "Each candidate law with its 95% intervals; the chosen one (lowest AIC) in bold. A degenerate fit is one whose estimate ran off to the edge of its family (a spread without bound): said in words, as that family cannot describe the sample.",
        ...sharedLawsNote(fit),
      ],
      table: {
        header: ["class", "what", "n", "mean", "law", "parameters [95% CI]", "KS", "AIC"],
        rows: ownLaws(fit).flatMap((c) => [
          ...distributionRows(c.name, "pages per session", c.pages),
          ...distributionRows(c.name, "objects per page", c.objects),
          ...distributionRows(c.name, "think time (s)", c.thinkTime),
          ...distributionRows(c.name, "object gap (s)", c.objectGap),
        ]),
      },
    },
  );
  for (const c of fit.classes) if (c.revisit) sections.push(revisitSection(c.name, c.revisit));
  for (const c of fit.classes) if (c.heavy) sections.push(heavySection(c.name, c.heavy));
  return sections;
}

/** How the fit was made: the log as read and the reconstruction rules. */
export function fitMethodSections(fit: FitReportFit): Section[] {
  return [
    {
      heading: "The log",
      paragraphs: [
        `${fit.options.file} (${fit.options.format}): ${int(fit.lines)} lines, ${int(fit.validLines)} valid, ${int(fit.malformedLines)} malformed skipped, ${int(fit.lateLines)} beyond the ${fit.options.reorderWindow} s reorder window dropped. ${int(fit.requests)} requests from ${int(fit.hosts)} hosts in ${int(fit.sessions)} sessions; ${int(fit.intervals.length)} active stretch(es) covering ${int(fit.activeSeconds)} s of the ${int(fit.end - fit.origin)} s from the first request to the last.`,
      ],
    },
    { heading: "Reconstruction rules", paragraphs: rulesText(fit) },
  ];
}

export { verdictSection };

const share = (c: FitReportCurve, k: number) =>
  c.atRisk[k - 1]! > 0 ? c.returned[k - 1]! / c.atRisk[k - 1]! : Number.NaN;

/** The return visits: the estimate, its confidence set, and the return curves it was fitted to. */
/** A law as the scenario writes it: `lognormal median 0.43, sigma 1.13`. */
function specText(spec: FitReportHeavy["light"]): string {
  if (typeof spec === "number") return `fixed ${sig(spec)}`;
  const { dist, ...params } = spec;
  const shown = Object.entries(params).filter(([k, v]) => k !== "max" && typeof v === "number");
  return `${String(dist)} ${shown.map(([k, v]) => `${k} ${sig(v as number)}`).join(", ")}`;
}

export function heavySection(name: string, h: FitReportHeavy): Section {
  return {
    heading: `Heavy sessions (${name})`,
    paragraphs: [
      `Each session is light or heavy, drawn once a session, and every page of it draws its objects${h.gap ? " and their gaps" : ""} from its kind's law (clients.sessions.classes[].heavy): the log's page sizes within a session go together, which a per-page law cannot give. Fitted on the window-cut sessions' likelihood (the fragments'), with the mean objects per page held at the one-law fit's (${sig(h.mean)})${h.gap ? " and the sessions' seen span held, so the session rate is the one-law fit's" : ""}. ${sig(100 * h.weight)}% of the sessions are heavy, with ${sig(h.ratio)} × the light sessions' scale of objects per page; the mixture is ${sig(h.gain)} in log-likelihood above one law (it is kept only when it gains more than its added parameters).`,
    ],
    table: {
      header: ["what", "light sessions", "heavy sessions"],
      rows: [
        ["share of sessions", sig(1 - h.weight), sig(h.weight)],
        ["objects per page", specText(h.light), specText(h.heavy)],
        ...(h.gap ? [["object gap (s)", specText(h.gap.light), specText(h.gap.heavy)]] : []),
      ],
    },
  };
}

/** The return visits at the grid's edge, said where the estimate is read (the CLI says it too). */
function gridEdgeNote(r: FitReportRevisit): string[] {
  if (!r.edges || r.edges.length === 0) return [];
  const where = r.edges.map((e) =>
    e.estimate ? `the estimate is ${e.limit}` : `the 95% set reaches ${e.limit}`,
  );
  return [
    `**At the grid's edge**: ${where.join("; ")}. The log's return curve may want a value beyond the grid, which the fit cannot give: read the estimate or its range there as a bound, not a value, and compare the return curves below.`,
  ];
}

export function revisitSection(name: string, r: FitReportRevisit): Section {
  const lags = r.log.returned.length;
  return {
    heading: `Return visits (${name})`,
    paragraphs: [
      `Return curve: of the hosts that start a session in a window, the share that start one again k windows later (k periods; a host counts once per window). The log's hosts come back far more often soon after than Zipf-weighted Poisson sessions do, whose curve is flat: a host's sessions come in visits, not as a Poisson stream over the whole log.`,
      r.probability > 0
        ? `Fitted: revisit probability ${sig(r.probability)} [${sig(r.probabilityRange[0])}, ${sig(r.probabilityRange[1])}] (a visit is on average ${sig(1 / (1 - r.probability))} sessions), gap exponential with mean ${int(r.gap)} s [${int(r.gapRange[0])}, ${int(r.gapRange[1])}]; the class's rate is the visit rate that keeps its session rate.`
        : "Fitted: no return visits (probability 0 is closest to the log's curve).",
      ...gridEdgeNote(r),
      `Estimator: simulated minimum distance over lags 1–${r.fittedLags} (the next window decides whether a TTL up to one period hits; the one after tells a long visit from a frequent one; the later lags are the few regulars' plateau, which one geometric visit law does not follow: the table shows them). For each (probability, gap) of a grid the fitted workload is simulated over the log's time with its windows on fixed seeds, its sessions rebuilt by the log's rule, and its curve compared with the log's: Σ (R_fit − R_log)² / (v_fit + v_log), v the binomial variance of each share. Distance ${sig(r.distance)}, against ${sig(r.distanceWithout)} without return visits. The bracketed ranges are the grid points within χ²₂(0.95) = 5.99 of the least distance (approximate: lags share hosts; q and the gap trade off along a ridge, a longer gap with a higher q). Distinct hosts seen: ${int(r.hostsLog)} in the log, ${int(r.hostsFitted)} in the fitted run (a visit's sessions fall in several windows of one client, where the log has more one-window hosts).`,
    ],
    table: {
      header: ["lag k (periods)", "log", "fitted (with return visits)", "without return visits"],
      rows: Array.from({ length: lags }, (_, i) => [
        String(i + 1),
        `${sig(share(r.log, i + 1))} (${int(r.log.returned[i]!)} / ${int(r.log.atRisk[i]!)})`,
        sig(share(r.fitted, i + 1)),
        sig(share(r.without, i + 1)),
      ]),
    },
  };
}
