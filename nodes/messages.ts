/** Helpers nodes share for reading the conversation. */
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { Turn } from "../models/runtime/tasks.js";

export function messageText(m: BaseMessage): string {
  return typeof m.content === "string" ? m.content : m.content.map((c) => ("text" in c && typeof c.text === "string" ? c.text : "")).join(" ");
}

/** The shopper's latest message. */
export function lastUserText(messages: readonly BaseMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.getType() === "human") return messageText(messages[i]!);
  return "";
}

/** Turns of the current search whose words rank products by meaning (hybrid search). */
export const SEARCH_WORDS_TURNS = 3;

/**
 * The shopper's own words for the product in the current search (from `from`, its latest
 * SEARCH_WORDS_TURNS messages, at most 500 characters): hybrid ranking compares them with each
 * product's text, so "slip-on canvas sneakers" prefers slip-ons although no slot holds the word.
 */
export function searchWords(messages: readonly BaseMessage[], from: number): string {
  return messages
    .slice(Math.max(0, from))
    .filter((m) => m.getType() === "human")
    .slice(-SEARCH_WORDS_TURNS)
    .map(messageText)
    .join(". ")
    .slice(-500);
}

/**
 * The most turns a model input carries: a long search (a request, then two dozen side questions)
 * keeps its latest turns, so a model input never exceeds what the tools accept.
 */
export const MODEL_TURN_WINDOW = 16;

/** Messages as model turns ("User: ..." / "Bot: ..."), the latest MODEL_TURN_WINDOW of them. */
export function toTurns(messages: readonly BaseMessage[]): Turn[] {
  return messages
    .filter((m) => m.getType() === "human" || m.getType() === "ai")
    .slice(-MODEL_TURN_WINDOW)
    .map((m) => ({ speaker: m.getType() === "human" ? ("User" as const) : ("Bot" as const), text: messageText(m) }));
}

export const botSays = (text: string) => new AIMessage(text);
