/**
 * One HTTP server for every interface: REST (Fastify, zod-validated, OpenAPI from the route
 * schemas), Socket.IO, seed 000's raw WebSocket paths and the web page. The agent is opened by
 * the caller, so tests can start servers on other stores and settings.
 */
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import swaggerUi from "@fastify/swagger-ui";
import swagger from "@fastify/swagger";
import { STATUS_CODES } from "node:http";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "../config.js";
import type { Agent } from "../graph/agent.js";
import { Authenticator } from "./auth.js";
import type { ServerContext } from "./context.js";
import { ApiError, codeForStatus } from "./errors.js";
import { createMetrics } from "./metrics.js";
import { readModelInfo } from "./modelInfo.js";
import { TurnRateLimiter } from "./rateLimit.js";
import { handoffRoutes } from "./routes/handoffs.js";
import { conversationIdOf } from "../retrieval/conversations.js";
import { chatRoutes } from "./routes/chat.js";
import { conversationRoutes } from "./routes/conversations.js";
import { healthRoutes } from "./routes/health.js";
import { pageRoutes } from "./routes/page.js";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { openRedis } from "../retrieval/redis.js";
import { attachSocketIo, type ChatIo } from "./socket.js";
import { attachStaffNamespace } from "./staffSocket.js";
import { TurnService } from "./turns.js";
import { attachRawWebSockets } from "./ws.js";
import { wsNotice } from "./payloads.js";
import { loggerOptions } from "./logging.js";

export interface ChatServer {
  app: FastifyInstance;
  io: ChatIo;
  ctx: ServerContext;
  /** Listens; resolves with the bound port (port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<number>;
  /** Graceful: refuse new turns, let those in flight finish, close every connection. Does not close the agent. */
  close(): Promise<void>;
}

