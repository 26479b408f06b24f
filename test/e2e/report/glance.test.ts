import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAllAtomic } from "../../../src/cli/files.js";
import { buildPlaygroundHtml } from "../../../src/cli/playground-build.js";
import { reportFiles } from "../../../src/cli/report-files.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { ROOT } from "../../cli-helpers.js";
import { results, SMALL_SCENARIO } from "../../unit/report/fixtures.js";

/**
 * Issue 28, checked as a person sees the pages: in Debian's headless
 * Chromium at a laptop's 1280 px and a phone's 390 px, the run report and
 * the playground. Nothing wider than the screen (outside a box that scrolls
 * on its own), every chart at least 90% of its box, the headline first,
 * Compare's A and B on the same axes, an error next to its field. Bounded:
 * one small run report, one short playground comparison (about 40 s on 2
 * cores). Skipped, and says so, without chromium.
 */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`test/report/glance.test.ts: SKIPPED, no ${CHROMIUM} (apt-get install chromium)`);

declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  documentElement: { scrollWidth: number; clientWidth: number };
};
declare function getComputedStyle(e: PageElement): {
  overflowX: string;
  paddingLeft: string;
  paddingRight: string;
};
interface PageElement {
  readonly tagName: string;
  readonly id: string;
  readonly className: string;
  readonly parentElement: PageElement | null;
  getBoundingClientRect(): { left: number; right: number; top: number; width: number };
  closest(selector: string): PageElement | null;
}

/** Elements that stick out of the viewport, not inside a box that scrolls sideways by itself. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
      let scroller = el.parentElement;
      while (scroller && !["auto", "scroll"].includes(getComputedStyle(scroller).overflowX))
        scroller = scroller.parentElement;
      if (scroller && scroller.getBoundingClientRect().right <= width + 1) continue;
      out.push(
        `${el.tagName}#${el.id}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`,
      );
    }
    return out.slice(0, 10);
  });
}

/** Each drawn chart's width over its figure's inner width. */
async function chartShares(
  page: Page,
  selector: string,
): Promise<{ name: string; share: number }[]> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll(sel)).map((svg) => {
      const box = (svg.closest("figure") ?? svg.closest(".chart") ?? svg.parentElement)!;
      const style = getComputedStyle(box);
      const inner =
        box.getBoundingClientRect().width -
        Number.parseFloat(style.paddingLeft) -
        Number.parseFloat(style.paddingRight) -
        2;
      return {
        name: (svg.closest("[id]") ?? box).id,
        share: svg.getBoundingClientRect().width / inner,
      };
    });
  }, selector);
}

