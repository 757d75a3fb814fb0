/**
 * The server's log lines as a person or a collector sees them: the same options the server gives
 * Fastify, in a pino logger of a child process whose stdout is a pipe (as under a collector).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function logOnce(format: "pretty" | "json"): string {
  const code = `
    const { loggerOptions } = await import(${JSON.stringify(pathToFileURL(`${ROOT}server/logging.ts`).href)});
    const { pino } = await import("pino");
    const log = pino(loggerOptions({ logLevel: "info", logFormat: ${JSON.stringify(format)} }));
    log.info({ port: 3000 }, "chat page at http://127.0.0.1:3000/");
    log.debug("below the level");
    log.flush?.();`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe("log lines", () => {
  it("pretty: time, level and message on one readable line, fields after it; nothing below the level", () => {
    const out = logOnce("pretty").replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), ""); // colours, if any
    assert.match(out, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: chat page at http:\/\/127\.0\.0\.1:3000\/\n\s+port: 3000\n/);
    assert.throws(() => JSON.parse(out.split("\n")[0]!));
    assert.doesNotMatch(out, /below the level/);
  });

  it("json: one object a line with level, time and message, for a collector", () => {
    const lines = logOnce("json").trim().split("\n");
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.level, 30);
    assert.equal(line.msg, "chat page at http://127.0.0.1:3000/");
    assert.equal(line.port, 3000);
    assert.equal(typeof line.time, "number");
  });
});
