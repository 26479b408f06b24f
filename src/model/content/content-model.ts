import type { Rng } from "../../engine/index.js";
import type { TraceObjects } from "../../logs/index.js";
import { CONTENT_RESPONSE, type ContentRecording } from "../../metrics/index.js";
import { BrowserCache } from "./browser-cache.js";
import type { Catalog } from "./catalog.js";

export interface ContentModelOptions {
  /** Clients (hosts), each with its own browser cache of `entries` objects. */
  readonly clients: number;
  readonly entries: number;
  /** Last-Modified version per server. */
  readonly versions: Int32Array;
  readonly stats: ContentRecording;
  /** Where objects come from: a trace's paths (ids handed over with each request), or a synthetic catalogue. */
  readonly traceObjects: TraceObjects | undefined;
  readonly catalog: Catalog | undefined;
  readonly objectRng: Rng;
}

/**
 * What each served request does to its client's browser cache and the
 * server's response: an object not in the cache is fetched (200) and
 * stored; a cached one is revalidated with If-Modified-Since and comes back
 * 304 when the serving server's Last-Modified equals the cached copy's, else
 * 200 with the whole body (the copy is replaced). Last-Modified is a version
 * per server: 0 on every consistent server, its own on each skewed one (so
 * skewed servers disagree with everyone, each other included, on every
 * object). The cache holds the version of the last server that answered.
 */
export class ContentModel {
  private readonly cache: BrowserCache;

  constructor(private readonly o: ContentModelOptions) {
    this.cache = new BrowserCache(o.clients, o.entries);
  }

  /** Objects in the catalogue (distinct paths for a trace). */
  get objectCount(): number {
    return this.o.traceObjects ? this.o.traceObjects.count : (this.o.catalog?.count ?? 0);
  }

  /**
   * `server` answered `client`'s request for `object`: a trace path's id
   * (the trace reader looked it up on its parse of the line), or -1 for one
   * drawn from the catalogue by popularity. `counting`: after the warm-up
   * (the cache changes either way).
   */
  served(client: number, server: number, object: number, counting: boolean): void {
    let id = object;
    if (id < 0) {
      if (!this.o.catalog) return;
      id = this.o.catalog.draw(this.o.objectRng);
    }
    let size = this.o.traceObjects
      ? this.o.traceObjects.size(id)
      : (this.o.catalog?.sizes[id] ?? 0);
    const version = this.o.versions[server]!;
    const slot = this.cache.find(client, id);
    let kind: number;
    if (slot < 0) {
      this.cache.insert(client, id, version);
      kind = CONTENT_RESPONSE.FIRST;
    } else if (this.cache.version(slot) === version) {
      kind = CONTENT_RESPONSE.NOT_MODIFIED;
      size = 0;
    } else {
      this.cache.update(slot, version);
      kind = CONTENT_RESPONSE.REDOWNLOAD;
    }
    if (counting) this.o.stats.response(server, kind, size);
  }
}
