/** Where dialogues are played: the agent in this process, or a running server over Socket.IO. */
import type { TurnOutcome } from "./observation.js";

export interface Conversation {
  send(text: string): Promise<TurnOutcome>;
  close(): Promise<void>;
}

export interface Target {
  /** "inprocess" or the server URL, for reports. */
  readonly name: string;
  /** A fresh conversation for one dialogue. */
  open(userId: string, chatId: string): Promise<Conversation>;
  close(): Promise<void>;
}
