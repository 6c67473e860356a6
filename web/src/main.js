// The dashboard's entry: the page routes, the header's search box, the footer
// (what data, who is counted) and how a page is put on screen.
import { h, clear, stopDrawing, leavePage } from "./dom.js";
import { route, start, navigate } from "./router.js";
import { overview as getOverview, ApiError } from "./api.js";
import { dayName } from "./format.js";
import overview from "./pages/overview.js";
import country from "./pages/country.js";
import aircraft from "./pages/aircraft.js";
import itinerary from "./pages/itinerary.js";
import leg from "./pages/leg.js";
import legs from "./pages/legs.js";
import search from "./pages/search.js";
import live from "./pages/live.js";

route(/^\/$/, overview);
route(/^\/month\/(\d{4}-\d{2})\/?$/, overview);
route(/^\/country\/([A-Za-z]{2})\/?$/, country);
route(/^\/aircraft\/([^/]+)\/?$/, aircraft);
route(/^\/itinerary\/([^/]+)\/?$/, itinerary);
route(/^\/leg\/([^/]+)\/?$/, leg);
route(/^\/legs\/?$/, legs);
route(/^\/search\/?$/, search);
route(/^\/live\/?$/, live);

const main = () => document.getElementById("main");
let seq = 0;

async function render(match, url, moved) {
  const n = ++seq;
  stopDrawing();
  leavePage();
  const box = clear(main());
  box.append(h("p", { class: "loading" }, "Loading…"));
  box.setAttribute("aria-busy", "true");
  const q = document.getElementById("q");
  if (q) q.value = url.pathname === "/search" ? url.searchParams.get("q") ?? "" : "";
  const page = h("div", { class: "page" });
  let title;
  try {
    if (!match) throw new ApiError(404, `There is no page at ${url.pathname}.`);
    title = await match.page(page, match.params, url);
  } catch (e) {
    if (n !== seq) return;
    clear(page).append(h("h1", null, e instanceof ApiError && e.status === 404 ? "Not found" : "Something went wrong"),
      h("p", { class: "error" }, e.message, e.parameter ? ` (parameter: ${e.parameter})` : ""),
      h("p", null, h("a", { href: "/" }, "Back to the overview")));
    title = "Not found";
    if (!(e instanceof ApiError)) console.warn(e); // a bug in a page: visible to whoever debugs it
  }
  if (n !== seq) return; // a later navigation won
  clear(box).append(page);
  box.removeAttribute("aria-busy");
  document.title = title ? `${title} · skywitness` : "skywitness";
  if (url.hash) document.getElementById(url.hash.slice(1))?.scrollIntoView();
  else if (moved) { scrollTo(0, 0); box.focus({ preventScroll: true }); }
}

async function footer() {
  const f = document.getElementById("footer");
  try {
    const o = await getOverview();
    clear(f).append(
      h("p", null, `Data from ${dayName(o.data?.first ?? "?")} to ${dayName(o.data?.last ?? "?")}. Times are UTC. Profile ${o.profile ?? "unknown"}.`),
      h("p", null, h("strong", null, "Who is counted: "), o.scope ?? "unknown"),
      h("p", { class: "small" }, "Seats are an upper bound on the people aboard, not a count of them. Airports marked with ? were not observed: they are the most likely of the candidates shown. ",
        "Country shapes: Natural Earth. Every number links to the legs behind it; the JSON API is at ", h("a", { href: "/api/openapi.json" }, "/api/openapi.json"), "."));
  } catch (e) {
    clear(f).append(h("p", { class: "error" }, `The data range could not be read: ${e.message}`));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.search");
  form?.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new FormData(form).get("q")?.toString().trim();
    if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
  });
  footer();
  start(render);
});
