/** A problem of fields that disagree with each other: where (a field path), and what. */
export interface CrossFieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
