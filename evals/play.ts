/**
 * Plays dialogues against a target, each in a fresh conversation, and checks every turn. A
 * failing check, a thrown error or a refused connection is recorded and the run carries on.
 */
import { checkTurn, type Check } from "./check.js";
import type { Expect, LocatedDialogue } from "./dialogue.js";
import type { Observation } from "./observation.js";
import type { Target } from "./target.js";

export interface TurnRecord {
  index: number;
  user: string;
  expect: Expect | undefined;
  observation: Observation | null;
  /** Why the turn produced no observation (connection refused, server error, timeout...). */
  error: string | null;
  checks: Check[];
  /** Every check passed and nothing went wrong. */
  pass: boolean;
  latencyMs: number | null;
  nodeMs: Record<string, number>;
  /** This turn placed a new order. */
  orderPlaced: boolean;
}

export interface DialogueRecord {
  id: string;
  file: string;
  line: number;
  tags: string[];
  userId: string;
  chatId: string;
  turns: TurnRecord[];
  pass: boolean;
}

/**
 * Ids unique to this run and dialogue, so a dialogue never meets the state, orders or history
 * of another (or of an earlier run against the same server).
 */
export function conversationIds(d: LocatedDialogue, index: number, runTag: string): { userId: string; chatId: string } {
  const suffix = `.${runTag}${index.toString(36)}`;
  return { userId: d.user_id.slice(0, 64 - suffix.length) + suffix, chatId: d.id.slice(0, 64 - suffix.length) + suffix };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function playDialogue(target: Target, d: LocatedDialogue, ids: { userId: string; chatId: string }): Promise<DialogueRecord> {
  const turns: TurnRecord[] = [];
  const base = (index: number) => ({ index, user: d.turns[index]!.user, expect: d.turns[index]!.expect });
  let conversation;
  try {
    conversation = await target.open(ids.userId, ids.chatId);
  } catch (e) {
    const error = `could not start the conversation: ${message(e)}`;
    d.turns.forEach((_, i) => turns.push({ ...base(i), observation: null, error, checks: [], pass: false, latencyMs: null, nodeMs: {}, orderPlaced: false }));
    return { id: d.id, file: d.file, line: d.line, tags: d.tags ?? [], ...ids, turns, pass: false };
  }
  const orders = new Set<string>();
  try {
    for (let i = 0; i < d.turns.length; i++) {
      const turn = d.turns[i]!;
      try {
        const out = await conversation.send(turn.user);
        const checks = checkTurn(turn.expect, out.observation, orders);
        const order = out.observation.order;
        const orderPlaced = order !== null && !orders.has(order.orderId);
        if (order) orders.add(order.orderId);
        turns.push({ ...base(i), observation: out.observation, error: null, checks, pass: checks.every((c) => c.pass), latencyMs: out.latencyMs, nodeMs: out.nodeMs, orderPlaced });
      } catch (e) {
        turns.push({ ...base(i), observation: null, error: message(e), checks: [], pass: false, latencyMs: null, nodeMs: {}, orderPlaced: false });
      }
    }
  } finally {
    await conversation.close();
  }
  return { id: d.id, file: d.file, line: d.line, tags: d.tags ?? [], ...ids, turns, pass: turns.every((t) => t.pass) };
}

export async function playAll(
  target: Target,
  dialogues: readonly LocatedDialogue[],
  options: { runTag: string; onDialogue?: (done: number, total: number, last: DialogueRecord) => void },
): Promise<DialogueRecord[]> {
  const out: DialogueRecord[] = [];
  for (const [i, d] of dialogues.entries()) {
    const r = await playDialogue(target, d, conversationIds(d, i, options.runTag));
    out.push(r);
    options.onDialogue?.(i + 1, dialogues.length, r);
  }
  return out;
}
