import { RandomStreams } from "../../engine/index.js";
import type { TraceObjects } from "../../logs/index.js";
import type { ContentRecording, SessionRecording } from "../../metrics/index.js";
import type { Scenario } from "../../scenario/index.js";
import { SessionTracker } from "../trace/session-tracker.js";
import type { ReplayExtras } from "../visits/bursts.js";
import { Catalog } from "./catalog.js";
import { ContentModel } from "./content-model.js";

/** Last-Modified version per server: 0 where consistent, a version of its own (index + 1) where skewed. */
export function lastModifiedVersions(s: Scenario): Int32Array {
  const skewed = new Set(s.content?.skewed ?? []);
  return Int32Array.from(s.servers, (server, i) => (skewed.has(server.address) ? i + 1 : 0));
}

/**
 * The replay's optional measurements for `hostCount` clients, as the
 * scenario asks (`fragmentation`, `content`) and the recording has counters
 * for. Streams of their own ("content-sizes", "content-objects"): switching
 * content on draws nothing from the streams the rest of the run uses.
 */
export function replayExtras(
  s: Scenario,
  seed: number,
  hostCount: number,
  recording: { readonly sessions?: SessionRecording; readonly content?: ContentRecording },
  traceObjects?: TraceObjects,
): ReplayExtras {
  const streams = new RandomStreams(seed);
  const speedup = s.clients.trace?.speedup ?? 1;
  const sessions =
    s.fragmentation && recording.sessions
      ? new SessionTracker(
          hostCount,
          s.fragmentation.sessionGap / speedup,
          s.warmup,
          recording.sessions,
          speedup,
        )
      : undefined;
  const c = s.content;
  const content =
    c && recording.content
      ? new ContentModel({
          clients: hostCount,
          entries: c.browserCache,
          versions: lastModifiedVersions(s),
          stats: recording.content,
          traceObjects,
          catalog: traceObjects
            ? undefined
            : new Catalog(c.objects, c.size, c.popularity, streams.stream("content-sizes")),
          objectRng: streams.stream("content-objects"),
        })
      : undefined;
  return { sessions, content };
}