describe.skipIf(!haveChromium)("reports and playground at a glance (issue 28)", () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rrdns-glance-"));
    // With a lesson, so its claim and its long `rrdns run … --set …` commands are on the page too.
    const withLesson = SMALL_SCENARIO.replace(
      "duration: 900\n",
      `duration: 900
lesson:
  claim: A dead server's visitors move to the others within one TTL, once health-checked DNS withdraws it.
  try:
    - change: { dns.ttl: 300, dns.healthCheck.failures: 10, clients.selection: first }
      look: The failed attempts go on for five minutes after the withdrawal, and visits fail too.
      watch: { metric: failedVisits, goes: up }
`,
    );
    writeAllAtomic(join(dir, "run"), await reportFiles(results(withLesson)));
    writeFileSync(join(dir, "playground.html"), await buildPlaygroundHtml());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [1280, 390])
    it(`the run report at ${width} px: headline first, full-width charts, nothing wider than the screen`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(dir, "run", "index.html")).href);
      await page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll(".chart")).every(
            (e) =>
              (e as unknown as { getAttribute(n: string): string | null }).getAttribute(
                "data-rendered",
              ) === "true",
          ),
        undefined,
        { timeout: 30_000 },
      );
      // The answer comes before the summary, with its big numbers.
      expect(await page.locator("[data-role=lesson] .try li").count()).toBe(1);
      const headline = page.locator("[data-role=headline]");
      expect(await headline.count()).toBe(1);
      expect(await headline.locator(".figure .value").count()).toBeGreaterThanOrEqual(2);
      const headlineTop = (await headline.boundingBox())!.y;
      const summaryTop = (await page.locator("#summary-title").boundingBox())!.y;
      expect(headlineTop).toBeLessThan(summaryTop);
      expect(await overflowing(page)).toEqual([]);
      const shares = await chartShares(page, ".chart svg.marks");
      expect(shares.length).toBeGreaterThan(4);
      for (const s of shares) expect(s.share, s.name).toBeGreaterThanOrEqual(0.9);
      await context.close();
    }, 60_000);

  it("the playground: an error next to its field, old results greyed, Compare on shared axes, nothing wider than a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(join(dir, "playground.html")).href}#`);
    await page.selectOption("#speed", "0");
    await page.fill("#control-duration", "1800");
    await page.locator("#control-duration").dispatchEvent("change");
    await page.waitForSelector("#pane-a[data-state=done][data-charts=final]", { timeout: 30_000 });

    // An invalid TTL: the message right under the TTL field, the results marked stale.
    await page.fill("#control-ttl", "-5");
    await page.locator("#control-ttl").dispatchEvent("change");
    const error = page.locator("#error");
    await expect.poll(() => error.isVisible()).toBe(true);
    const field = (await page.locator("#control-ttl").boundingBox())!;
    const message = (await error.boundingBox())!;
    expect(Math.abs(message.y - (field.y + field.height))).toBeLessThanOrEqual(100);
    expect(await page.locator("#pane-a").getAttribute("data-stale")).toBe("true");

    // Compare: A as it was, B with another TTL; once both are done their y axes match.
    await page.fill("#control-ttl", "300");
    await page.locator("#control-ttl").dispatchEvent("change");
    await expect.poll(() => error.isVisible()).toBe(false);
    await page.check("#compare");
    await page.fill("#control-ttl", "5");
    await page.locator("#control-ttl").dispatchEvent("change");
    for (const side of ["a", "b"])
      await page.waitForSelector(`#pane-${side}[data-axes=shared][data-charts=final]`, {
        timeout: 40_000,
      });
    for (const name of ["served", "balance", "authoritative"]) {
      const ticks = async (side: string) =>
        page
          .locator(`#chart-${side}-${name} .role-axis`)
          .filter({ has: page.locator(".role-axis-title") })
          .allTextContents();
      expect(await ticks("b"), name).toEqual(await ticks("a"));
    }
    // A phone: the same page in one column, nothing sticking out.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it("the playground's lessons: a plain claim, a button per change that runs it as B, the watched number, the true resolver count", async () => {
    const lesson = (name: string) => {
      const file = join(ROOT, "scenarios", `${name}.yaml`);
      return loadScenario(readFileSync(file, "utf8"), file).lesson!;
    };
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${pathToFileURL(join(dir, "playground.html")).href}#`);
    await page.selectOption("#speed", "0");
    // The setting line counts a lesson's resolvers as the run has them (12 weights, not count's default 1000).
    await page.selectOption("#lesson", "non-rotating-caches");
    await expect
      .poll(() => page.locator("#pane-a [data-role=setting]").textContent())
      .toContain("· 12 resolvers (pdns-recursor)");
    await page.selectOption("#lesson", "nt-three-servers");
    const expected = lesson("nt-three-servers");
    await expect.poll(() => page.locator("#claim").textContent()).toBe(expected.claim);
    expect(await page.locator("#look-at").textContent()).toBe("");
    const buttons = page.locator("#try-list button");
    expect(await buttons.count()).toBe(expected.try.length);
    expect(await page.locator("#try-list li").first().textContent()).toContain(
      expected.try[0]!.look,
    );
    // The first change: the lesson as A, the change as B, on shared axes once both are done.
    await page.waitForSelector("#pane-a[data-state=done]", { timeout: 30_000 });
    await buttons.first().click();
    expect(await page.isChecked("#compare")).toBe(true);
    expect(await buttons.first().getAttribute("aria-pressed")).toBe("true");
    for (const side of ["a", "b"])
      await page.waitForSelector(`#pane-${side}[data-axes=shared][data-charts=final]`, {
        timeout: 40_000,
      });
    expect(await page.locator("#pane-a [data-role=setting]").textContent()).toContain("(rotate)");
    expect(await page.locator("#pane-b [data-role=setting]").textContent()).toContain("(frozen)");
    const watch = page.locator("#watch");
    await expect.poll(() => watch.getAttribute("data-done")).toBe("true");
    expect(await watch.textContent()).toMatch(
      /^Busiest server per window \(× mean\): A 1\.0\d+ → B 1\.1\d+: up, as the lesson says\.$/,
    );
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
