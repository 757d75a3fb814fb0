// The operator page: staff see the conversations handed to a person, answer them and hand them
// back to the assistant, over Socket.IO's /staff namespace (staff tokens only). Everything the
// server sends is shown with textContent, never parsed as HTML.
/* global io */
import { $, el, showError } from "./dom.js";

const state = { auth: "open", maxChars: 1000, socket: null, drafts: new Map() };

const WHO = { user: "shopper", assistant: "assistant", staff: "staff" };
const REASONS = { asked: "asked for a person", accepted: "accepted the offer of a person", escalated: "complained after the offer of a person" };

/** Sends one staff action; resolves with the acknowledgement, showing its error if any. */
function send(event, payload) {
  return new Promise((resolve) => {
    state.socket.emit(event, payload, (ack) => {
      if (!ack?.ok) showError(ack?.error?.message ?? "the server did not accept that");
      resolve(ack);
    });
  });
}

function conversationCard(h) {
  const card = el("section", "handoff");
  card.dataset.conversationId = h.conversation_id;
  const head = el("h2", "", h.conversation_id);
  head.append(el("small", "", ` ${REASONS[h.reason] ?? h.reason}, waiting since ${new Date(h.since).toLocaleTimeString()}`));
  const log = el("div", "log");
  for (const m of h.messages) {
    const who = m.staff ? "staff" : m.role;
    log.append(el("div", `msg ${who === "user" ? "user" : "bot"}${who === "staff" ? " staff" : ""}`, `${WHO[who] ?? who}: ${m.content}`));
  }
  const form = el("form", "answer");
  const input = el("input");
  input.name = "message";
  input.placeholder = "Your answer to the shopper";
  input.maxLength = state.maxChars;
  input.value = state.drafts.get(h.conversation_id) ?? "";
  input.addEventListener("input", () => state.drafts.set(h.conversation_id, input.value));
  const reply = el("button", "send", "Send");
  reply.type = "submit";
  const release = el("button", "release", "Hand back to the assistant");
  release.type = "button";
  form.append(input, reply, release);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    const ack = await send("reply", { conversation_id: h.conversation_id, message });
    if (ack?.ok) state.drafts.delete(h.conversation_id);
  });
  release.addEventListener("click", () => void send("release", { conversation_id: h.conversation_id }));
  card.append(head, log, form);
  return card;
}

async function refresh() {
  const ack = await send("list", {});
  if (!ack?.ok) return;
  showError("");
  $("handoffs").replaceChildren(...ack.handoffs.map(conversationCard));
  $("empty").hidden = ack.handoffs.length > 0;
  for (const log of document.querySelectorAll(".log")) log.scrollTop = log.scrollHeight;
}

function connect(token) {
  if (state.socket) state.socket.disconnect();
  const socket = io("/staff", { auth: state.auth === "token" ? { token } : {} });
  state.socket = socket;
  $("status").textContent = "connecting…";
  socket.on("connect", () => {
    $("status").textContent = "connected as staff";
    void refresh();
  });
  socket.on("disconnect", () => ($("status").textContent = "reconnecting…"));
  socket.on("connect_error", (err) => {
    $("status").textContent = "offline";
    showError(err.data?.message ?? err.message);
  });
  socket.on("handoffs_changed", () => void refresh());
}

async function init() {
  const session = await fetch("/api/session").then((r) => r.json());
  state.auth = session.auth;
  state.maxChars = session.max_message_chars;
  $("token-label").hidden = state.auth !== "token";
  $("token").required = state.auth === "token";
  $("login").addEventListener("submit", (e) => {
    e.preventDefault();
    connect($("token").value.trim());
  });
}

void init();
