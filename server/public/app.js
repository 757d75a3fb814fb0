// The chat page: Socket.IO for the conversation, REST for the conversation list. Everything the
// server sends is shown with textContent, never parsed as HTML.
/* global io */
const $ = (id) => document.getElementById(id);
const state = { auth: "open", maxChars: 1000, userId: "", token: "", socket: null, chatId: null };

const NODE_LABELS = {
  understand: "understanding your message",
  slotFilling: "working out what is missing",
  contextTranslation: "summing up your request",
  booking: "searching the catalog",
  confirmOrder: "placing your order",
  orderSupport: "looking into your order",
  chitChat: "thinking",
  greeting: "saying hello",
  goodbye: "wrapping up",
  reset: "starting over",
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function setStatus(text) {
  $("status").textContent = text;
}

function authHeaders() {
  return state.auth === "token" ? { authorization: `Bearer ${state.token}` } : {};
}

/** The user id a token is for (display and REST paths only; the server verifies the token). */
function subjectOf(token) {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.sub === "string" ? payload.sub : "";
  } catch {
    return "";
  }
}

function scrollDown() {
  const box = $("messages");
  box.scrollTop = box.scrollHeight;
}

function addUserMessage(text) {
  $("messages").append(el("div", "msg user", text));
  scrollDown();
}

function money(n) {
  return `$${Number(n).toFixed(2)}`;
}

function productCard(p, wantedSize) {
  const card = el("article", "product-card");
  card.dataset.productId = String(p.id);
  card.append(el("span", "brand", p.brand));
  card.append(el("span", "name", p.name));
  card.append(el("span", "price", money(p.price)));
  const details = [p.articleType, p.baseColour, p.gender].filter(Boolean).join(" · ");
  card.append(el("span", "details", details));
  const stock = el("span", "stock");
  const sizes = p.sizes.length > 0 ? p.sizes : Object.keys(p.stock);
  const total = sizes.reduce((sum, s) => sum + (p.stock[s] ?? 0), 0);
  if (total === 0) stock.append(el("span", "out", "Out of stock"));
  sizes.forEach((s, i) => {
    if (i > 0) stock.append(document.createTextNode(", "));
    const item = el("span", s === wantedSize ? "wanted" : "", `${s}: ${p.stock[s] ?? 0}`);
    item.dataset.size = s;
    stock.append(item);
  });
  card.append(stock);
  if (p.rankReason) card.append(el("span", "why", `Why: ${p.rankReason}`));
  return card;
}

function addBotMessage(m) {
  // While staff have the conversation the agent answers nothing: no empty bubble.
  if (!m.reply && !(m.products?.length > 0) && !m.order) return;
  const box = $("messages");
  const bubble = el("div", m.staff ? "msg bot staff" : "msg bot", m.reply);
  bubble.append(el("span", "meta", m.staff ? "a member of our team" : [m.intent, m.state].filter(Boolean).join(" · ")));
  box.append(bubble);
  const products = m.action?.action === "load_product" ? m.action.data : m.products ?? [];
  if (products.length > 0) {
    const grid = el("div", "products");
    for (const p of products) grid.append(productCard(p, m.slots?.size));
    box.append(grid);
  }
  if (m.order) {
    const card = el("div", "order-card");
    card.dataset.orderId = m.order.orderId;
    card.append(el("strong", "", `Order ${m.order.orderId}`));
    card.append(el("div", "", `${m.order.quantity} × ${m.order.name}, size ${m.order.size}: ${money(m.order.total)}`));
    box.append(card);
  }
  $("offer").hidden = !m.awaitingConfirmation;
  scrollDown();
}

function setActivity(text) {
  $("activity").hidden = !text;
  $("activity-text").textContent = text || "";
}

function enableChat(on) {
  for (const id of ["text", "send", "new-chat"]) $(id).disabled = !on;
}

