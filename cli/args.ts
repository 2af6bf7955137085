// Command-line arguments for every tool in cli/ and scripts/: node:util parseArgs, strict (an
// unknown option or a missing value is an error), printed with the tool's usage line (exit 2).
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
