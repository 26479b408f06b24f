import type { Command } from "commander";
import { commandPath } from "./usage-errors.js";

/**
 * Examples at the end of a command's --help, keyed by the command's path.
 * Each one runs as written (test/e2e/cli/help-examples.test.ts runs them all, in
 * order, in an empty temporary folder), so keep them to bundled scenarios,
 * files an earlier example writes (results.json), and durations that finish
 * in seconds. A `ttl` example gives a limit, so it recommends a TTL.
 */
export const HELP_EXAMPLES: Record<
  string,
  readonly (readonly [command: string, comment: string])[]
> = {
  run: [
    ["rrdns run default", "writes reports/default/ (results, charts, index.html)"],
    [
      "rrdns run default --set dns.ttl=300 --seed 7",
      "writes reports/default--dns.ttl=300--seed=7/",
    ],
    ["rrdns run default --duration 600 --replications 3 --no-report", "mean and 95% CI per metric"],
    ["rrdns run default --format json --no-report > results.json", "results on stdout"],
  ],
  validate: [
    ["rrdns validate default bind-two-servers", "exit 2, with file:line:col, on any error"],
  ],
  report: [["rrdns report results.json --out redrawn", "the charts and page again, no simulating"]],
  sweep: [
    [
      "rrdns sweep default --set dns.ttl=30,300 --replications 3 --duration 600",
      "writes reports/default/sweep/",
    ],
  ],
  ttl: [
    [
      "rrdns ttl default --ttls 30,300,3600 --max-qps 5 --replications 3 --duration 600",
      "recommends 3600 s; writes reports/default/ttl/",
    ],
  ],
  schema: [["rrdns schema > scenario.schema.json", "for editors that complete YAML from a schema"]],
  completion: [
    ["rrdns completion bash > ~/.local/share/bash-completion/completions/rrdns", "bash"],
    ["rrdns completion fish > ~/.config/fish/completions/rrdns.fish", "fish"],
  ],
};

/**
 * The "Examples:" block: comments lined up beside the commands when every
 * line fits in 80 columns, else each comment on its own line under its command.
 */
export function examplesText(examples: readonly (readonly [string, string])[]): string {
  const width = Math.max(...examples.map(([c]) => c.length));
  const fits = examples.every(([, comment]) => 2 + width + 2 + comment.length <= 80);
  const lines = examples.map(([command, comment]) =>
    fits ? `  ${command.padEnd(width)}  ${comment}` : `  ${command}\n      ${comment}`,
  );
  return `\nExamples:\n${lines.join("\n")}\n`;
}

/** Adds each command's examples to its --help. */
export function addExamples(program: Command): void {
  const visit = (command: Command): void => {
    const examples = HELP_EXAMPLES[commandPath(command).split(" ").slice(1).join(" ")];
    if (command !== program && examples) command.addHelpText("after", examplesText(examples));
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
