import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import {
  missingBinaries,
  resolverSpecs,
  startBind,
  startDaemon,
  stopDaemon,
  writeBindFiles,
} from "../../src/cli/conformance/daemons.js";
import { CLI, ROOT } from "../cli-helpers.js";
import { PROBE_BASE, type ProbeResult, probeArgs, probeCases, START_MS } from "./probe-daemons.js";

/*
 * The probes of test/conformance/probe.test.ts only wait: 2.5 s for the
 * daemons to start, then 20 s of queries 0.25 s apart. Started here, when
 * the run starts, their waiting overlaps the other files' work instead of
 * holding a worker; by the time the test file runs (the sequencer starts it
 * last, vitest.config.ts) its results are there. Only the probe project has
 * this setup, so a run that does not include probe.test.ts starts nothing.
 *
 * The daemons listen on loopback only (src/cli/conformance/daemons.ts) and
 * are stopped by PID: by the test file once it is done with them, or here at
 * the end of the run, or by the harness's exit hook if the run dies.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const missing = missingBinaries();
  if (missing.length > 0) {
    project.provide("probeRun", { missing, dir: "", pids: [], startedAt: 0 });
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "rrdns-probe-"));
  const daemons: ChildProcess[] = [startBind(dir, writeBindFiles(dir, PROBE_BASE))];
  for (const s of resolverSpecs(PROBE_BASE, { min: 8, max: 20 }).filter((x) => !x.clamp)) {
    const { file, args } = s.command(dir, PROBE_BASE);
    daemons.push(startDaemon(dir, `${s.setting}-${s.port}`, file, args));
  }
  const startedAt = Date.now();
  const probes: ChildProcess[] = [];
  // Written whole (a rename), so a reader never sees half a result.
  const record = (daemon: string, result: ProbeResult) => {
    const file = join(dir, `${daemon}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(result));
    renameSync(`${file}.tmp`, file);
  };
  const timer = setTimeout(() => {
    // Every daemon, whatever the presets say (the test file judges only the cases they allow).
    for (const c of probeCases(true)) {
      const child = spawn(process.execPath, [CLI, ...probeArgs(c)], { cwd: ROOT });
      probes.push(child);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", (e) => record(c[0], { code: -1, stdout, stderr: `${stderr}${e}` }));
      child.on("close", (code) => record(c[0], { code: code ?? -1, stdout, stderr }));
    }
  }, START_MS);
  project.provide("probeRun", {
    missing,
    dir,
    pids: daemons.flatMap((d) => (d.pid === undefined ? [] : [d.pid])),
    startedAt,
  });
  return async () => {
    clearTimeout(timer);
    for (const p of probes) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    await Promise.all(daemons.map(stopDaemon));
    rmSync(dir, { recursive: true, force: true });
  };
}
