import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOTALS } from "../../../src/playground/index.js";
import { loadScenario } from "../../../src/scenario/index.js";
import { rrdnsInProcess as rrdns } from "../../cli-helpers.js";
import {
  closePlayground,
  haveChromium,
  openPlayground,
  type PlaygroundPage,
  warnIfNoChromium,
} from "./playground-page.js";

/**
 * End to end: the playground page built as `npm run playground` builds it,
 * opened from a file in Debian's headless Chromium with every non-file
 * request refused. Skipped, and says so, where chromium is missing. The
 * CLI's side is the built CLI's main run in this process (rrdnsInProcess):
 * no Node process to start and load per call. The one test that times the
 * page's event loop is browser.responsive.test.ts, which runs alone at the
 * end of `npm test`; these run beside the other files.
 */
const SCREENSHOT = resolve(import.meta.dirname, "../../../test-artifacts/playground.png");
warnIfNoChromium("test/e2e/playground/browser.test.ts");

/** The little of the DOM the in-page functions below use (the project compiles without lib.dom). */
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ dataset: Record<string, string | undefined> }>;
};

describe.skipIf(!haveChromium)("the playground in headless Chromium, offline, from a file", () => {
  let playground: PlaygroundPage | undefined;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let errors: string[] = [];
  let network: string[] = [];

  beforeAll(async () => {
    playground = await openPlayground();
    ({ dir, context, page, errors, network } = playground);
  });

  afterAll(async () => {
    await closePlayground(playground);
  });

  /** The numbers a pane shows, by TOTALS id (from the data-value beside each text). */
  async function shown(side: "a" | "b"): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    for (const t of TOTALS) {
      const v = await page.locator(`#pane-${side} [data-field=${t.id}]`).getAttribute("data-value");
      out[t.id] = v === null || v === "null" ? null : Number(v);
    }
    return out;
  }

  async function finished(side: "a" | "b"): Promise<void> {
    await page.waitForSelector(`#pane-${side}[data-state=done][data-charts=final]`, {
      timeout: 20_000,
    });
  }

  it("runs a lesson with a changed TTL, by keyboard, to the CLI's totals for the downloaded YAML", async () => {
    // Keyboard only: choose the lesson, the speed, type the TTL, start the run.
    await page.focus("#lesson");
    await page.selectOption("#lesson", "ttl-60min-vs-60s");
    await expect.poll(() => page.locator("#claim").textContent()).toContain("60-minute TTL");
    await page.selectOption("#speed", "0");
    await page.focus("#control-ttl");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("60");
    await page.keyboard.press("Tab"); // the change lands when the field is left
    await page.focus("#run");
    await page.keyboard.press("Enter");
    await finished("a");

    const totals = await shown("a");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(loadScenario(readFileSync(file, "utf8"), "x.yaml").dns.ttl).toBe(60);

    const cli = await rrdns([
      "run",
      file,
      "--format",
      "json",
      "--no-report",
      "--out",
      join(dir, "cli"),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const r = JSON.parse(cli.stdout);
    expect(totals).toEqual({
      visits: r.totals.visits,
      requests: r.totals.requests,
      served: r.totals.served,
      failedAttempts: r.totals.failedAttempts,
      failedVisits: r.totals.failedVisits,
      authoritativeQueries: r.dns.authoritativeQueries,
      hitRatio: r.dns.resolverHitRatio,
      maxOverMean: r.balance.window.maxOverMean,
      p99: null,
      utilisation: null,
    });
    // Servers without capacity: no p99 or utilisation row, no queueing chart.
    expect(await page.locator("#pane-a [data-field=p99]").isVisible()).toBe(false);
    expect(await page.locator("#chart-a-response-times").isVisible()).toBe(false);
    // The text a person reads is the same number.
    expect(await page.locator("#pane-a [data-field=visits]").textContent()).toBe(
      r.totals.visits.toLocaleString("en-US"),
    );
    expect(r.scenarioSpec.dns.ttl).toBe(60);
    // Every live chart drew.
    for (const name of ["served", "balance", "failures", "authoritative"])
      expect(await page.locator(`#chart-a-${name} svg`).count(), name).toBe(1);

    mkdirSync(resolve(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-lesson.png"), fullPage: true });

    // The link carries the setting: a new tab opened on it shows TTL 60 for this lesson.
    const again = await context.newPage();
    await again.goto(page.url());
    await expect.poll(() => again.inputValue("#control-ttl")).toBe("60");
    expect(await again.inputValue("#lesson")).toBe("ttl-60min-vs-60s");
    await again.close();
  });

  it("compares two TTLs side by side on the same random numbers", async () => {
    await page.check("#compare");
    await page.fill("#control-ttl", "3600");
    await page.locator("#control-ttl").dispatchEvent("change");
    await finished("a");
    await finished("b");
    const a = await shown("a");
    const b = await shown("b");
    // Same requests (common random numbers), sixty times the TTL: far fewer DNS queries.
    // (Not the same visits: a burst failing on a dead server looks the name up again
    // once its answer expires, which the shorter TTL does more often.)
    expect(b.requests).toBe(a.requests);
    expect(b.authoritativeQueries!).toBeLessThan(a.authoritativeQueries! / 10);
    expect(await page.locator("#pane-a h2").textContent()).toBe("A");
    expect(await page.locator("#pane-b [data-role=setting]").textContent()).toContain("TTL 3600 s");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.uncheck("#compare");
    await finished("a");
  });

  it("a lesson with servers with capacity shows the CLI's p99 and utilisation and the queueing charts", async () => {
    await page.selectOption("#lesson", "retry-storm");
    await expect.poll(() => page.inputValue("#control-workers")).toBe("16");
    // A shorter run (its first five minutes of the failure at 1200 s, when the storm starts),
    // with a worker fewer typed in.
    for (const [id, value] of [
      ["duration", "1500"],
      ["workers", "15"],
    ] as const) {
      await page.fill(`#control-${id}`, value);
      await page.locator(`#control-${id}`).dispatchEvent("change");
    }
    await finished("a");
    // Another change event with the value already taken (as when the field is left
    // after its change) starts no new run: the finished pane stays as it is.
    await page.locator("#control-workers").dispatchEvent("change");
    expect(await page.getAttribute("#pane-a", "data-state")).toBe("done");
    const totals = await shown("a");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const file = join(dir, `capacity-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const cli = await rrdns([
      "run",
      file,
      "--format",
      "json",
      "--no-report",
      "--out",
      join(dir, "cli-q"),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const r = JSON.parse(cli.stdout);
    expect(r.scenarioSpec.service.workers).toBe(15);
    expect(r.scenarioSpec.clients.onError).toBe("retry");
    expect(totals.p99).toBe(r.queueing.totals.responseTime.p99);
    expect(totals.utilisation).toBe(r.queueing.totals.utilisation);
    expect(totals.requests).toBe(r.totals.requests);
    expect(r.queueing.totals.timedOut).toBeGreaterThan(0);
    expect(await page.locator("#pane-a [data-field=p99]").textContent()).toBe(
      r.queueing.totals.responseTime.p99.toFixed(3),
    );
    expect(await page.locator("#pane-a [data-field=p99]").isVisible()).toBe(true);
    for (const name of ["response-times", "utilisation", "errors"])
      expect(await page.locator(`#chart-a-${name} svg`).count(), name).toBe(1);
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-capacity.png"), fullPage: true });
    // Back to a lesson without capacity: the rows hide and the queueing charts go.
    await page.selectOption("#lesson", "nt-three-servers");
    await finished("a");
    expect(await page.locator("#pane-a [data-field=utilisation]").isVisible()).toBe(false);
    expect(await page.locator("#chart-a-utilisation svg").count()).toBe(0);
  });

  it("a connection-pool lesson draws the connections chart instead of the visit charts", async () => {
    await page.selectOption("#lesson", "nginx-resolved-once");
    await finished("a");
    expect(await page.locator("#chart-a-connections svg").count()).toBe(1);
    expect(await page.locator("#chart-a-served svg").count()).toBe(0);
    await page.selectOption("#lesson", "nt-three-servers");
    await finished("a");
    expect(await page.locator("#chart-a-connections svg").count()).toBe(0);
    expect(await page.locator("#chart-a-served svg").count()).toBe(1);
  });

  it("an invalid uploaded YAML shows the CLI's file:line:col message", async () => {
    const bad =
      "name: bad\nduration: 60\nservers:\n  - { address: 10.0.0.1 }\ndns:\n  ttl: -5\nclients: { rate: 1 }\n";
    writeFileSync(join(dir, "bad.yaml"), bad);
    await page.setInputFiles("#upload", {
      name: "bad.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from(bad),
    });
    await expect.poll(() => page.locator("#error").textContent()).toMatch(/^bad\.yaml:6:8: /);
    const cli = await rrdns(["validate", "bad.yaml"], dir);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`rrdns: ${await page.locator("#error").textContent()}\n`);
    expect(await page.locator("#error").isVisible()).toBe(true);
  });

  it("fetched nothing and logged no error", () => {
    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    // Sanity of the check itself: the page did run workers and draw charts.
    return page
      .evaluate(() => document.querySelectorAll(".pane[data-state]").length)
      .then((n) => expect(n).toBeGreaterThan(0));
  });
});
