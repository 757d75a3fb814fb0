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
export function parseFlags<S extends ZodType>(argv: string[], schema: S, usage: string): z.output<S> | null {
  let flags: Map<string, string | true>;
  try {
    flags = parseArgs(argv).flags;
  } catch (e) {
    console.error(`error: ${(e as Error).message} (flags take their value as --name=value)`);
    return null;
  }
  const parsed = schema.safeParse(Object.fromEntries(flags));
  if (!parsed.success) {
    console.error(`error: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
    console.error(`usage: ${usage}`);
    return null;
  }
  return parsed.data;
}
