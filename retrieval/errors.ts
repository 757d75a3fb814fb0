/** Typed errors for bad retrieval input: callers (CLI, agent, HTTP) turn them into clear messages. */

export type RetrievalErrorCode = "invalid_slots" | "unknown_value" | "empty_slots";

export interface SlotIssue {
  /** The slot key (or "" for the whole object). */
  key: string;
  message: string;
  /** Closest vocabulary values, for unknown_value. */
  suggestions?: string[];
}

export class RetrievalInputError extends Error {
  constructor(
    readonly code: RetrievalErrorCode,
    readonly issues: SlotIssue[],
  ) {
    super(`${code}: ${issues.map((i) => (i.key ? `${i.key}: ${i.message}` : i.message)).join("; ")}`);
    this.name = "RetrievalInputError";
  }
}
