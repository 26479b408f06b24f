/**
 * Which rows are Pareto-efficient when every column is to be minimised: a row
 * is dominated when another is no worse in every column and better in one.
 * Columns with a missing value in any row cannot be compared and are left
 * out; with no comparable column every row is efficient. Equal rows do not
 * dominate each other.
 */
export function paretoEfficient(rows: readonly (readonly (number | null)[])[]): boolean[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const columns: number[] = [];
  for (let c = 0; c < width; c++) {
    if (rows.every((r) => typeof r[c] === "number" && Number.isFinite(r[c]))) columns.push(c);
  }
  const dominates = (a: readonly (number | null)[], b: readonly (number | null)[]): boolean => {
    let better = false;
    for (const c of columns) {
      const x = a[c] as number;
      const y = b[c] as number;
      if (x > y) return false;
      if (x < y) better = true;
    }
    return better;
  };
  return rows.map((row, i) => !rows.some((other, j) => j !== i && dominates(other, row)));
}
