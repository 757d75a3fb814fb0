/**
 * The server's log lines: pretty (pino-pretty: time, level, message, then the fields) when a person
 * reads them on a terminal, one JSON object a line when a collector does (LOG_FORMAT, config.ts).
 * pino-pretty runs in pino's transport thread, so formatting never costs the event loop.
 */
import type { LoggerOptions } from "pino";
import type { Config } from "../config.js";

export function loggerOptions(cfg: Pick<Config, "logLevel" | "logFormat">): LoggerOptions {
  if (cfg.logFormat === "json") return { level: cfg.logLevel };
  return { level: cfg.logLevel, transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } } };
}
