// Search (/search?q=): registration, address, callsign, airport or country;
// the results are links.
import * as api from "../api.js";
import { h } from "../dom.js";

export default async function search(page, _params, url) {
  const q = (url.searchParams.get("q") ?? "").trim();
  page.append(h("h1", null, q ? `Search: ${q}` : "Search"));
  if (!q) {
    page.append(h("p", null, "Type a registration (N807SK), an address (a8f007), a callsign, an airport (ZYTX) or a country (CN) in the box above."));
    return "Search";
  }
  const r = await api.search(q);
  const results = r.results ?? [];
  page.append(results.length
    ? h("ul", { class: "results" }, results.map((x) => h("li", null, h("span", { class: "kind" }, x.kind), " ",
      x.url?.startsWith("/") ? h("a", { href: x.url }, x.label) : x.label)))
    : h("p", { class: "empty" }, `Nothing found for “${q}”.`));
  return `Search: ${q}`;
}
