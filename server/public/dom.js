// DOM helpers the chat page and the operator page share. Text always goes in with textContent,
// never parsed as HTML.
export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}
