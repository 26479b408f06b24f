import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAllAtomic } from "../../../src/cli/files.js";
import { reportFiles } from "../../../src/cli/report-files.js";
import { charts } from "../../../src/report/specs/index.js";
import { hostile, results, XSS } from "./fixtures.js";

/**
 * End to end: the HTML report opened from disk in Debian's headless Chromium
 * with every network request refused. CI installs chromium with apt-get;
 * where it is missing these tests are skipped, and say so.
 */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT = resolve(import.meta.dirname, "../../../test-artifacts/report.png");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `test/unit/report/html.browser.test.ts: SKIPPED, no ${CHROMIUM} (apt-get install chromium fonts-dejavu-core)`,
  );

/** The little of the DOM the in-page functions below use (the project compiles without lib.dom). */
interface PageElement {
  readonly id: string;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
}
declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  getElementById(id: string): PageElement | null;
};

interface Visit {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Requests for anything but a file: URL (all refused). */
  readonly network: string[];
  readonly dialogs: string[];
}

describe.skipIf(!haveChromium)("the HTML report in headless Chromium", () => {
  const r = results();
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rrdns-browser-"));
    writeAllAtomic(join(dir, "ok"), await reportFiles(r));
    writeAllAtomic(join(dir, "hostile"), await reportFiles(hostile(r)));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function visit(folder: string): Promise<Visit> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const visit: Visit = { page, errors: [], network: [], dialogs: [] };
    page.on("console", (m) => {
      if (m.type() === "error") visit.errors.push(m.text());
    });
    page.on("pageerror", (e) => visit.errors.push(e.message));
    page.on("dialog", (d) => {
      visit.dialogs.push(d.message());
      void d.dismiss();
    });
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      visit.network.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, folder, "index.html")).href);
    await page.waitForFunction(
      () => [...document.querySelectorAll(".chart")].every((e) => e.hasAttribute("data-rendered")),
      null,
      { timeout: 30_000 },
    );
    return visit;
  }

  /** Per chart container: its render state and how many drawn marks its SVG holds. */
  async function drawn(page: Page): Promise<Record<string, { state: string; marks: number }>> {
    return page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll(".chart")].map((e) => [
          e.id,
          {
            state: e.getAttribute("data-rendered") ?? "",
            marks: e.querySelectorAll(
              "svg.marks g.role-mark > path, svg.marks g.role-mark > line, svg.marks g.role-mark > text",
            ).length,
          },
        ]),
      ),
    );
  }

  it("draws every chart, offline, without errors, and shows tooltips", async () => {
    const { page, errors, network, dialogs } = await visit("ok");
    const state = await drawn(page);
    expect(Object.keys(state).sort()).toEqual(
      charts(r)
        .map((c) => `chart-${c.name}`)
        .sort(),
    );
    for (const [id, s] of Object.entries(state)) {
      expect(s.state, id).toBe("true");
      expect(s.marks, id).toBeGreaterThan(0);
    }
    expect(await page.locator("#chart-served svg.marks").textContent()).toContain(
      "Requests served per server",
    );
    mkdirSync(resolve(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Hovering a time chart shows every server's rate at that time.
    const plot = page.locator("#chart-served svg.marks");
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6);
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.6);
    const tooltip = () =>
      page.evaluate(() => document.getElementById("vg-tooltip-element")?.textContent ?? "");
    await expect.poll(tooltip, { timeout: 5_000 }).toContain("10.0.0.3");

    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it("runs nothing a scenario's name or description smuggles in", async () => {
    const { page, errors, network, dialogs } = await visit("hostile");
    expect(dialogs).toEqual([]);
    expect(await page.locator("h1").textContent()).toBe(XSS);
    expect(await page.locator(".claim").textContent()).toContain("</script><!--");
    // The page still has exactly its own five scripts, and every chart drew.
    expect(await page.locator("script").count()).toBe(5);
    for (const [id, s] of Object.entries(await drawn(page))) expect(s.state, id).toBe("true");
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
    await page.context().close();
  });
});
