/** A vega-lite spec as plain JSON (the same shape render/ accepts). */
export type VegaLiteSpec = Record<string, unknown>;

/** One chart of the report. */
export interface Chart {
  /** File name stem (charts/<name>.svg) and HTML id; lowercase letters and dashes. */
  readonly name: string;
  /** How to read the chart, for the HTML figure caption. */
  readonly explain: string;
  readonly spec: VegaLiteSpec;
}

export interface ChartOptions {
  /**
   * Add the hover layers (a rule following the pointer, with every series in
   * its tooltip) for the HTML report. They draw nothing in a static image but
   * cost an invisible rule and a Voronoi cell per point, most of a large SVG.
   */
  readonly interactive?: boolean;
}
