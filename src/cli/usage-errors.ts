import type { Command } from "commander";

/** `rrdns logs merge`: the words a user types to reach `command`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/**
 * commander's usage error (`error: unknown option '--sed'` and, on its own
 * line, `(Did you mean --seed?)`) as one line that names the command and
 * points at its help: the whole help after every typo buries the mistake.
 */
export function usageErrorLine(message: string, path: string): string {
  const text = message
    .trim()
    .replace(/^error:\s*/, "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\(Did you mean/g, "(did you mean")
    .replace(/\.$/, "");
  return `${path}: ${text}; see '${path} --help'\n`;
}

/** Makes every command of `program` (subcommands too) report usage errors in one line. */
export function oneLineUsageErrors(program: Command): void {
  const visit = (command: Command): void => {
    const path = commandPath(command);
    command.configureOutput({
      outputError: (message, write) => write(usageErrorLine(message, path)),
    });
    command.showSuggestionAfterError(true);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
