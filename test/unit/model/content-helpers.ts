import { replayTrace } from "../../../src/run/index.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../../../src/scenario/index.js";

export const T0 = Date.UTC(2015, 4, 18, 0, 0, 0) / 1000;

/** A Combined Log Format line at epoch second t (UTC). */
export function clf(host: string, t: number, path = "/", bytes = 1000): string {
  const d = new Date(t * 1000);
  const months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(" ");
  const p = (n: number) => String(n).padStart(2, "0");
  const date = `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `${host} - - [${date}] "GET ${path} HTTP/1.1" 200 ${bytes} "-" "agent/1.0"`;
}

/** A replay scenario over three servers, one resolver per host, cold caches; `extra` overrides. */
export function traceScenario(
  extra: Partial<ScenarioInput> & { behaviour?: string; selection?: string; thinkTime?: number },
): Scenario {
  const { behaviour = "frozen", selection = "first", thinkTime = 10, ...rest } = extra;
  return scenarioSchema.parse({
    name: "content-test",
    duration: 86400,
    window: 3600,
    start: "cold",
    servers: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }, { address: "10.0.0.3" }],
    dns: { ttl: 3600, order: "cyclic" },
    resolvers: { count: 10, skew: 1, behaviour },
    clients: {
      rate: 0,
      selection,
      trace: {
        file: "test.log",
        from: String(T0),
        thinkTime,
        resolvers: { rule: "host" },
      },
    },
    ...rest,
  });
}

export async function replay(s: Scenario, lines: string[]) {
  return (await replayTrace(s, () => [lines])).results;
}
