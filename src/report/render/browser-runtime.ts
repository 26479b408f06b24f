import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The browser builds of vega, vega-lite and vega-embed, as source text to
 * inline into the HTML report so that it works with no network. Read from
 * node_modules at render time, so they always match the versions that drew
 * the SVGs.
 */
export interface BrowserRuntime {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

const require = createRequire(import.meta.url);

/**
 * The packages' `exports` maps hide their build folders, so resolve each
 * package's entry point (which lives in build/) and take the minified UMD
 * bundle next to it.
 */
function bundle(pkg: string, file: string): string {
  return readFileSync(join(dirname(require.resolve(pkg)), file), "utf8");
}

let cached: BrowserRuntime | undefined;

export function browserRuntime(): BrowserRuntime {
  cached ??= {
    vega: bundle("vega", "vega.min.js"),
    vegaLite: bundle("vega-lite", "vega-lite.min.js"),
    vegaEmbed: bundle("vega-embed", "vega-embed.min.js"),
  };
  return cached;
}
