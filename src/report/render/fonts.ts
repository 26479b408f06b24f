import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The faces the charts use: regular and bold, upright and oblique. */
const FACES = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSans-Oblique.ttf",
  "DejaVuSans-BoldOblique.ttf",
];

let cached: string[] | undefined;

/** Absolute paths of the DejaVu Sans TTF files inside node_modules. */
export function chartFontFiles(): string[] {
  // The package has no entry point, but its package.json is resolvable.
  cached ??= FACES.map((face) =>
    join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf", face),
  );
  return cached;
}
