/** What the route, Socket.IO and WebSocket modules share. */
import type { Config } from "../config.js";
import type { Agent } from "../graph/agent.js";
import type { Authenticator } from "./auth.js";
import type { Metrics } from "./metrics.js";
import type { ModelInfo } from "./modelInfo.js";
import type { TurnRateLimiter } from "./rateLimit.js";
import type { TurnService } from "./turns.js";
import type { noticeMessage } from "./payloads.js";

export interface ServerContext {
  cfg: Config;
  agent: Agent;
  auth: Authenticator;
  turns: TurnService;
  metrics: Metrics;
  modelInfo: ModelInfo;
  /** Socket.IO handshakes and WebSocket upgrades per IP address per minute. */
  connections: TurnRateLimiter;
  /** Sends a bot_message to the shopper's live Socket.IO clients of one conversation (set once Socket.IO is attached). */
  notify: (userId: string, chatId: string, message: ReturnType<typeof noticeMessage>) => void;
  /** Tells every open operator page that a handed-over conversation changed (new, a message, an answer, handed back). */
  notifyStaff: (conversationId: string) => void;
}
