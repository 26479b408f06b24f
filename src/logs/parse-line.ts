/**
 * Access-log lines → records, without regular expressions or Date objects
 * (a million lines a second is the target): Common and Combined Log Format,
 * and TSV/CSV with a header naming the columns.
 */

/** One parsed line; reused by the parsers (fields, not a fresh object per line). */
export class TraceRecord {
  /** Seconds since the Unix epoch (UTC), fractional for TSV/CSV. */
  time = 0;
  /**
   * The host is `hostSource.slice(hostStart, hostEnd)` (for CLF the line
   * itself): kept as offsets, since the replay looks hosts up in place
   * (HostIndex) and most lines need no string of their own.
   */
  hostSource = "";
  hostStart = 0;
  hostEnd = 0;
  bytes = 0;
  status = 0;
  /**
   * Where the quoted request (`GET /path HTTP/1.1`) and what follows the
   * byte count (Combined: ` "referer" "agent"`) sit in the line (CLF only):
   * offsets rather than strings, so the hot path allocates nothing for
   * fields only some consumers read (see `requestPath`, `refererOf`).
   */
  requestAt = 0;
  requestEnd = 0;
  tailAt = 0;
  /** Where `locateRequestPath` found the path (CLF only; an empty range when there is none). */
  pathStart = 0;
  pathEnd = 0;
  /** TSV/CSV: the optional `path` and `referer` columns ("" when absent). */
  path = "";
  referer = "";
  /**
   * The last CLF date's minute (`17/May/2015:10:05:`), zone (` +0000`) and
   * the epoch second its minute starts at: lines of one minute share them,
   * so most lines compare two strings and read two digits instead of
   * parsing a date (see parseClfLine).
   */
  minuteText = "";
  zoneText = "";
  minuteTime = 0;

  /** The host as a string (allocates: for consumers off the hot path). */
  get host(): string {
    return this.hostSource.slice(this.hostStart, this.hostEnd);
  }
}

/** `Jan`..`Dec` at `at` → 1..12, or 0: by character codes (no slice, no lookup). */
function monthAt(s: string, at: number): number {
  const key = (s.charCodeAt(at) << 16) | (s.charCodeAt(at + 1) << 8) | s.charCodeAt(at + 2);
  switch (key) {
    case 0x4a616e:
      return 1; // Jan
    case 0x466562:
      return 2; // Feb
    case 0x4d6172:
      return 3; // Mar
    case 0x417072:
      return 4; // Apr
    case 0x4d6179:
      return 5; // May
    case 0x4a756e:
      return 6; // Jun
    case 0x4a756c:
      return 7; // Jul
    case 0x417567:
      return 8; // Aug
    case 0x536570:
      return 9; // Sep
    case 0x4f6374:
      return 10; // Oct
    case 0x4e6f76:
      return 11; // Nov
    case 0x446563:
      return 12; // Dec
    default:
      return 0;
  }
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48; // NaN past the end: rejected too
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Bounds on a log line's fields: a line outside them is malformed (skipped,
 * counted, its number reported), never a request. A date 100 years off
 * would stretch the log's time range (the runs and fits it drives) a
 * thousandfold, a zone of +99:99 moves the line by four days, a byte count
 * of 1e26 is no response.
 */
/** Earliest and latest years of a log's dates (epoch seconds as numbers likewise: 1970-01-01 to 2099-12-31). */
export const MIN_LOG_YEAR = 1970;
export const MAX_LOG_YEAR = 2099;
/** Largest time zone offset: ±14:00 (UTC+14 is the easternmost zone there is), minutes below 60. */
export const MAX_ZONE_HOURS = 14;
/** Largest byte count of a line's response (1 TiB). */
export const MAX_RESPONSE_BYTES = 2 ** 40;
/** HTTP status codes a line may have. */
export const MIN_STATUS = 100;
export const MAX_STATUS = 599;
/** Epoch seconds of MIN_LOG_YEAR-01-01 and of the start of the year after MAX_LOG_YEAR. */
const MIN_LOG_TIME = 0;
const END_LOG_TIME = 4102444800;

/** A zone offset `hh`, `mm` within the bounds. */
function zoneOk(hh: number, mm: number): boolean {
  return hh >= 0 && mm >= 0 && mm < 60 && hh * 60 + mm <= MAX_ZONE_HOURS * 60;
}

/**
 * `17/May/2015:10:05:03 +0000` starting at `at` → epoch seconds, or NaN.
 * The zone is ±hhmm; the local time minus the offset is UTC.
 */
