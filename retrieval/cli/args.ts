import { parseArgs as parseCommandLine, type ParseArgsConfig } from "node:util";
import type { z, ZodType } from "zod";
/** Parses `key=value` command-line slots; flags start with --. */
export interface ParsedArgs {
  slots: Record<string, string>;
  flags: Map<string, string | true>;
}

/** Flags that take the next argument as their value. */
const VALUE_FLAGS = ["limit", "queries", "mongodb-queries", "n", "user", "chat", "split", "pool", "vectors-encoder", "details", "baseline"];

export function parseArgs(argv: string[]): ParsedArgs {
  const slots: Record<string, string> = {};
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(name, inline);
      else if (VALUE_FLAGS.includes(name) && next !== undefined && !next.includes("=")) flags.set(name, argv[++i]!);
      else flags.set(name, true);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq <= 0) throw new Error(`expected key=value, got ${JSON.stringify(a)}`);
    slots[a.slice(0, eq).trim()] = a.slice(eq + 1);
  }
  return { slots, flags };
}

/**
 * Parses `--name=value` flags against a zod schema; on bad input prints what is wrong and the
 * usage line to stderr and returns null (the caller exits with 2).
 */
export function parseFlags<S extends ZodType>(argv: string[], schema: S, usage: string, booleans: readonly string[] = []): z.output<S> | null {
  let flags: Map<string, string | true>;
  exitOnHelp(argv, usage);
  try {
    flags = parseArgs(argv).flags;
  } catch (e) {
    console.error(`error: ${(e as Error).message} (flags take their value as --name=value)`);
    return null;
  }
  // A value flag given without its value ("--seed") is refused, not coerced (true would read as 1).
  const bare = [...flags].filter(([name, v]) => v === true && !booleans.includes(name)).map(([name]) => `--${name}`);
  if (bare.length > 0) {
    printProblem(usage, `${bare.join(", ")} needs a value (--name=value)`);
    return null;
  }
  const parsed = schema.safeParse(Object.fromEntries(flags));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.code === "unrecognized_keys" ? `unknown option ${i.keys.map((k) => `--${k}`).join(", ")}` : `--${i.path.join(".")}: ${i.message}`));
    printProblem(usage, problems.join("; "));
    return null;
  }
  return parsed.data;
}

/**
 * A command line read strictly (node's parseArgs): `--help` or `-h` prints the usage and exits 0;
 * an unknown option, a missing value or an unexpected argument prints what is wrong and the usage
 * to stderr and exits 2, without a stack trace.
 */
export function commandLine<T extends ParseArgsConfig>(usage: string, spec: T): ReturnType<typeof parseCommandLine<T>> {
  const args = process.argv.slice(2);
  exitOnHelp(args, usage);
  try {
    return parseCommandLine<T>({ ...spec, args, strict: true });
  } catch (e) {
    return exitWithUsage(usage, (e as Error).message);
  }
}

/** --help or -h anywhere: the usage on stdout, exit 0. */
function exitOnHelp(argv: readonly string[], usage: string): void {
  if (!argv.includes("--help") && !argv.includes("-h")) return;
  console.log(`usage: ${usage}`);
  process.exit(0);
}

function printProblem(usage: string, problem: string): void {
  console.error(`error: ${problem}`);
  console.error(`usage: ${usage}`);
}

export function exitWithUsage(usage: string, problem: string): never {
  printProblem(usage, problem);
  process.exit(2);
}

/** A numeric option's value (its default when absent); anything but a number in range exits with the usage. */
export function numberOption(value: string | true | undefined, name: string, fallback: number, usage: string, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (value === undefined) return fallback;
  if (value === true) return exitWithUsage(usage, `--${name} needs a value`);
  const n = Number(value);
  const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true } = range;
  if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    return exitWithUsage(usage, `--${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * The flags of a command that takes no positional arguments, as a map (a boolean flag maps to
 * true): read by `commandLine`, so an unknown flag or a value flag without its value exits with
 * the usage, and --help prints it.
 */
export function checkedFlags(usage: string, booleans: readonly string[], values: readonly string[] = []): Map<string, string | true> {
  const options: Record<string, { type: "boolean" | "string" }> = {};
  for (const b of booleans) options[b] = { type: "boolean" };
  for (const v of values) options[v] = { type: "string" };
  const { values: read } = commandLine(usage, { options });
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(read)) if (value !== undefined && value !== false) flags.set(name, value === true ? true : String(value));
  return flags;
}

/**
 * A command of `key=value` slots and flags (search, cf:demo, chat): --help prints the usage and
 * exits 0; a malformed argument or a flag not in `known` exits 2 with the usage.
 */
export function slotCommandLine(usage: string, known: readonly string[], valued: readonly string[] = []): ParsedArgs {
  const argv = process.argv.slice(2);
  exitOnHelp(argv, usage);
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    return exitWithUsage(usage, (e as Error).message);
  }
  const unknown = [...parsed.flags.keys()].filter((f) => !known.includes(f));
  if (unknown.length > 0) exitWithUsage(usage, `unknown option --${unknown.join(", --")}`);
  const bare = valued.filter((f) => parsed.flags.get(f) === true);
  if (bare.length > 0) exitWithUsage(usage, `--${bare.join(", --")} needs a value`);
  return parsed;
}
