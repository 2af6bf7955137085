// Command-line arguments for every tool in cli/ and scripts/: node:util parseArgs, strict (an
// unknown option or a missing value is an error), printed with the tool's usage line (exit 2).
import fs from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** The parsed options and positionals; on a bad argument prints the problem and `usage`, and exits with 2. */
export function readArgs<const O extends Options>(argv: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    console.error((error as Error).message);
    console.error(usage);
    process.exit(2);
  }
}

/** The text of a file named on the command line; when it cannot be read, says why and exits with 2. */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    process.exit(2);
  }
}
