import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Command } from "commander";
import { DEFAULT_FIT_OPTIONS } from "../../fit/defaults.js";
import type { FitResult } from "../../fit/index.js";
import { DEFAULT_RULES } from "../../fit/rules.js";
import { validationTally } from "../../report/fit/tally.js";
import type { Validation } from "../../report/index.js";
import { UserError } from "../../scenario/errors.js";
import {
  choiceOption,
  integerOption,
  nonNegativeNumberOption,
  positiveNumberOption,
  replicationsOption,
} from "../options.js";
import { checkOutputFile, writeOutputFile } from "../output/write-file.js";
import { printable } from "../printable.js";
import type { StepProgress } from "../progress.js";
import { wrote } from "../wrote.js";

interface FitFlags {
  format: "clf" | "tsv" | "csv";
  servers: number;
  output?: string;
  report?: string;
  ttl: number;
  resolver: "own" | "shared";
  lookupGap: number;
  sessionGap: number;
  embedGap: number;
  extensions?: boolean;
  heavyShare: number;
  idleGap: number;
  rateBin: number;
  observe: boolean;
  censor: boolean;
  fragments: boolean;
  heavySessions: boolean;
  revisit: boolean;
  mixtureRevisit?: boolean;
  population: boolean;
  preRoll: boolean;
  reorderWindow: number;
  validate?: boolean;
  replications: number;
  seed: number;
  quiet?: boolean;
}

/**
 * Whether `file` is a scenario rrdns fit wrote (its header says so), for a
 * fitted.yaml written before manifests recorded single files: the committed
 * reports/fit-* folders hold one.
 */