export async function buildServer(cfg: Config, agent: Agent): Promise<ChatServer> {
  const app = Fastify({
    logger: loggerOptions(cfg),
    bodyLimit: 64 * 1024,
    // Behind a proxy (TRUST_PROXY) the client address comes from X-Forwarded-For; otherwise the socket's address is the truth.
    trustProxy: cfg.trustProxy,
    // A conversation id is up to 129 characters; anything longer is a bad id (400 below), not a 414.
    routerOptions: { maxParamLength: 256 },
    // Bad percent-encoding and over-long path parameters are refused before routing: same error shape.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const status: 400 | 500 = err.code === "FST_ERR_BAD_URL" || err.code === "FST_ERR_MAX_PARAM_LENGTH" ? 400 : 500;
      const message = err.code === "FST_ERR_BAD_URL" ? "the path is not valid percent-encoding" : status === 400 ? "ids are 1-64 letters, digits, '_', '.', '@' or '-'" : "internal error";
      void reply.code(status).header("x-content-type-options", "nosniff").send({ error: { code: codeForStatus(status), message } });
    },
    // Requests Node's HTTP parser refuses (a NUL in a header, a broken request line) never reach Fastify.
    clientErrorHandler: (err, socket) => {
      if (err.code === "ECONNRESET" || socket.destroyed) return;
      const status = err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
      const body = JSON.stringify({ error: { code: codeForStatus(status), message: status === 408 ? "the request took too long to arrive" : status === 431 ? "the request headers are too large" : "malformed HTTP request" } });
      if (socket.writable) {
        socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`);
      }
      socket.destroy();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const auth = new Authenticator(cfg.authSecret);
  if (auth.open) app.log.warn("AUTH_SECRET is not set: open development mode, the user id each client sends is trusted");
  const metrics = createMetrics();
  // Several nodes share Redis: Socket.IO events, rate-limit windows (the turn lock is the agent's).
  const redis = cfg.redisUrl ? await openRedis(cfg.redisUrl) : undefined;
  const turns = new TurnService(agent, metrics, new TurnRateLimiter(cfg.rateLimitTurnsPerMinute, "messages", Date.now, redis), app.log, cfg.maxMessageChars, cfg.rateLimitTurnsPerIpPerMinute);
  const connections = new TurnRateLimiter(cfg.rateLimitHttpPerMinute, "connections", Date.now, redis);
  const ctx: ServerContext = { cfg, agent, auth, turns, metrics, modelInfo: readModelInfo(cfg), connections, notify: () => undefined, notifyStaff: () => undefined };

  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const message = err.validation.map((v) => `${v.instancePath.replace(/^\//, "").replace(/\//g, ".") || err.validationContext || "request"}: ${v.message ?? "invalid"}`).join("; ");
      return reply.code(400).send({ error: { code: "invalid_request", message } });
    }
    if (err instanceof ApiError) return reply.code(err.statusCode).send({ error: err.toJSON() });
    const status = typeof (err as { statusCode?: unknown }).statusCode === "number" ? (err as { statusCode: number }).statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, "request failed");
      return reply.code(500).send({ error: { code: "internal", message: "internal error" } });
    }
    // Fastify's own client errors (malformed JSON, wrong content type, body too large): their status, our shape.
    return reply.code(status).send({ error: { code: codeForStatus(status), message: err instanceof Error ? err.message : "invalid request" } });
  });

  // JSON (and the page) must never be sniffed into something a browser would run.
  app.addHook("onSend", (_req, reply, payload, done) => {
    void reply.header("x-content-type-options", "nosniff");
    done(null, payload);
  });

  await app.register(cors, { origin: cfg.corsOrigins.includes("*") ? true : cfg.corsOrigins.length > 0 ? cfg.corsOrigins : false });
  await app.register(rateLimit, {
    ...(redis ? { redis, nameSpace: "ratelimit:http:" } : {}),
    max: cfg.rateLimitHttpPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, c) => new ApiError("rate_limited", `too many requests: at most ${c.max} a minute per address; try again in ${c.after}`),
  });
  // Unknown routes count against the same limit: probing for paths is requests too.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) => reply.code(404).send({ error: { code: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}` } }));
  await app.register(swagger, {
    openapi: {
      info: { title: "Shopping agent", version: "0.1.0", description: "REST interface of the on-device shopping agent (Socket.IO and WebSocket events: server/README.md)" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT (HS256, sub = user id); required when AUTH_SECRET is set" } } },
    },
    transform: jsonSchemaTransform,
  });
  // The REST reference a person can try: Swagger UI over the same document (its assets ship in the package; nothing is fetched).
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(chatRoutes(ctx));
  await app.register(conversationRoutes(ctx));
  await app.register(handoffRoutes(ctx));
  await app.register(healthRoutes(ctx));
  await app.register(pageRoutes(ctx));
  app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());

  const io = attachSocketIo(app.server, ctx, redis ? createAdapter(redis) : undefined);
  const staff = attachStaffNamespace(io, ctx);
  ctx.notifyStaff = (conversationId) => staff.emit("handoffs_changed", { conversation_id: conversationId });
  turns.onHandoffTurn = ctx.notifyStaff;
  // Socket.IO answers its own HTTP requests (handshake, polling, its client script, its errors)
  // before Fastify sees them; a header set here is merged into whatever they write.
  app.server.prependListener("request", (_req, res) => res.setHeader("X-Content-Type-Options", "nosniff"));
  const rawWs = attachRawWebSockets(app.server, ctx, app.log);
  ctx.notify = (userId, chatId, message) => {
    io.to(conversationIdOf(userId, chatId)).emit("bot_message", message);
    rawWs.notify(userId, chatId, wsNotice(message));
  };
  await app.ready();

  return {
    app,
    io,
    ctx,
    async listen(port = cfg.port, host = cfg.host) {
      await app.listen({ port, host });
      const address = app.server.address();
      return typeof address === "object" && address ? address.port : port;
    },
    async close() {
      await turns.drain();
      rawWs.close();
      // Disconnecting lets each socket flush the replies just sent; engine.close() would discard them.
      io.disconnectSockets(true);
      for (let waited = 0; io.engine.clientsCount > 0 && waited < 2000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      io.engine.close();
      await app.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}