async function refreshConversations() {
  if (!state.userId) return;
  const res = await fetch(`/api/conversations/${encodeURIComponent(state.userId)}`, { headers: authHeaders() });
  if (!res.ok) return;
  const { conversations } = await res.json();
  const list = $("conversations");
  list.replaceChildren();
  for (const c of conversations) {
    const item = el("li");
    const button = el("button", "", c.title);
    button.type = "button";
    button.dataset.chatId = c.chat_id;
    button.setAttribute("aria-current", String(c.chat_id === state.chatId));
    button.append(el("small", "", `${c.message_count} messages${c.active ? "" : " · closed"}`));
    button.addEventListener("click", () => openChat(c.chat_id));
    item.append(button);
    list.append(item);
  }
}

function openChat(chatId) {
  const previous = state.chatId;
  if (previous && previous !== chatId) state.socket.emit("leave", { chatId: previous });
  state.chatId = chatId;
  $("messages").replaceChildren();
  $("offer").hidden = true;
  setActivity("");
  showError("");
  state.socket.emit("join", { chatId }, (ack) => {
    if (!ack?.ok) {
      showError(ack?.error?.message ?? "could not open the conversation");
      return;
    }
    for (const m of ack.history) {
      if (m.role === "user") addUserMessage(m.content);
      else addBotMessage({ reply: m.content, intent: "", state: "", products: [] });
    }
    $("offer").hidden = !ack.awaitingConfirmation;
    void refreshConversations();
  });
}

function newChat() {
  openChat(`web-${crypto.randomUUID().slice(0, 12)}`);
  $("text").focus();
}

function send(event, payload) {
  showError("");
  state.socket.emit(event, payload, (ack) => {
    if (!ack?.ok) showError(ack?.error?.message ?? "the message was not accepted");
  });
}

function connect() {
  if (state.socket) state.socket.disconnect();
  const auth = state.auth === "token" ? { token: state.token } : { userId: state.userId };
  const socket = io({ auth });
  state.socket = socket;
  setStatus("connecting…");
  socket.on("connect", () => {
    setStatus(`connected as ${state.userId}`);
    showError("");
    enableChat(true);
    if (!socket.recovered) {
      if (state.chatId) openChat(state.chatId);
      else newChat();
    }
    void refreshConversations();
  });
  socket.on("disconnect", () => {
    setStatus("reconnecting…");
    enableChat(false);
  });
  socket.on("connect_error", (err) => {
    setStatus("offline");
    showError(err.data?.message ?? err.message);
  });
  socket.on("user_message", (m) => {
    if (m.chatId === state.chatId) addUserMessage(m.text);
  });
  socket.on("bot_message", (m) => {
    if (m.chatId !== state.chatId) return;
    setActivity("");
    addBotMessage(m);
    void refreshConversations();
  });
  socket.on("typing", (m) => {
    if (m.chatId === state.chatId) setActivity(m.on ? "thinking" : "");
  });
  socket.on("progress", (m) => {
    if (m.chatId === state.chatId) setActivity(NODE_LABELS[m.node] ?? m.node);
  });
  socket.on("error", (e) => {
    setActivity("");
    showError(e.message ?? "something went wrong");
  });
}

async function init() {
  const session = await fetch("/api/session").then((r) => r.json());
  state.auth = session.auth;
  state.maxChars = session.max_message_chars;
  $("text").maxLength = state.maxChars;
  $("user-label").hidden = state.auth === "token";
  $("token-label").hidden = state.auth !== "token";
  $("user-id").required = state.auth !== "token";
  $("token").required = state.auth === "token";
  $("user-id").value = localStorage.getItem("shopper-id") ?? "";
  $("login").addEventListener("submit", (e) => {
    e.preventDefault();
    if (state.auth === "token") {
      state.token = $("token").value.trim();
      state.userId = subjectOf(state.token);
      if (!state.userId) return showError("that does not look like a shopper token");
    } else {
      state.userId = $("user-id").value.trim();
      localStorage.setItem("shopper-id", state.userId);
    }
    state.chatId = null;
    connect();
  });
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value.trim();
    if (!text || !state.chatId) return;
    $("text").value = "";
    send("message", { chatId: state.chatId, text });
  });
  $("new-chat").addEventListener("click", newChat);
  $("confirm").addEventListener("click", () => {
    $("offer").hidden = true;
    send("confirm", { chatId: state.chatId });
  });
  $("decline").addEventListener("click", () => {
    $("offer").hidden = true;
    send("decline", { chatId: state.chatId });
  });
}

void init();
