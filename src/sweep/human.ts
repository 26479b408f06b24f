/** Seconds as people say them: 30 s, 5 min, 1 h, 4 h, 1 day. */
export function humanSeconds(s: number): string {
  const unit = (n: number, one: string, many: string): string => {
    const v = Number(n.toPrecision(3));
    return `${v} ${v === 1 ? one : many}`;
  };
  if (s < 60) return unit(s, "s", "s");
  if (s < 3600) return unit(s / 60, "min", "min");
  if (s < 86400) return unit(s / 3600, "h", "h");
  return unit(s / 86400, "day", "days");
}
