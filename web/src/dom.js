// Building DOM nodes without innerHTML, so nothing from the data is ever
// parsed as markup and no inline style can slip in (the server's CSP forbids it).
const SVG = "http://www.w3.org/2000/svg";

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "style") throw new Error("inline style is forbidden by the CSP: use a class");
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k === "className" ? "class" : k, v === true ? "" : String(v));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// h("a", {href: "/x", class: "y"}, "text", child...)
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG, tag), attrs, children);

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

// A section with a heading (h2) and its content.
export const section = (title, ...content) => h("section", null, h("h2", null, title), ...content);

// A table that scrolls inside its own box on a narrow screen. columns:
// [{label, num?}], rows: arrays of cell content (strings, numbers or nodes).
export function table(columns, rows, { caption, label, empty = "none" } = {}) {
  if (!rows.length) return h("p", { class: "empty" }, empty);
  const t = h("table", null,
    caption ? h("caption", null, caption) : null,
    h("thead", null, h("tr", null, columns.map((c) => h("th", { class: c.num ? "n" : null, scope: "col" }, c.label)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((cell, i) =>
      h("td", { class: columns[i]?.num ? "n" : columns[i]?.wide ? "wide" : columns[i]?.nowrap ? "nowrap" : null }, cell))))));
  if (label && !caption) t.setAttribute("aria-label", label);
  return h("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption ?? label ?? "table" }, t);
}

// A definition list from [term, value] pairs.
export const facts = (pairs) => h("dl", { class: "facts" },
  pairs.filter(Boolean).map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));

// Charts and maps are drawn at their box's width in pixels (so their text is
// drawn at its real size) and redrawn when that width changes.
let observers = [];
export function drawAtWidth(box, draw) {
  let last = -1;
  const ro = new ResizeObserver(() => {
    const w = Math.floor(box.clientWidth);
    if (w > 0 && w !== last) { last = w; draw(w); }
  });
  ro.observe(box);
  observers.push(ro);
}
export function stopDrawing() {
  for (const ro of observers) ro.disconnect();
  observers = [];
}

// What a page holds open (the live page's event stream) is closed when the
// reader leaves it: main.js calls leavePage() before each render.
let leaving = [];
export const onLeave = (fn) => { leaving.push(fn); };
export function leavePage() {
  for (const fn of leaving.splice(0)) {
    try { fn(); } catch (e) { console.warn(e); }
  }
}
