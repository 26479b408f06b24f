import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/*
 * The documentation's Markdown, read the way the doc tests need it: the
 * pages, their runnable blocks, the files they show, what they say a command
 * prints, their links and their anchors.
 *
 * Markers (plain GitHub Markdown; GitHub shows the first word of a fence's
 * info string as its language and ignores the rest, and hides comments):
 *   ```sh runnable            the block's lines run in bash, in order, in the
 *   ```sh runnable exit=3     page's own folder; its exit code must be 0 (or N)
 *   ```yaml file=pool.yaml    this block is written to pool.yaml in that folder
 *                             when the page reaches it (and validated when it
 *                             is a scenario, i.e. has a `name:`)
 *   <!-- expect: TEXT -->     after a runnable block: TEXT must be in what the
 *                             block printed (stdout and stderr), and in the
 *                             output the page shows next (```text block), if any
 */

export interface Step {
  kind: "run" | "file";
  line: number;
  /** run: the shell text; file: the file's content. */
  text: string;
  /** run: the expected exit code; file: unused. */
  exit: number;
  /** file: its name. */
  file: string;
  /** run: texts the output must contain. */
  expects: string[];
  /** run: the text of the output block the page shows after it, if any. */
  shown: string | undefined;
}

/** README.md and every Markdown file under docs/, as paths relative to the root. */
export function markdownPages(root: string): string[] {
  const out = ["README.md"];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (name.endsWith(".md")) out.push(relative(root, join(root, path)));
    }
  };
  walk("docs");
  return out;
}

interface Fence {
  info: string;
  body: string;
  line: number;
}

/** The fenced blocks and the text outside them, with comments kept. */
function fences(text: string): { blocks: Fence[]; prose: string } {
  const lines = text.split("\n");
  const blocks: Fence[] = [];
  const prose: string[] = [];
  let open: { info: string; start: number; body: string[]; fence: string } | undefined;
  lines.forEach((line, i) => {
    const m = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (m && m[1]!.startsWith(open.fence) && m[2]!.trim() === "") {
        blocks.push({ info: open.info, body: open.body.join("\n"), line: open.start + 1 });
        prose.push("");
        open = undefined;
      } else open.body.push(line);
      return;
    }
    if (m) {
      open = { info: m[2]!.trim(), start: i, body: [], fence: m[1]! };
      prose.push("");
      return;
    }
    prose.push(line);
  });
  return { blocks, prose: prose.join("\n") };
}

/** The page's steps, in order: files to write and blocks to run with what they must print. */
export function steps(text: string): Step[] {
  const lines = text.split("\n");
  const out: Step[] = [];
  let open: { info: string; start: number; body: string[]; fence: string } | undefined;
  let lastRun: Step | undefined;
  let awaitingShown = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (m && m[1]!.startsWith(open.fence) && m[2]!.trim() === "") {
        const info = open.info.split(/\s+/);
        const body = open.body.join("\n");
        const file = info.find((w) => w.startsWith("file="))?.slice(5);
        if (info.includes("runnable")) {
          const exit = Number(info.find((w) => w.startsWith("exit="))?.slice(5) ?? 0);
          lastRun = {
            kind: "run",
            line: open.start + 1,
            text: body,
            exit,
            file: "",
            expects: [],
            shown: undefined,
          };
          out.push(lastRun);
          awaitingShown = false;
        } else if (file) {
          out.push({
            kind: "file",
            line: open.start + 1,
            text: `${body}\n`,
            exit: 0,
            file,
            expects: [],
            shown: undefined,
          });
        } else if (awaitingShown && lastRun && lastRun.shown === undefined) {
          lastRun.shown = body;
          awaitingShown = false;
        }
        open = undefined;
      } else open.body.push(line);
      continue;
    }
    if (m) {
      open = { info: m[2]!.trim(), start: i, body: [], fence: m[1]! };
      continue;
    }
    const expect = /^<!-- expect: (.*) -->$/.exec(line.trim());
    if (expect && lastRun) {
      lastRun.expects.push(expect[1]!);
      awaitingShown = true;
    } else if (line.trim() !== "") awaitingShown = false;
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/<[^>]+>/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a page has: its headings' slugs (numbered when repeated) and explicit ids. */
export function anchors(text: string): Set<string> {
  const { prose } = fences(text);
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose.split("\n")) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(a[1]!);
  }
  return out;
}

/** The relative links of a page (not in code), with their line numbers. */
export function links(text: string): { target: string; line: number }[] {
  const { prose } = fences(text);
  const out: { target: string; line: number }[] = [];
  prose.split("\n").forEach((line, i) => {
    const bare = line.replace(/`[^`]*`/g, "");
    for (const m of bare.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      out.push({ target, line: i + 1 });
    }
  });
  return out;
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}
