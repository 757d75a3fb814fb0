/**
 * Guarded generation for small talk: the model's text is streamed out a few words behind the
 * model, each piece checked (guard.ts) before it leaves, so a phrase that breaks a rule is caught
 * before its first word is shown. A reply that breaks a rule, fails, or is not ready in time is
 * dropped (null): the caller answers from the small-talk corpus instead (minimal mode).
 */
import { guardViolation, inputConcern, MAX_REPLY_CHARS, trimReply, type GuardReason, type InputConcern } from "./guard.js";
import type { ChatModel, ChatTurn } from "./model.js";

/** The most of a message the model reads: with the prompt, the history and the reply it stays well inside the 1,024-token context. */
const MAX_MESSAGE_CHARS = 500;

/** Words held back while streaming: the longest guarded phrase ("free delivery by tomorrow") fits inside. */
export const HOLD_BACK_WORDS = 4;

/** Complete sentences in a text (an end mark followed by a space or the end). */
const sentenceEnds = (text: string) => (text.match(/[.!?]+(?=\s|$)/g) ?? []).length;

export interface SmallTalkOptions {
  maxTokens: number;
  /** The whole reply must be written within this time, or the corpus answers. */
  timeoutMs: number;
}

export type SmallTalkOutcome =
  | { source: "model"; text: string; ms: number; firstTokenMs: number | null }
  | { source: "fallback"; reason: GuardReason | InputConcern | "error" | "timeout" | "unavailable"; ms: number; raw: string };

export type ModelHealth = "ready" | "loading" | "failed";

export class SmallTalkModel {
  private health: ModelHealth = "loading";
  private failure: string | null = null;
  private warming: Promise<void> | null = null;

  constructor(
    readonly model: ChatModel,
    private readonly options: SmallTalkOptions,
  ) {}

  /**
   * Loads (or connects to) the model in the background; until it is ready, small talk uses the
   * corpus. Tried a few times: a server's first answer can be lost to a connection it just closed.
   * Called again, it returns the same attempt (evaluations wait on it so every dialogue sees full mode).
   */
  warmUp(attempts = 3): Promise<void> {
    this.warming ??= (async () => {
      for (let i = 1; ; i++) {
        try {
          await this.model.ready();
          this.health = "ready";
          this.failure = null;
          return;
        } catch (e) {
          if (i >= attempts) {
            this.health = "failed";
            this.failure = (e as Error).message;
            return;
          }
          await new Promise((r) => setTimeout(r, 300 * i));
        }
      }
    })();
    return this.warming;
  }

  status(): { health: ModelHealth; error: string | null } {
    return { health: this.health, error: this.failure };
  }

  /**
   * A reply to the shopper's message, streamed through `onText` as it is checked; or why the
   * corpus must answer. Text already streamed is always a prefix of a reply that passed the checks.
   */
  async reply(message: string, history: ChatTurn[], onText?: (chunk: string) => void, context: { shopperUpset?: boolean } = {}): Promise<SmallTalkOutcome> {
    const upset = context.shopperUpset ?? true;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const concern = inputConcern(message);
    if (concern) return { source: "fallback", reason: concern, ms: 0, raw: "" };
    if (this.health !== "ready") return { source: "fallback", reason: "unavailable", ms: 0, raw: "" };
    const stop = new AbortController();
    let timedOut = false;
    let complete = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort(new Error("timeout"));
    }, this.options.timeoutMs);
    let raw = "";
    let sent = 0;
    let violation: GuardReason | null = null;
    let firstTokenMs: number | null = null;
    // Releases text up to HOLD_BACK_WORDS words behind what the model wrote, once all of it passes.
    const release = () => {
      if (violation) return;
      violation = guardViolation(raw, upset);
      if (violation) {
        stop.abort(new Error("guard"));
        return;
      }
      // Two sentences are all a reply shows: stop the model there rather than let it ramble.
      if (!complete && (sentenceEnds(raw) >= 2 || raw.length > MAX_REPLY_CHARS)) {
        complete = true;
        stop.abort(new Error("complete"));
      }
      if (!onText) return;
      const words = [...raw.matchAll(/\S+\s+/g)];
      const upto = words.length > HOLD_BACK_WORDS ? words[words.length - HOLD_BACK_WORDS - 1]! : null;
      const end = upto ? upto.index + upto[0].length : 0;
      if (end > sent) {
        firstTokenMs ??= elapsed();
        onText(raw.slice(sent, end));
        sent = end;
      }
    };
    try {
      raw = await this.model.generate({
        history,
        message: message.slice(0, MAX_MESSAGE_CHARS),
        maxTokens: this.options.maxTokens,
        signal: stop.signal,
        onText: (chunk) => {
          raw += chunk;
          release();
        },
      });
    } catch (e) {
      clearTimeout(timer);
      if (!complete || violation) return { source: "fallback", reason: violation ?? (timedOut ? "timeout" : "error"), ms: elapsed(), raw: raw || (e as Error).message };
    }
    clearTimeout(timer);
    if (violation) return { source: "fallback", reason: violation, ms: elapsed(), raw };
    if (timedOut) return { source: "fallback", reason: "timeout", ms: elapsed(), raw };
    const text = trimReply(raw);
    const final = guardViolation(text, upset);
    if (final) return { source: "fallback", reason: final, ms: elapsed(), raw };
    // The rest of the reply (the words held back) goes out now.
    const shown = raw.slice(0, sent).replace(/\s+/g, " ").trimStart();
    if (onText && text.startsWith(shown) && text.length > shown.length) {
      firstTokenMs ??= elapsed();
      onText(text.slice(shown.length));
    }
    return { source: "model", text, ms: elapsed(), firstTokenMs };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
