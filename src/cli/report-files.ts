import type { Results } from "../metrics/index.js";

/**
 * The report's files (charts/*.svg, charts/*.png, index.html) for a result,
 * keyed by path relative to the output folder. Filled in by the report module.
 */
export async function reportFiles(_results: Results): Promise<Map<string, string | Uint8Array>> {
  return new Map();
}
