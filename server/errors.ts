/** Errors every interface reports the same way: an HTTP status, a stable code and a sentence. */
export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "payload_too_large"
  | "shutting_down"
  | "turn_failed"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  payload_too_large: 413,
  shutting_down: 503,
  turn_failed: 500,
  internal: 500,
};

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.statusCode = STATUS[code];
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** Zod issues as one readable sentence: "text: the message is empty; chatId: ...". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => (i.path.length > 0 ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

/**
 * The documented code for a refusal that Fastify or Node's HTTP parser made before any route ran
 * (bad URL encoding, an over-long path parameter, a malformed request, a body over the limit):
 * the HTTP status is kept, the body is the same `{"error": {code, message}}` as everywhere else.
 */
export function codeForStatus(status: number): ErrorCode {
  if (status === 404) return "not_found";
  if (status === 413) return "payload_too_large";
  if (status === 429) return "rate_limited";
  if (status === 503) return "shutting_down";
  return status >= 500 ? "internal" : "invalid_request";
}
