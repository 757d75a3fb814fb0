/** Parses `key=value` command-line slots; flags start with --. */
export interface ParsedArgs {
  slots: Record<string, string>;
  flags: Map<string, string | true>;
}

/** Flags that take the next argument as their value. */
const VALUE_FLAGS = ["limit", "queries", "mongodb-queries", "n", "user", "chat"];

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
