// Page routes are real URLs (permalinks): links are ordinary <a href>, and a
// click on one is turned into history.pushState and a render, so the page
// does not reload. Everything under /api/ and /static/ is left to the browser.
const routes = [];
let render = null;

export function route(pattern, page) {
  routes.push({ pattern, page });
}

function match(pathname) {
  for (const r of routes) {
    const m = pathname.match(r.pattern);
    if (m) return { page: r.page, params: m.slice(1).map(decodeURIComponent) };
  }
  return null;
}

export function navigate(url, { replace = false } = {}) {
  const u = new URL(url, location.href);
  if (u.origin !== location.origin) { location.href = u.href; return; }
  if (replace) history.replaceState(null, "", u.pathname + u.search + u.hash);
  else history.pushState(null, "", u.pathname + u.search + u.hash);
  return show(true);
}

async function show(moved) {
  const u = new URL(location.href);
  const m = match(u.pathname);
  await render(m, u, moved);
}

export function start(onRender) {
  render = onRender;
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest?.("a");
    if (!a || a.hasAttribute("download") || a.target) return;
    const href = a.getAttribute("href");
    if (!href || !href.startsWith("/") || href.startsWith("//")) return;
    const u = new URL(href, location.href);
    if (u.pathname.startsWith("/api/") || u.pathname.startsWith("/static/")) return;
    if (u.pathname === location.pathname && u.search === location.search && u.hash) return; // in-page anchor
    e.preventDefault();
    navigate(u.href);
  });
  addEventListener("popstate", () => show(false));
  return show(false);
}
