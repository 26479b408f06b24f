import type { Command, Option } from "commander";
import { type SettableField, settableFields } from "../../scenario/index.js";
import { bundledScenarioFiles, scenarioNameOf } from "../files.js";
import { commandPath } from "../usage-errors.js";

/** What an option's value or a command's argument completes to. */
export type ValueKind =
  | "none"
  | "file"
  | "dir"
  | "scenario"
  | "set"
  | { readonly words: readonly string[] };

export interface OptionSpec {
  /** Every spelling: `--format`, `-o`. */
  readonly names: readonly string[];
  readonly description: string;
  /** "none" for a switch or a value we cannot guess (a number). */
  readonly value: ValueKind;
  readonly takesValue: boolean;
}

export interface CommandSpec {
  /** `run`, `logs merge`; "" for rrdns itself. */
  readonly path: string;
  readonly description: string;
  readonly subcommands: readonly { readonly name: string; readonly description: string }[];
  readonly options: readonly OptionSpec[];
  readonly argument: ValueKind;
}

/** Everything a completion script offers, read from the commands as defined. */
export interface CompletionSpec {
  readonly commands: readonly CommandSpec[];
  readonly scenarios: readonly string[];
  /** For `--set`; the resolver presets come as the values of `resolvers.behaviour`. */
  readonly fields: readonly SettableField[];
}

/** What the value of an option completes to, from its choices or its `<placeholder>`. */
function optionValue(option: Option): ValueKind {
  if (option.argChoices) return { words: option.argChoices };
  if (option.long === "--set") return "set";
  const placeholder = /<([^>]+)>/.exec(option.flags)?.[1] ?? "";
  if (/dir/.test(placeholder)) return "dir";
  if (/file|log|results/.test(placeholder)) return "file";
  return "none";
}

/** A command's first argument: a scenario, a file, or words we cannot guess (a host name). */
function argumentValue(command: Command): ValueKind {
  const argument = command.registeredArguments[0];
  if (argument === undefined) return "none";
  if (argument.argChoices) return { words: argument.argChoices };
  const name = argument.name();
  if (name === "scenario") return "scenario";
  if (["results", "files", "logs", "log"].includes(name)) return "file";
  return "none";
}

function optionSpec(option: Option): OptionSpec {
  return {
    names: [option.long, option.short].filter((n): n is string => n !== undefined),
    description: option.description,
    value: optionValue(option),
    takesValue: option.required || option.optional,
  };
}

/** The spec of `program` and every command under it, in definition order. */
export function completionSpec(program: Command): CompletionSpec {
  const commands: CommandSpec[] = [];
  const visit = (command: Command): void => {
    const path = command === program ? "" : commandPath(command).split(" ").slice(1).join(" ");
    const help = command.createHelp();
    const options = help.visibleOptions(command).map(optionSpec);
    commands.push({
      path,
      description: command.description(),
      // visibleCommands: the implicit `help` command too.
      subcommands: help
        .visibleCommands(command)
        .map((c) => ({ name: c.name(), description: c.description() })),
      options,
      argument: argumentValue(command),
    });
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  return {
    commands,
    scenarios: bundledScenarioFiles().map(scenarioNameOf),
    fields: settableFields(),
  };
}
