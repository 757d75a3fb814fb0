/**
 * The web chat page and the operator page: static files from server/public, read once, no build step. The
 * Socket.IO client script comes from the Socket.IO server itself (/socket.io/socket.io.js).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerContext } from "../context.js";

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public");
const FILES = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  // The operator page: staff answer conversations handed to a person (server/staffSocket.ts).
  "/operator": { file: "operator.html", type: "text/html; charset=utf-8" },
  "/operator.js": { file: "operator.js", type: "text/javascript; charset=utf-8" },
  "/dom.js": { file: "dom.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
  // Browsers ask for /favicon.ico whatever the page says: the same drawing.
  "/favicon.ico": { file: "favicon.svg", type: "image/svg+xml" },
} as const;

/** Scripts and styles from this origin only; the page never evaluates text it receives. */
const CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function pageRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
  const bodies = Object.fromEntries(Object.values(FILES).map(({ file }) => [file, readFileSync(path.join(PUBLIC_DIR, file), "utf8")]));
  return (app, _opts, done) => {
    for (const [url, { file, type }] of Object.entries(FILES)) {
      app.get(url, { schema: { hide: true } }, (_req, reply) =>
        reply.type(type).header("content-security-policy", CSP).header("x-content-type-options", "nosniff").header("cache-control", "no-cache").send(bodies[file]),
      );
    }

    app.get(
      "/api/session",
      {
        schema: {
          operationId: "getClientSettings", summary: "How clients should authenticate, and the message limit",
          tags: ["chat"],
          response: { 200: z.object({ auth: z.enum(["token", "open"]), max_message_chars: z.number() }) },
        },
      },
      () => ({ auth: ctx.auth.open ? ("open" as const) : ("token" as const), max_message_chars: ctx.cfg.maxMessageChars }),
    );
    done();
  };
}
