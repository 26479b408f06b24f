/*
 * The fit's default options on their own, importing no code: \`rrdns fit --help\`
 * shows them while the CLI is still building its commands, before anything
 * has loaded the fit itself (src/cli/commands/fit.ts).
 */
import type { FitOptions } from "./fit-log.js";
import { DEFAULT_RULES } from "./rules.js";

export const DEFAULT_FIT_OPTIONS: Omit<FitOptions, "file"> = {
  format: "clf",
  reorderWindow: 60,
  rules: DEFAULT_RULES,
  heavyShare: 0.02,
  idleGap: 600,
  rateBin: 3600,
  observe: true,
  censor: true,
  fragments: true,
  heavy: true,
  revisit: true,
  population: true,
  preRoll: true,
};