export function parseClfDate(s: string, at: number): number {
  if (s.length < at + 26 || s.charCodeAt(at + 2) !== 47 || s.charCodeAt(at + 6) !== 47)
    return Number.NaN;
  const day = digits(s, at, 2);
  const month = monthAt(s, at + 3);
  const year = digits(s, at + 7, 4);
  const hh = digits(s, at + 12, 2);
  const mm = digits(s, at + 15, 2);
  const ss = digits(s, at + 18, 2);
  const sign = s.charCodeAt(at + 21);
  const zh = digits(s, at + 22, 2);
  const zm = digits(s, at + 24, 2);
  if (
    month === 0 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month]! ||
    year < MIN_LOG_YEAR ||
    year > MAX_LOG_YEAR ||
    hh < 0 ||
    hh > 23 ||
    mm < 0 ||
    mm > 59 ||
    ss < 0 ||
    ss > 60 ||
    !zoneOk(zh, zm) ||
    (sign !== 43 && sign !== 45) ||
    s.charCodeAt(at + 11) !== 58 ||
    s.charCodeAt(at + 20) !== 32
  )
    return Number.NaN;
  const offset = (sign === 45 ? -1 : 1) * (zh * 3600 + zm * 60);
  return daysFromCivil(year, month, day) * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

/**
 * Common Log Format `host ident user [date] "request" status bytes`, and
 * Combined (the same plus `"referer" "agent"`, which are not needed).
 * Returns false for a malformed line. `bytes` "-" counts as 0.
 */
export function parseClfLine(line: string, out: TraceRecord): boolean {
  return parseClfAt(line, 0, line.length, out);
}

/**
 * parseClfLine on the line `text.slice(start, end)` without slicing it
 * (the host scan reads a whole chunk of lines this way); `end` is the
 * length of `text` or the index of a "\n". The record's offsets are into
 * `text`. Every look past the line's end either is bounded here or meets
 * the "\n", which matches none of the characters looked for, so a line
 * parses exactly as it does on its own.
 */
export function parseClfAt(text: string, start: number, end: number, out: TraceRecord): boolean {
  const line = text;
  const space = line.indexOf(" ", start);
  if (space <= start || space >= end) return false;
  const open = line.indexOf("[", space);
  if (open < 0 || open + 27 >= end) return false;
  if (line.charCodeAt(open + 27) !== 93) return false; // "]"
  let time: number;
  const ss = digits(line, open + 19, 2);
  if (
    out.minuteText.length === 18 &&
    line.startsWith(out.minuteText, open + 1) &&
    line.startsWith(out.zoneText, open + 21)
  ) {
    if (ss < 0 || ss > 60) return false;
    time = out.minuteTime + ss;
  } else {
    time = parseClfDate(line, open + 1);
    if (Number.isNaN(time)) return false;
    out.minuteText = ` ${line.slice(open + 1, open + 19)}`.slice(1);
    out.zoneText = ` ${line.slice(open + 21, open + 27)}`.slice(1);
    out.minuteTime = time - ss;
  }
  if (line.charCodeAt(open + 28) !== 32 || line.charCodeAt(open + 29) !== 34) return false;
  // The request may hold escaped quotes; it ends at the first `" ` followed by a status.
  let close = line.indexOf('" ', open + 30);
  let status = -1;
  while (close >= 0 && close < end) {
    status = digits(line, close + 2, 3);
    if (status >= MIN_STATUS && status <= MAX_STATUS && line.charCodeAt(close + 5) === 32) break;
    close = line.indexOf('" ', close + 1);
  }
  if (close < 0 || close >= end) return false;
  let i = close + 6;
  let bytes = 0;
  if (line.charCodeAt(i) === 45) {
    i++;
  } else {
    const start = i;
    for (;;) {
      const c = line.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      bytes = bytes * 10 + c;
      i++;
    }
    if (i === start || bytes > MAX_RESPONSE_BYTES) return false;
  }
  if (i < end && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 13) return false;
  out.time = time;
  out.hostSource = line;
  out.hostStart = start;
  out.hostEnd = space;
  out.status = status;
  out.bytes = bytes;
  out.requestAt = open + 30;
  out.requestEnd = close;
  out.tailAt = i;
  return true;
}

/**
 * The path of a CLF line's request (`GET /a.gif?x=1 HTTP/1.0` → `/a.gif?x=1`),
 * or "" when the request is not `METHOD path [protocol]` (`-`, garbage).
 * `record` must be the one `parseClfLine` filled from `line`.
 */
export function requestPath(line: string, record: TraceRecord): string {
  locateRequestPath(line, record);
  return record.pathEnd > record.pathStart ? line.slice(record.pathStart, record.pathEnd) : "";
}

/**
 * `requestPath` as offsets, without a string: sets `record.pathStart` and
 * `pathEnd` (an empty range when the request has no path). `line` is what
 * `parseClfAt` read, a whole chunk of lines included.
 */
export function locateRequestPath(line: string, record: TraceRecord): void {
  record.pathStart = record.pathEnd = record.requestAt;
  const method = line.indexOf(" ", record.requestAt);
  if (method < 0 || method >= record.requestEnd) return;
  let end = line.indexOf(" ", method + 1);
  if (end < 0 || end > record.requestEnd) end = record.requestEnd;
  if (end <= method + 1) return;
  record.pathStart = method + 1;
  record.pathEnd = end;
}