function isFittedScenario(file: string): boolean {
  const head = Buffer.alloc(512);
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const n = readSync(fd, head, 0, head.length, 0);
    return (
      head.subarray(0, n).toString("utf8").split("\n")[1]?.startsWith("# Written by rrdns fit;") ===
      true
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the fit read, in one line for stderr, then its grid-edge notes (`gridEdgeNotes`). */
function fitSummaryText(fit: FitResult): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const heavy = fit.classes.filter((c) => c.host !== "").length;
  return (
    `fit ${printable(fit.options.file)}: ${n(fit.lines)} lines, ${n(fit.validLines)} valid, ${n(fit.malformedLines)} malformed skipped, ` +
    `${n(fit.lateLines)} beyond the reorder window; ${n(fit.requests)} requests from ${n(fit.hosts)} hosts in ${n(fit.sessions)} sessions, ` +
    `${heavy} heavy host class(es)` +
    (fit.observe
      ? `; sampled log: observation windows of ${fit.observe.length} s every ${fit.observe.period} s`
      : "") +
    "\n" +
    gridEdgeNotes(fit)
  );
}

/** A note per class whose return visits' estimate is at the grid's edge (only its 95% set there: the report says it). */
function gridEdgeNotes(fit: FitResult): string {
  let notes = "";
  for (const c of fit.classes) {
    const limits = (c.revisit?.edges ?? []).filter((e) => e.estimate).map((e) => e.limit);
    if (limits.length === 0) continue;
    const where = limits.map((limit) => `the estimate is ${limit}`).join("; ");
    notes += `note: the return visits of ${printable(c.name)} are at the grid's edge: ${where} (a bound, not a value: the fit report's return curves show how far the log is)\n`;
  }
  return notes;
}

/** Three or four significant digits for the terminal. */
const sig = (x: number, digits = 3): string =>
  Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : "n/a";

/** The validation table as the terminal shows it: a row per metric, then the tally. */
export function validationText(v: Validation): string {
  const lines = v.rows.map(
    (r) =>
      `  ${r.degenerate ? "n/a " : r.extra ? "info" : r.pass ? "ok  " : "MISS"} ${r.metric}: log ${sig(r.trace, 4)}, fit ${sig(r.fitted, 4)} ± ${sig(r.standardError, 2)} (${r.tolerance})`,
  );
  const t = validationTally(v);
  const degenerate = t.degenerate > 0 ? ` (${t.degenerate} n/a)` : "";
  const summary =
    t.misses.length === 0
      ? `every row within tolerance: ${t.passed} of ${t.counted}${degenerate}`
      : `${t.passed} of ${t.counted} rows within tolerance${degenerate}; ${t.misses.length} MISS above`;
  return `validation over ${v.replications} replications:\n${lines.join("\n")}\n${summary}\n`;
}

export function registerFit(program: Command): void {
  program
    .command("fit")
    .description(
      "fit a session workload (sessions, pages, embedded objects, heavy hosts) to an access log and write it as a scenario",
    )
    .argument(
      "<log>",
      "access log (Common/Combined Log Format, or TSV/CSV with --format; plain or .gz)",
    )
    .addOption(
      choiceOption("--format <format>", "log format", ["clf", "tsv", "csv"] as const, "clf"),
    )
    .option(
      "--servers <n>",
      "servers in the scenario (192.0.2.10, .11, …)",
      integerOption("--servers", 1),
      4,
    )
    .option("-o, --output <file>", "write the scenario YAML here (atomically) instead of stdout")
    .option("--report <dir>", "write the fit report (index.html, report.md, charts/) into <dir>")
    .option("--ttl <s>", "DNS TTL of the scenario, seconds", positiveNumberOption("--ttl"), 300)
    .addOption(
      choiceOption(
        "--resolver <kind>",
        "own: each client its own caching resolver; shared: clients drawn onto resolvers.count resolvers",
        ["own", "shared"] as const,
        "own",
      ),
    )
    .option(
      "--lookup-gap <s>",
      "a client resolves again after this many seconds of silence (clients.sessions.lookupGap)",
      positiveNumberOption("--lookup-gap"),
      300,
    )
    .option(
      "--session-gap <s>",
      "seconds of a host's silence that end its session",
      positiveNumberOption("--session-gap"),
      DEFAULT_RULES.sessionGap,
    )
    .option(
      "--embed-gap <s>",
      "a request this soon after the host's previous one is an embedded object",
      nonNegativeNumberOption("--embed-gap"),
      DEFAULT_RULES.embedGap,
    )
    .option(
      "--extensions",
      "also count static-resource paths (.gif, .css, .js …) as embedded objects whatever their gap",
    )
    .option(
      "--heavy-share <x>",
      "a host with more than this share of the requests is a class of its own",
      positiveNumberOption("--heavy-share"),
      DEFAULT_FIT_OPTIONS.heavyShare,
    )
    .option(
      "--idle-gap <s>",
      "seconds without any request that make a silent stretch (session rate 0)",
      positiveNumberOption("--idle-gap"),
      DEFAULT_FIT_OPTIONS.idleGap,
    )
    .option(
      "--rate-bin <s>",
      "seconds per step of the session-rate profile",
      positiveNumberOption("--rate-bin"),
      DEFAULT_FIT_OPTIONS.rateBin,
    )
    .option(
      "--no-observe",
      "do not detect a periodically sampled log (one minute an hour, say) nor write its observation windows (clients.sessions.observe)",
    )
    .option(
      "--no-censor",
      "on a sampled log, fit the laws to the window-cut sessions as if complete (the naive fit) instead of as right-censored at each window's end",
    )
    .option(
      "--no-fragments",
      "on a sampled log, read every window's cut session as a session's start, instead of as a fresh start or the continuation of one begun before the window (the fragments' likelihood); its fitted load runs about a quarter above the log's (docs/fit-validation.md); implies --no-heavy-sessions",
    )
    .option(
      "--no-heavy-sessions",
      "draw every page's objects and object gaps from one law per class, instead of from light and heavy sessions' laws (clients.sessions.classes[].heavy)",
    )
    .option(
      "--no-revisit",
      "on a sampled log, do not fit the population's return visits (clients.sessions.classes[].revisit) to the log's return curve",
    )
    .option(
      "--mixture-revisit",
      "on a sampled log, once the population is split into one-shot visitors and returning regulars, fit the regulars' return visits again with the visitors in the simulation and re-size, until they stand still (at most 3 rounds; about twice the fit's time; off by default: docs/fit-validation.md)",
    )
    .option(
      "--no-population",
      "do not fit the population's clients and Zipf exponent to the log's distinct hosts and one-session share; write the hosts seen and the skew of their ranked session counts instead",
    )
    .option(
      "--no-pre-roll",
      "start the fitted run with no session under way (clients.sessions.preRoll: none) instead of the log's steady state (quiet: sessions under way at t = 0, caches cold)",
    )
    .option(
      "--reorder-window <s>",
      "seconds a line may be out of time order",
      nonNegativeNumberOption("--reorder-window"),
      DEFAULT_FIT_OPTIONS.reorderWindow,
    )
    .option(
      "--validate",
      "also replay the log and run the fitted scenario through the same DNS setup, and compare the two metric by metric (the validation table)",
    )
    .option(
      "--replications <n>",
      "with --validate: seeds the fitted scenario is averaged over",
      replicationsOption(1),
      10,
    )
    .option("--seed <n>", "with --validate: base seed", integerOption("--seed"), 1)
    .option("--quiet", "no progress bar on stderr")
    .action(async (log: string, flags: FitFlags) => {
      const { fitLog, fittedName, fittedScenarioYaml } = await import("../../fit/index.js");
      const { fitCharts, fitReportHtml, fitReportMarkdown, narrowSpec } = await import(
        "../../report/index.js"
      );
      const { writeOutputFolder } = await import("../files.js");
      const { validateFit } = await import("../../study/fit-validation.js");
      const { checkTraceFile, readLineBatches } = await import("../trace-lines.js");
      const { stepProgress } = await import("../progress.js");
      checkTraceFile(log);
      // Before the fit: a bad -o should not cost the work.
      if (flags.output !== undefined) checkOutputFile(flags.output, { flag: "-o", inputs: [log] });
      if (flags.servers > 256) throw new UserError("--servers: at most 256");
      // Bars in turn: the log read twice (hosts, then sessions), in bytes of
      // the file; then the return-visit fit's simulated runs (the slow part);
      // with --validate, the validation's runs.
      const size = statSync(log).size;
      const [scale, unit] = 2 * size >= 20e6 ? [1e6, "MB"] : [1e3, "kB"];
      const quiet = flags.quiet ?? false;
      const reading = stepProgress({
        total: Math.max(1, Math.round((2 * size) / scale)),
        unit: `${unit} of the log read (two passes)`,
        stream: process.stderr,
        quiet,
      });
      let fitting: StepProgress | null = null;
      let pass = -1;
      let shown = 0;
      const fit = await fitLog(
        () => {
          pass++;
          return readLineBatches(log, (bytes) => {
            const read = Math.round((pass * size + bytes) / scale);
            if (read > shown) reading.tick(read - shown);
            shown = Math.max(shown, read);
          });
        },
        {
          file: basename(log),
          format: flags.format,
          reorderWindow: flags.reorderWindow,
          rules: {
            sessionGap: flags.sessionGap,
            embedGap: flags.embedGap,
            extensions: flags.extensions ?? false,
          },
          heavyShare: flags.heavyShare,
          idleGap: flags.idleGap,
          rateBin: flags.rateBin,
          observe: flags.observe,
          censor: flags.censor,
          fragments: flags.fragments,
          heavy: flags.fragments && flags.heavySessions,
          revisit: flags.revisit,
          ...(flags.mixtureRevisit ? { mixtureRevisit: true } : {}),
          population: flags.population,
          preRoll: flags.preRoll,
        },
        (done, atMost) => {
          // Each return-visit fit counts its runs from 1 (--mixture-revisit refits in rounds): a bar each.
          if (done === 1) {
            reading.stop();
            fitting?.stop();
            fitting = stepProgress({
              total: atMost,
              unit: "return-visit runs (at most)",
              stream: process.stderr,
              quiet,
            });
          }
          fitting?.tick();
        },
      );
      reading.stop();
      (fitting as StepProgress | null)?.stop();
      process.stderr.write(fitSummaryText(fit));
      const yaml = fittedScenarioYaml(fit, {
        servers: flags.servers,
        ttl: flags.ttl,
        resolver: flags.resolver,
        lookupGap: flags.lookupGap,
        name: fittedName(fit.options.file),
      });
      // A third bar: the validation's replays and runs (as long as the fit on a sampled log).
      let validating: StepProgress | null = null;
      const validation = flags.validate
        ? await validateFit(yaml, {
            log,
            lines: () => readLineBatches(log),
            format: flags.format,
            reorderWindow: flags.reorderWindow,
            replications: flags.replications,
            seed: flags.seed,
            rotating: true,
            onRun: (done, total) => {
              validating ??= stepProgress({
                total,
                unit: "validation runs (replays of the log, simulated runs)",
                stream: process.stderr,
                quiet,
              });
              validating.tick();
              if (done === total) validating.stop();
            },
          })
        : undefined;
      (validating as StepProgress | null)?.stop();
      if (validation) process.stderr.write(validationText(validation));
      if (flags.report !== undefined) {
        const { renderSvg, svgToPng } = await import("../../report/render/index.js");
        const charts = fitCharts(fit);
        const files = new Map<string, string | Uint8Array>();
        const svgs = new Map<string, string>();
        const narrowSvgs = new Map<string, string>();
        for (const chart of charts) {
          const svg = await renderSvg(chart.spec);
          svgs.set(chart.name, svg);
          files.set(`charts/${chart.name}.svg`, svg);
          files.set(`charts/${chart.name}.png`, svgToPng(svg));
          // The page's phone-sized copy (index.html only).
          narrowSvgs.set(chart.name, await renderSvg(narrowSpec(chart.spec)));
        }
        files.set("report.md", fitReportMarkdown(fit, charts, validation));
        files.set("index.html", fitReportHtml(fit, charts, svgs, validation, narrowSvgs));
        writeOutputFolder(flags.report, files, { flag: "--report" });
      }
      if (flags.output !== undefined) {
        await writeOutputFile(
          flags.output,
          { flag: "-o", inputs: [log], writtenBefore: isFittedScenario },
          (file) => file.write(yaml),
        );
        wrote(flags.output);
      } else process.stdout.write(yaml);
      if (flags.report !== undefined) wrote(join(flags.report, "index.html"));
    });
}
