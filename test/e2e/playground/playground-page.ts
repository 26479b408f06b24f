import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { buildPlaygroundHtml } from "../../../src/cli/playground-build.js";

/**
 * The playground page built as `npm run playground` builds it, opened from a
 * file in Debian's headless Chromium with every non-file request refused
 * (and noted): shared by the playground's browser tests.
 */
export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface PlaygroundPage {
  /** The page's folder (index.html, downloads, the browser profile). */
  readonly dir: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Non-file requests (refused). */
  readonly network: string[];
}

/** Says once, on stderr, why a file's browser tests are skipped. */
export function warnIfNoChromium(file: string): void {
  if (!haveChromium) console.warn(`${file}: SKIPPED, no ${CHROMIUM} (apt-get install chromium)`);
}

export async function openPlayground(): Promise<PlaygroundPage> {
  const dir = mkdtempSync(join(tmpdir(), "rrdns-playground-"));
  writeFileSync(join(dir, "index.html"), await buildPlaygroundHtml());
  const context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  const errors: string[] = [];
  const network: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("blob:")) return route.continue();
    network.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(join(dir, "index.html")).href);
  return { dir, context, page, errors, network };
}

export async function closePlayground(p: PlaygroundPage | undefined): Promise<void> {
  if (!p) return;
  await p.context.close();
  rmSync(p.dir, { recursive: true, force: true });
}
