// The chat page: Socket.IO for the conversation, REST for the conversation list. Everything the
// server sends is shown with textContent, never parsed as HTML.
/* global io */
import { $, el, showError } from "./dom.js";

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

// The catalog has no images: each card gets a drawing of its kind of product, in its colour.
const SVG = "http://www.w3.org/2000/svg";
const SHAPES = {
  top: "M22 14l10-6h16l10 6 10 12-10 6-4-4v40H26V28l-4 4-10-6z",
  bottom: "M26 10h28l4 60H44l-4-40-4 40H22z",
  dress: "M32 8h16l-2 14 14 48H20l14-48z",
  shoe: "M10 48c8 0 14-6 18-14l8 4c6 4 14 6 22 6 6 0 12 4 12 10v4H10z",
  watch: "M32 8h16l2 14a18 18 0 0 1 0 36l-2 14H32l-2-14a18 18 0 0 1 0-36z",
  bag: "M16 30h48l-4 40H20zM30 30v-8a10 10 0 0 1 20 0v8",
  glasses: "M8 36h26v8a10 10 0 0 1-26 0zM46 36h26v8a10 10 0 0 1-26 0zM34 38h12",
  bottle: "M34 8h12v10l6 8v44H28V26l6-8z",
  jewellery: "M40 12a22 22 0 1 1 0 44a22 22 0 1 1 0-44zm0 8a14 14 0 1 0 0 28a14 14 0 1 0 0-28z",
  cap: "M12 50a28 24 0 0 1 56 0zM40 50h30v6H40z",
  tag: "M14 14h26l28 28-26 26-28-28z",
};
const KINDS = [
  [/shoe|sandal|flip flop|heel|flats|sneaker|boot|slipper/i, "shoe"],
  [/watch/i, "watch"],
  [/bag|wallet|clutch|backpack|purse|pouch|laptop/i, "bag"],
  [/sunglass|frame|glasses/i, "glasses"],
  [/jean|trouser|short|track pant|legging|skirt|capri|salwar|churidar|pyjama|lounge pant/i, "bottom"],
  [/dress|saree|kurta set|gown|nightdress|jumpsuit/i, "dress"],
  [/cap|hat/i, "cap"],
  [/ring|necklace|earring|bracelet|bangle|pendant|jewellery|chain/i, "jewellery"],
  [/perfume|deodorant|fragrance|lotion|wash|cream|lip|nail|kajal|eyeliner|mascara|foundation|shampoo|gel|colour|compact|sunscreen/i, "bottle"],
  [/shirt|tshirt|top|kurta|kurti|tunic|jacket|sweater|sweatshirt|blazer|waistcoat|shrug|camisole|bra|vest|innerwear/i, "top"],
];
const COLOURS = {
  "navy blue": "#1f2f5c", blue: "#2f6fd0", "teal": "#138086", "turquoise blue": "#2ab7ca", black: "#1d1d1f", white: "#ffffff", "off white": "#f3efe4",
  grey: "#8a8f98", "grey melange": "#a7abb3", "charcoal": "#3b3f46", red: "#d0312d", maroon: "#7a1f2b", pink: "#f08cb4", magenta: "#c2187a",
  purple: "#7b3fb0", lavender: "#b9a5e3", green: "#2e8b57", olive: "#6b7a2a", "sea green": "#3aa37a", "lime green": "#8fd14f", yellow: "#f2c230",
  mustard: "#d4a017", orange: "#f07c24", peach: "#f6b99b", brown: "#7b4a2a", "coffee brown": "#5a3a22", tan: "#c9a27a", beige: "#e4d3b4",
  khaki: "#b9a67a", cream: "#f4ecd0", gold: "#d4af37", silver: "#c0c4cb", bronze: "#a0693a", "copper": "#b8733a", rust: "#a6461d",
  "skin": "#e8b99a", nude: "#e3bfa3", "multi": "conic-gradient", "rose": "#e0808f", "burgundy": "#6d1b2b", "mauve": "#b784a7", "steel": "#7a8594", "taupe": "#8b7f73",
};
const MULTI_COLOURS = ["#d0312d", "#f2c230", "#2e8b57", "#2f6fd0", "#7b3fb0"];

