import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rrdnsInProcess } from "../../cli-helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "rrdns-completion-"));

async function script(shell: string): Promise<string> {
  const r = await rrdnsInProcess(["completion", shell]);
  expect(r.code).toBe(0);
  const file = join(tmp, `rrdns.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

const has = (program: string): boolean => spawnSync(program, ["--version"]).status === 0;

/** What the shell offers for `line` (the cursor at its end), one word per line. */
function offered(shell: "bash" | "zsh", file: string, line: string): string[] {
  const call = `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}; COMPREPLY=(); _rrdns; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const setup =
    shell === "zsh"
      ? `autoload -U +X compinit && compinit -u -D; source ${file}`
      : `source ${file}`;
  const r = spawnSync(
    shell,
    shell === "zsh" ? ["-f", "-c", `${setup}; ${call}`] : ["-c", `${setup}; ${call}`],
    {
      cwd: tmp,
      encoding: "utf8",
    },
  );
  expect(r.stderr).toBe("");
  return r.stdout.split("\n").filter((w) => w !== "");
}

/** The commands `rrdns --help` lists. */
async function helpCommands(): Promise<string[]> {
  const help = (await rrdnsInProcess(["--help"])).stdout;
  const section = help.slice(help.indexOf("Commands:"), help.indexOf("Examples:"));
  return [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!);
}

const CASES: [string, string[]][] = [
  ["rrdns ru", ["run"]],
  ["rrdns run --fo", ["--format"]],
  ["rrdns run --format ", ["table", "json"]],
  ["rrdns run de", ["default"]],
  ["rrdns run default --set dns.tt", ["dns.ttl="]],
  ["rrdns run default --set resolvers.behaviour=dnsm", ["dnsmasq", "dnsmasq-stale"]],
  ["rrdns logs m", ["merge"]],
  ["rrdns logs merge --fo", ["--format"]],
  ["rrdns completion ", ["bash", "zsh", "fish"]],
];

describe("rrdns completion", () => {
  it("bash: a valid script that completes commands, options, choices, scenarios and --set fields", async () => {
    const file = await script("bash");
    expect(spawnSync("bash", ["-n", file]).status).toBe(0);
    for (const [line, words] of CASES) expect(offered("bash", file, line), line).toEqual(words);
    expect(offered("bash", file, "rrdns ")).toEqual([...(await helpCommands())]);
  });

  it("offers every option of every command's --help", async () => {
    const file = await script("bash");
    for (const command of (await helpCommands()).filter((c) => c !== "help")) {
      const help = (await rrdnsInProcess([command, "--help"])).stdout;
      const options = [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z0-9-]+)/gm)].map((m) => m[1]!);
      expect(offered("bash", file, `rrdns ${command} --`), command).toEqual(
        expect.arrayContaining(options),
      );
    }
  });

  it.skipIf(!has("zsh"))(
    "zsh (needs the zsh package): the same answers through bashcompinit",
    async () => {
      const file = await script("zsh");
      expect(spawnSync("zsh", ["-n", file]).status).toBe(0);
      for (const [line, words] of CASES) {
        // zsh completes a --set value as the whole word, field= included.
        const expected = line.includes("behaviour=")
          ? words.map((w) => `resolvers.behaviour=${w}`)
          : words;
        expect(offered("zsh", file, line), line).toEqual(expected);
      }
    },
  );

  it.skipIf(!has("fish"))(
    "fish (needs the fish package): a valid script that completes the same words",
    async () => {
      const file = await script("fish");
      expect(spawnSync("fish", ["-n", file]).status).toBe(0);
      for (const [line, words] of CASES) {
        const r = spawnSync("fish", ["-c", `source ${file}; complete -C${JSON.stringify(line)}`], {
          cwd: tmp,
          encoding: "utf8",
        });
        const got = r.stdout
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => l.split("\t")[0]!.replace(/^resolvers\.behaviour=/, ""));
        expect(got.sort(), line).toEqual([...words].sort());
      }
    },
  );

  it("refuses a shell it does not know, in one line", async () => {
    const r = await rrdnsInProcess(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rrdns completion: .*'tcsh'.*bash, zsh, fish.*\n$/);
  });
});
