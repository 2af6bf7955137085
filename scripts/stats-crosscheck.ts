// Compares app/domain/statistics.ts with SciPy/NumPy on seeded random data sets.
//   npx tsx scripts/stats-crosscheck.ts [--seed 20240601] [--cases 400]
// Runs scripts/stats-crosscheck.py (needs python3 with scipy; on Debian: apt-get install python3-scipy),
// recomputes every figure in TypeScript and exits 1 on the first disagreement beyond 1e-9 (relative).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cronbachAlpha, describe, pairedGapFromPairs } from "../app/domain/statistics";

type Figure = number | null | Figure[] | { [key: string]: Figure };

interface Reference {
  generator: Record<string, string | number>;
  gapCases: {
    kind: string;
    x: (number | null)[];
    y: (number | null)[];
    expected: Record<string, Figure>;
    describeX: Record<string, Figure>;
  }[];
  alphaCases: { rows: number[][]; expected: Record<string, Figure> }[];
}

const TOLERANCE = 1e-9;

function differences(expected: Figure, actual: Figure, path: string): string[] {
  if (expected === null || actual === null) {
    return expected === actual ? [] : [`${path}: expected ${String(expected)}, got ${String(actual)}`];
  }
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    return Math.abs(expected - actual) <= TOLERANCE * scale ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${path}: lengths differ`];
    return expected.flatMap((item, index) => differences(item, actual[index] ?? null, `${path}[${index}]`));
  }
  if (typeof expected === "object" && typeof actual === "object" && !Array.isArray(expected) && !Array.isArray(actual)) {
    return Object.keys(expected).flatMap((key) => differences(expected[key] ?? null, actual[key] ?? null, `${path}.${key}`));
  }
  return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

const script = fileURLToPath(new URL("./stats-crosscheck.py", import.meta.url));
const run = spawnSync("python3", [script, ...process.argv.slice(2)], {
  encoding: "utf8",
  maxBuffer: 512 * 1024 * 1024,
});
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(2);
}
const reference = JSON.parse(run.stdout) as Reference;

const problems: string[] = [];
let comparisons = 0;
let testedPairs = 0;
for (const [index, item] of reference.gapCases.entries()) {
  const gap = pairedGapFromPairs(item.x, item.y) as unknown as Record<string, Figure>;
  problems.push(...differences(item.expected, gap, `gap#${index}(${item.kind})`));
  const present = item.x.filter((value): value is number => value !== null);
  const stats = describe(present) as unknown as Record<string, Figure>;
  problems.push(...differences(item.describeX, stats, `describe#${index}(${item.kind})`));
  comparisons += 2;
  if (item.expected.p !== null) testedPairs += 1;
}
for (const [index, item] of reference.alphaCases.entries()) {
  const alpha = cronbachAlpha(item.rows) as unknown as Record<string, Figure>;
  problems.push(...differences(item.expected, alpha, `alpha#${index}`));
  comparisons += 1;
}

const generator = Object.entries(reference.generator)
  .map(([key, value]) => `${key} ${value}`)
  .join(", ");
console.log(`Reference: ${generator}`);
console.log(
  `Compared ${comparisons} results (${reference.gapCases.length} paired gaps, ${testedPairs} with a Wilcoxon test; ` +
    `${reference.gapCases.length} descriptions; ${reference.alphaCases.length} Cronbach's α) at relative tolerance ${TOLERANCE}.`,
);
if (problems.length > 0) {
  console.log(`${problems.length} disagreements:`);
  for (const problem of problems.slice(0, 40)) console.log(`  ${problem}`);
  process.exit(1);
}
console.log("All figures agree.");
