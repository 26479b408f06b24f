import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { join } from "node:path";

/*
 * A real single-node Slurm cluster for the end-to-end test, from Debian's
 * slurm-wlm and munge: a fresh munge key and munged, slurmctld and slurmd
 * as root in the foreground (so their PIDs are the children we spawned),
 * everything (config, state, spool, logs, munge socket) in one temporary
 * folder, on loopback and on unprivileged ports picked free. stop() ends
 * exactly the daemons started here, by PID.
 */

const SBIN = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
const PROGRAMS = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel"];

function which(program: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${program}`], {
    encoding: "utf8",
    env: { ...process.env, PATH: [process.env.PATH ?? "", ...SBIN].join(":") },
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Why the cluster cannot be started here, or null when it can. */
export function slurmUnavailable(): string | null {
  const missing = PROGRAMS.filter((p) => which(p) === null);
  if (missing.length > 0) {
    return `${missing.join(", ")} not installed (apt-get install slurm-wlm munge; .ci/run does)`;
  }
  if (process.getuid?.() !== 0) return "slurmd must run as root to start jobs";
  return null;
}

export interface SlurmCluster {
  /** The environment for sbatch, squeue and friends: SLURM_CONF points at this cluster. */
  readonly env: NodeJS.ProcessEnv;
  readonly logDir: string;
  /** Runs a Slurm client command against this cluster. */
  run(program: string, args: readonly string[]): { code: number; stdout: string; stderr: string };
  /** Cancels its jobs and stops its daemons (by PID), waiting (bounded) for them to exit. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlurm(dir: string): Promise<SlurmCluster> {
  const paths = {
    munge: join(dir, "munge"),
    state: join(dir, "state"),
    spool: join(dir, "spool"),
    log: join(dir, "log"),
  };
  for (const p of Object.values(paths)) mkdirSync(p, { recursive: true, mode: 0o700 });
  const key = join(paths.munge, "munge.key");
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  const socket = join(paths.munge, "munge.socket");
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=rrdnstest",
      "SlurmctldHost=localhost",
      "SlurmUser=root",
      "SlurmdUser=root",
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${paths.state}`,
      `SlurmdSpoolDir=${paths.spool}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(paths.log, "slurmctld.log")}`,
      `SlurmdLogFile=${join(paths.log, "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/builtin",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_CPU",
      "SlurmdParameters=config_overrides",
      "ReturnToService=2",
      "MpiDefault=none",
      "MailProg=/bin/true",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      "JobCompType=jobcomp/none",
      `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${availableParallelism()} State=UNKNOWN`,
      "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf, PATH: [process.env.PATH, ...SBIN].join(":") };
  const daemons: ChildProcess[] = [];
  const killAll = (): void => {
    for (const d of daemons) if (d.exitCode === null && d.pid) process.kill(d.pid, "SIGKILL");
  };
  // Also when the test process ends without reaching stop() (a crash, vitest tearing down).
  process.once("exit", killAll);
  const start = (name: string, args: string[]): void => {
    const out = openSync(join(paths.log, `${name}.out`), "a");
    const child = spawn(which(name)!, args, { env, stdio: ["ignore", out, out] });
    closeSync(out);
    child.on("error", () => {});
    daemons.push(child);
  };
  const run = (program: string, args: readonly string[]) => {
    const r = spawnSync(which(program)!, args, { env, encoding: "utf8", timeout: 30_000 });
    return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  };
  const stop = async (): Promise<void> => {
    if (daemons.every((d) => d.exitCode === null)) {
      // Cancel what is left and let its job steps end before their slurmd goes (bounded).
      run("scancel", ["--quiet", "--user=root"]);
      for (let i = 0; i < 50 && run("squeue", ["--noheader"]).stdout.trim() !== ""; i++) {
        await sleep(100);
      }
    }
    for (const d of [...daemons].reverse()) {
      if (d.exitCode === null && d.pid) process.kill(d.pid, "SIGTERM");
    }
    for (let i = 0; i < 50 && daemons.some((d) => d.exitCode === null); i++) await sleep(100);
    killAll();
    process.off("exit", killAll);
  };
  try {
    start("munged", [
      "--foreground",
      "--force",
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${join(paths.munge, "munged.pid")}`,
      `--seed-file=${join(paths.munge, "munged.seed")}`,
      `--log-file=${join(paths.log, "munged.log")}`,
    ]);
    for (let i = 0; i < 50 && !existsSocket(socket); i++) await sleep(100);
    start("slurmctld", ["-D", "-i", "-f", conf]);
    start("slurmd", ["-D", "-f", conf, "-N", "localhost"]);
    // Ready when the node reports idle to the controller (bounded).
    for (let i = 0; ; i++) {
      const state = run("sinfo", ["--noheader", "--format=%T"]).stdout.trim();
      if (state === "idle") break;
      if (i >= 150 || daemons.some((d) => d.exitCode !== null)) {
        throw new Error(
          `the Slurm test cluster did not come up (node: '${state}'); logs in ${paths.log}`,
        );
      }
      await sleep(200);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, logDir: paths.log, run, stop };
}

function existsSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/** Job states after which a job will not run again. */
const FINAL =
  /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)/;

/** The states of a job (one per array task), from scontrol. */
export function jobStates(cluster: SlurmCluster, id: string): string[] {
  const r = cluster.run("scontrol", ["show", "job", "--oneliner", id]);
  return [...r.stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]!);
}

/** Waits (bounded) until every task of the job is in a final state; returns the states. */
export async function waitForJob(
  cluster: SlurmCluster,
  id: string,
  timeoutMs: number,
): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const states = jobStates(cluster, id);
    if (states.length > 0 && states.every((s) => FINAL.test(s))) return states;
    if (Date.now() > end)
      throw new Error(`job ${id} not finished after ${timeoutMs} ms: ${states}`);
    await sleep(250);
  }
}
