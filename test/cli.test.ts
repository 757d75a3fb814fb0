/**
 * Every command-line tool in package.json, as a newcomer meets it: --help prints the usage and
 * exits 0 without doing anything; an unknown option exits 2 with what is wrong and the usage,
 * never a stack trace, and never does the work (catalog:vocabulary once wrote a file named after
 * the bad option).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
/** Scripts that run a TypeScript entry point through tsx (the others are shell pipelines or test runners). */
const tools = Object.entries(scripts).flatMap(([name, command]) => {
  const m = /^tsx (\S+\.ts)$/.exec(command);
  return m && name !== "start" ? [[name, m[1]!] as const] : [];
});

function run(file: string, args: string[]) {
  // MONGODB_URI unset: nothing may reach a database before the arguments are read.
  const env: NodeJS.ProcessEnv = { ...process.env, CHAT_MODEL: "off" };
  delete env.MONGODB_URI;
  return spawnSync(process.execPath, ["--import", "tsx", file, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env });
}

describe("command-line tools", () => {
  it("are all found (a renamed entry point would hide one from these checks)", () => {
    assert.ok(tools.length >= 20, `${tools.length} tools`);
    for (const [, file] of tools) assert.ok(existsSync(path.join(ROOT, file)), file);
  });

  it("refuse a value option given without its value (it was read as 1, or as the text \"true\")", () => {
    const cases: [string, string[]][] = [
      ["server/cli/benchLoad.ts", ["--shoppers"]],
      ["retrieval/cli/cfSimulate.ts", ["--seed"]],
      ["graph/cli/chat.ts", ["--user"]],
      ["retrieval/cli/bench.ts", ["--mongodb-queries", "many"]],
    ];
    for (const [file, args] of cases) {
      const r = run(file, args);
      assert.equal(r.status, 2, `${file} ${args.join(" ")}: ${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, /usage: npm run /);
    }
  });

  for (const [name, file] of tools) {
    it(`npm run ${name}: --help prints the usage; an unknown option is refused with it, without a stack trace`, () => {
      const help = run(file, ["--help"]);
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, /usage: npm run /);
      const bad = run(file, ["--no-such-option"]);
      assert.equal(bad.status, 2, `${bad.stdout}\n${bad.stderr}`);
      assert.match(bad.stderr, /no-such-option/);
      assert.match(bad.stderr, /usage: npm run /);
      assert.doesNotMatch(bad.stderr, /^\s+at /m, "no stack trace");
      assert.equal(existsSync(path.join(ROOT, "--no-such-option")), false);
    });
  }
});