/** A Combined Log Format line's Referer ("" for Common Log Format lines and for `"-"`). */
export function refererOf(line: string, record: TraceRecord): string {
  const at = record.tailAt;
  if (line.charCodeAt(at) !== 32 || line.charCodeAt(at + 1) !== 34) return "";
  // A referer holds no unescaped quote; the agent may, so stop at the first `" `.
  let end = line.indexOf('" ', at + 2);
  if (end < 0) end = line.endsWith('"') ? line.length - 1 : -1;
  if (end < 0) return "";
  const text = line.slice(at + 2, end);
  return text === "-" ? "" : text;
}

/**
 * ISO 8601 `2015-05-17T10:05:03(.fff)(Z|±hh:mm|±hhmm)` → epoch seconds, or
 * NaN; a number is epoch seconds. The zone is required (a time without one
 * is local to somewhere unknown), and the time must fall in MIN_LOG_YEAR to
 * MAX_LOG_YEAR.
 */
export function parseTimeField(s: string): number {
  if (s.length === 0) return Number.NaN;
  if (s.length < 19 || s.charCodeAt(4) !== 45) {
    if (!/^\d+(\.\d+)?$/.test(s)) return Number.NaN;
    const t = Number(s);
    return t >= MIN_LOG_TIME && t < END_LOG_TIME ? t : Number.NaN;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const sep = s.charCodeAt(10);
  const hh = digits(s, 11, 2);
  const mm = digits(s, 14, 2);
  const ss = digits(s, 17, 2);
  if (
    year < MIN_LOG_YEAR ||
    year > MAX_LOG_YEAR ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > DAYS_IN_MONTH[month]! ||
    (sep !== 84 && sep !== 32) ||
    hh < 0 ||
    hh > 23 ||
    mm < 0 ||
    mm > 59 ||
    ss < 0 ||
    ss > 60
  )
    return Number.NaN;
  let i = 19;
  let fraction = 0;
  if (s.charCodeAt(i) === 46) {
    let scale = 0.1;
    i++;
    const start = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      fraction += (s.charCodeAt(i) - 48) * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return Number.NaN;
  }
  let offset = 0;
  const zone = s.slice(i);
  if (zone === "Z") offset = 0;
  else {
    const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
    if (!m || !zoneOk(Number(m[2]), Number(m[3]))) return Number.NaN;
    offset = (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  }
  return daysFromCivil(year, month, day) * 86400 + hh * 3600 + mm * 60 + ss + fraction - offset;
}

/** Column positions of a TSV/CSV header; `time`, `host` and `bytes` are required, `status`, `path` and `referer` optional (-1 when absent). */
export interface ColumnLayout {
  readonly separator: string;
  readonly time: number;
  readonly host: number;
  readonly bytes: number;
  readonly status: number;
  readonly path: number;
  readonly referer: number;
}

/** The layout from a header line, or the names of the missing required columns. */
export function columnLayout(header: string, separator: string): ColumnLayout | string[] {
  const names = header
    .replace(/\r$/, "")
    .split(separator)
    .map((n) => n.trim().toLowerCase());
  const missing = ["time", "host", "bytes"].filter((n) => !names.includes(n));
  if (missing.length > 0) return missing;
  return {
    separator,
    time: names.indexOf("time"),
    host: names.indexOf("host"),
    bytes: names.indexOf("bytes"),
    status: names.indexOf("status"),
    path: names.indexOf("path"),
    referer: names.indexOf("referer"),
  };
}

/** One TSV/CSV data line (fields without quoting) by a header's layout. */
export function parseColumnsLine(line: string, layout: ColumnLayout, out: TraceRecord): boolean {
  const fields = line.replace(/\r$/, "").split(layout.separator);
  const time = parseTimeField(fields[layout.time]?.trim() ?? "");
  const host = fields[layout.host]?.trim() ?? "";
  const bytesText = fields[layout.bytes]?.trim() ?? "";
  if (Number.isNaN(time) || host === "" || !/^(\d+|-)$/.test(bytesText)) return false;
  const bytes = bytesText === "-" ? 0 : Number(bytesText);
  if (bytes > MAX_RESPONSE_BYTES) return false;
  let status = 200;
  if (layout.status >= 0) {
    status = Number(fields[layout.status]?.trim());
    if (!Number.isInteger(status) || status < MIN_STATUS || status > MAX_STATUS) return false;
  }
  out.time = time;
  out.hostSource = host;
  out.hostStart = 0;
  out.hostEnd = host.length;
  out.bytes = bytes;
  out.status = status;
  out.path = layout.path >= 0 ? (fields[layout.path]?.trim() ?? "") : "";
  const referer = layout.referer >= 0 ? (fields[layout.referer]?.trim() ?? "") : "";
  out.referer = referer === "-" ? "" : referer;
  return true;
}
