import { z } from "zod";

/** results.json `connections` (scenario `connections` only): per-server split, churn, fill and drain. */

const count = z.int().nonnegative();
const amount = z.number().nonnegative().finite();
const fraction = z.number().min(0).max(1);
const after = amount
  .nullable()
  .describe("Seconds after the change took effect; null: not reached by the end of the run.");

const connectionServerSchema = z.object({
  address: z.string(),
  requests: count.describe("Requests that went over connections to this server."),
  share: fraction.describe("This server's fraction of all requests served."),
  connectionsOpened: count,
  connectionsClosed: count,
  failedConnects: count.describe("Connects refused because the server had reset its connections."),
});

const connectionChangeSchema = z.object({
  at: amount.describe("When the change took effect (the DNS answer changed), seconds."),
  kind: z.enum(["add", "remove"]),
  address: z.string(),
  fillTime: after.describe(
    "Added servers: seconds until the server's share of the request rate first reached fillShare × 1/N (N servers in the answer); null for removed servers or when never reached.",
  ),
  drainTime: after.describe(
    "Removed servers: seconds until its last connection closed; null for added servers or when connections remained at the end.",
  ),
  rebalanceTime: after.describe(
    "Seconds until every server in the answer carried within ±(1 − fillShare) of 1/N of the request rate and withdrawn servers none.",
  ),
});

const scaleEventSchema = z.object({
  at: amount.describe("When the rule decided and the DNS answer changed, seconds."),
  from: count.describe("Servers in the answer before."),
  to: count.describe("Servers in the answer after."),
  utilisation: amount.describe(
    "Average utilisation of the servers in the answer over the interval that ended then (requests/s ÷ capacity), the value the rule acted on.",
  ),
});

const autoscaleSchema = z
  .object({
    events: z.array(scaleEventSchema).describe("Each scale-up or scale-down, in time order."),
    evaluations: z
      .object({
        at: z.array(amount).describe("When the rule ran (every pool.autoscale.interval)."),
        utilisation: z.array(amount).describe("Average utilisation it measured."),
        servers: z.array(count).describe("Servers in the answer after it ran."),
      })
      .describe("Every evaluation of the rule."),
  })
  .describe("The autoscaling rule's decisions (scenario pool.autoscale only).");

export const connectionsSchema = z
  .object({
    runtime: z.string().describe("The client runtime preset."),
    clients: count,
    ratePerClient: amount.describe("Requests per second per client."),
    requests: count.describe("Requests served (over a connection)."),
    unserved: count.describe("Requests that found their client with no open connection."),
    resolutions: count.describe("Lookups the clients made (a runtime's cached answer is not one)."),
    connectionsOpened: count,
    connectionsClosed: count,
    failedConnects: count,
    servers: z.array(connectionServerSchema),
    changes: z.array(connectionChangeSchema),
    autoscale: autoscaleSchema.optional(),
    timeline: z
      .object({
        binSeconds: amount,
        requests: z
          .array(z.array(count))
          .describe(
            "Per server, requests in each time bin (requests of a connection between two of its events are drawn per bin as Poisson counts).",
          ),
        openConnections: z
          .array(z.array(amount))
          .describe("Per server, time-averaged open connections in each bin."),
        opened: z.array(count).describe("Connections opened in each bin (churn)."),
        resolutions: z.array(count).describe("Lookups in each bin."),
      })
      .describe("Time series by server and bin."),
  })
  .describe("Connection pools and client runtimes (scenario connections only).");

export type ConnectionsResults = z.infer<typeof connectionsSchema>;
export type ConnectionChangeResult = z.infer<typeof connectionChangeSchema>;
export type AutoscaleResults = z.infer<typeof autoscaleSchema>;