function productVisual(p) {
  const kind = KINDS.find(([re]) => re.test(p.articleType))?.[1] ?? "tag";
  const colour = COLOURS[(p.baseColour ?? "").toLowerCase()] ?? "#c9ccd4";
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 80 80");
  svg.setAttribute("class", "visual");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", [p.baseColour, p.articleType].filter(Boolean).join(" "));
  svg.dataset.kind = kind;
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", SHAPES[kind]);
  if (colour === "conic-gradient") {
    // Multi-coloured products: stripes of several colours.
    const defs = document.createElementNS(SVG, "defs");
    const grad = document.createElementNS(SVG, "linearGradient");
    grad.id = `multi-${p.id}`;
    MULTI_COLOURS.forEach((c, i) => {
      for (const at of [i / MULTI_COLOURS.length, (i + 1) / MULTI_COLOURS.length]) {
        const stop = document.createElementNS(SVG, "stop");
        stop.setAttribute("offset", String(at));
        stop.setAttribute("stop-color", c);
        grad.append(stop);
      }
    });
    defs.append(grad);
    svg.append(defs);
    path.setAttribute("fill", `url(#multi-${p.id})`);
  } else {
    path.setAttribute("fill", colour);
  }
  path.setAttribute("stroke", "#3a3f4b");
  path.setAttribute("stroke-width", "2");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

function productCard(p, wantedSize, offered) {
  const card = el("article", offered ? "product-card offered" : "product-card");
  card.dataset.productId = String(p.id);
  if (offered) {
    card.setAttribute("aria-current", "true");
    card.append(el("span", "offered-badge", "Offered to you"));
  }
  card.append(productVisual(p));
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
  if (p.rankReason) card.append(el("span", "why dev", `Why: ${p.rankReason}`));
  return card;
}

function orderCard(order) {
  const card = el("div", "order-card");
  card.dataset.orderId = order.orderId;
  card.append(el("strong", "", `Order ${order.orderId}`));
  card.append(el("div", "", `${order.quantity} × ${order.name}, size ${order.size}: ${money(order.total)}`));
  return card;
}

// A small-talk reply as the model writes it (bot_token events); the bot_message that follows replaces it.
let streaming = null;

function addBotToken(text) {
  if (!streaming) {
    streaming = el("div", "msg bot streaming", "");
    $("messages").append(streaming);
  }
  streaming.textContent += text;
  scrollDown();
}

function addBotMessage(m) {
  streaming?.remove();
  streaming = null;
  // While staff have the conversation the agent answers nothing: no empty bubble.
  if (!m.reply && !(m.products?.length > 0) && !m.order) return;
  const box = $("messages");
  const bubble = el("div", m.staff ? "msg bot staff" : "msg bot", m.reply);
  if (m.staff) bubble.append(el("span", "meta", "a member of our team"));
  else if (m.intent || m.state) bubble.append(el("span", "meta dev", [m.intent, m.state].filter(Boolean).join(" · ")));
  box.append(bubble);
  const products = m.action?.action === "load_product" ? m.action.data : m.products ?? [];
  // The offer stands for the newest cards only: older grids lose their mark.
  if (m.awaitingConfirmation) for (const old of box.querySelectorAll(".product-card.offered")) old.classList.remove("offered");
  if (products.length > 0) {
    const grid = el("div", "products");
    for (const p of products) grid.append(productCard(p, m.slots?.size, m.awaitingConfirmation && p.id === m.offeredProductId));
    box.append(grid);
  }
  if (m.order) box.append(orderCard(m.order));
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
    // Each order goes after the last message written before it was placed.
    const orders = [...(ack.orders ?? [])];
    const last = ack.history.length - 1;
    ack.history.forEach((m, i) => {
      while (orders.length > 0 && orders[0].createdAt < m.createdAt) $("messages").append(orderCard(orders.shift()));
      if (m.role === "user") addUserMessage(m.content);
      else addBotMessage({ reply: m.content, products: m.products ?? [], staff: m.staff, awaitingConfirmation: i === last && ack.awaitingConfirmation, offeredProductId: ack.offeredProductId });
    });
    for (const order of orders) $("messages").append(orderCard(order));
    $("offer").hidden = !ack.awaitingConfirmation;
    scrollDown();
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
  socket.on("bot_token", (m) => {
    if (m.chatId !== state.chatId) return;
    setActivity("");
    addBotToken(m.text);
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
  // Developer details (intent and graph node under replies, ranking reasons on cards) are off for shoppers.
  const dev = localStorage.getItem("developer-details") === "on";
  $("dev-toggle").checked = dev;
  document.body.classList.toggle("dev", dev);
  $("dev-toggle").addEventListener("change", () => {
    document.body.classList.toggle("dev", $("dev-toggle").checked);
    localStorage.setItem("developer-details", $("dev-toggle").checked ? "on" : "off");
  });
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
