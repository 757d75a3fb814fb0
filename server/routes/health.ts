/** GET /health (200 only when models and database answer) and GET /metrics (Prometheus). */
import type { FastifyPluginCallbackZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ServerContext } from "../context.js";
import { checkHealth } from "../health.js";
import { ChatStatusSchema } from "../../models/chat/open.js";

const CheckSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });
const HealthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.object({ models: CheckSchema, database: CheckSchema.extend({ kind: z.enum(["embedded", "mongodb"]) }) }),
  chat: ChatStatusSchema.describe("Small talk: full mode (generative model) or minimal mode (corpus replies)"),
  accepting: z.boolean().describe("False while the server drains for shutdown"),
  uptime_s: z.number(),
});

export function healthRoutes(ctx: ServerContext): FastifyPluginCallbackZod {
  return (app, _opts, done) => {
    app.get(
      "/health",
      { schema: { operationId: "getHealth", summary: "Readiness: a model inference and a database read, each timed", tags: ["health"], response: { 200: HealthSchema, 503: HealthSchema } } },
      async (_req, reply) => {
        const report = await checkHealth(ctx.agent, ctx.turns.accepting);
        return reply.code(report.status === "ok" ? 200 : 503).send(report);
      },
    );

    app.get("/metrics", { schema: { hide: true } }, async (_req, reply) => {
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    });
    done();
  };
}
