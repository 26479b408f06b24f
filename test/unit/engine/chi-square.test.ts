import { expect, it } from "vitest";
import { chiSquareSurvival } from "./chi-square.js";

it("the chi-square survival function matches tabulated quantiles", () => {
  // df=2: exp(-x/2); df=1 at 3.841 -> 0.05; df=10 at 18.307 -> 0.05; df=5 at 20.515 -> 0.001
  expect(chiSquareSurvival(18.420680743952367, 2)).toBeCloseTo(1e-4, 9);
  expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 9);
  expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 9);
  expect(chiSquareSurvival(20.515005652432873, 5)).toBeCloseTo(0.001, 9);
  expect(chiSquareSurvival(2, 30)).toBeCloseTo(1, 9);
});
