export { type RequestFeed, TraceFeed } from "./feed.js";
export { HostIndex } from "./host-index.js";
export { isoTime } from "./iso-time.js";
export { LineParser, MALFORMED_EXAMPLES, type TraceFormat } from "./line-parser.js";
export { LineSplitter, MAX_LINE_BYTES } from "./line-splitter.js";
export {
  columnLayout,
  daysFromCivil,
  MAX_LOG_YEAR,
  MAX_RESPONSE_BYTES,
  MAX_STATUS,
  MAX_ZONE_HOURS,
  MIN_LOG_YEAR,
  MIN_STATUS,
  parseClfAt,
  parseClfDate,
  parseClfLine,
  parseColumnsLine,
  parseTimeField,
  refererOf,
  requestPath,
  TraceRecord,
} from "./parse-line.js";
export { type TraceClock, TraceReader } from "./reader.js";
export { ReorderWindow } from "./reorder-window.js";
export { MAX_LOG_SPAN, TraceScan } from "./scan.js";
export { nextInput, SortedLogInput } from "./sorted-input.js";
export { TraceObjects } from "./trace-objects.js";
