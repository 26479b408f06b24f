import { Argument, type Command } from "commander";
import { VERSION } from "../../version.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

/** Registered last: the script is made from every command defined before it. */
export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script (commands, options, scenarios, --set fields)")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .action(async (shell: (typeof SHELLS)[number]) => {
      const { bashScript, zshScript } = await import("../completion/bash.js");
      const { fishScript } = await import("../completion/fish.js");
      const { completionSpec } = await import("../completion/spec.js");
      const spec = completionSpec(program);
      const script =
        shell === "bash"
          ? bashScript(spec, VERSION)
          : shell === "zsh"
            ? zshScript(spec, VERSION)
            : fishScript(spec, VERSION);
      process.stdout.write(script);
    });
}
