import { readLineBatches } from "../../../src/cli/trace-lines.js";
import {
  DEFAULT_FIT_OPTIONS,
  fitLog,
  fittedName,
  fittedScenarioYaml,
} from "../../../src/fit/index.js";
import type { Validation } from "../../../src/report/index.js";
import { type ValidationPart, validateFit } from "../../../src/study/fit-validation.js";
import { shared } from "../../run-cache.js";
import { SAMPLE_LOG } from "../../trace-helpers.js";

/*
 * Issue 17's acceptance table on the shared real log: the fitted session
 * workload run through rrdns against the same log replayed through the same
 * DNS setup (validation*.test.ts). 20 replications: every standard error is
 * under a fifth of its tolerance, so a pass or a miss is the model's, not
 * noise's. The shared log keeps one minute an hour; the fit detects it and
 * writes the windows (clients.sessions.observe), which is what makes the
 * 60 s row match.
 *
 * A fit of the shared log takes tens of CPU-seconds and a validation of 20
 * replications about a minute: each (fit options, validation setup) is
 * computed once per test run and shared by the tests and files that use it
 * (test/run-cache.ts); both are deterministic, so sharing changes no number.
 * A test that reads only some rows asks for only their comparisons (`parts`:
 * each is its own replay and runs on the same seeds, so its rows are the
 * full validation's).
 */
/** The bundled sample, data/ in the repository. */
const LOG = SAMPLE_LOG;
export const REPLICATIONS = 20;

/** The fitted scenario's YAML for the shared log with these fit options, written as `rrdns fit` writes it. */
function fittedYaml(
  extensions: boolean,
  observe: boolean,
  censor: boolean,
  revisit: boolean,
  preRoll: boolean,
  fragments: boolean,
): Promise<string> {
  return shared(
    `fit ${LOG} ${JSON.stringify({ extensions, observe, censor, revisit, preRoll, fragments })}`,
    async () => {
      const fit = await fitLog(() => readLineBatches(LOG), {
        ...DEFAULT_FIT_OPTIONS,
        preRoll,
        observe,
        censor,
        revisit,
        fragments,
        rules: { ...DEFAULT_FIT_OPTIONS.rules, extensions },
        file: "apache-combined-2015.log.gz",
      });
      return fittedScenarioYaml(fit, {
        servers: 4,
        ttl: 300,
        resolver: "own",
        lookupGap: 300,
        name: fittedName(fit.options.file),
      });
    },
  );
}

/**
 * The default fit of the shared log as `rrdns fit` writes it with its default
 * flags (4 servers, TTL 300 s, own resolvers, lookup gap 300 s): the fit the
 * default validation replays, shared with it.
 */
export function defaultFittedYaml(): Promise<string> {
  return fittedYaml(false, true, true, true, true, true);
}

/** A validation of the shared log's fit: the fit's options and the validation's setup (defaults as `rrdns fit --validate`'s, but no grid and no population rows). */
export interface ValidateOptions {
  /** The static-extension rule (fit --extensions). */
  readonly extensions: boolean;
  /** Fit the observation windows (default true; false: --no-observe). */
  readonly observe?: boolean;
  /** The censored fit (default true; false: --no-censor). */
  readonly censor?: boolean;
  /** Return visits (default true; false: --no-revisit). */
  readonly revisit?: boolean;
  /** The grid rows (default false). */
  readonly grid?: boolean;
  readonly replications?: number;
  /** The population rows (default false). */
  readonly population?: boolean;
  /** The quiet pre-roll (default true; false: --no-pre-roll). */
  readonly preRoll?: boolean;
  /** The fragments' likelihood, with heavy sessions (default true; false: --no-fragments). */
  readonly fragments?: boolean;
  /** The comparisons whose rows the test reads (absent: all; ValidationSetup.parts). */
  readonly parts?: readonly ValidationPart[];
}

export function validate(o: ValidateOptions): Promise<Validation> {
  // Every field, in this order: the shared key is the same whoever asks and however.
  const args = {
    extensions: o.extensions,
    observe: o.observe ?? true,
    censor: o.censor ?? true,
    revisit: o.revisit ?? true,
    grid: o.grid ?? false,
    replications: o.replications ?? REPLICATIONS,
    population: o.population ?? false,
    preRoll: o.preRoll ?? true,
    fragments: o.fragments ?? true,
    ...(o.parts ? { parts: o.parts } : {}),
  };
  const { extensions, observe, censor, revisit, grid, replications, population, preRoll } = args;
  return shared(`validate ${LOG} ${JSON.stringify(args)}`, async () =>
    validateFit(await fittedYaml(extensions, observe, censor, revisit, preRoll, args.fragments), {
      log: LOG,
      lines: () => readLineBatches(LOG),
      format: "clf",
      reorderWindow: 60,
      replications,
      seed: 1,
      grid,
      population,
      ...(o.parts ? { parts: o.parts } : {}),
    }),
  );
}
