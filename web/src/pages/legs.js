// A list of legs (/legs?country=&airport=&aircraft=&from=&to=&role=...): the
// legs behind a number. Filters pass to /api/legs as they are; "More" follows
// the API's cursor.
import * as api from "../api.js";
import { h, section, table } from "../dom.js";
import * as f from "../format.js";

const NAMES = { role: "role", country: "country", airport: "airport", aircraft: "aircraft", base: "base", operator: "operator",
  from: "landing on or after", to: "taking off on or before" };
const PAGE = 100;

export default async function legs(page, _params, url) {
  const filters = {};
  for (const [k, v] of url.searchParams) if (k !== "cursor" && v) filters[k] = v;
  const first = await api.legs({ ...filters, limit: PAGE, cursor: url.searchParams.get("cursor") ?? undefined });
  const said = Object.entries(filters).map(([k, v]) => `${NAMES[k] ?? k} ${k === "role" ? v.replace(/_/g, " ") : v}`);
  page.append(h("h1", null, "Legs"), h("p", { class: "lead" }, said.length ? `Legs with ${said.join(", ")}.` : "Every leg in the data.",
    " Times are UTC; an airport with ? was not observed."));
  const count = h("p", { class: "count" });
  const body = h("div");
  page.append(section("List", count, body));
  let shown = 0, cursor = first.next_cursor;
  const cols = [{ label: "leg" }, { label: "took off (UTC)" }, { label: "landed (UTC)" }, { label: "aircraft" }, { label: "from" }, { label: "to" },
    { label: "role" }, { label: "country" }, { label: "counted" }, { label: "itinerary" }];
  const rows = (ls) => ls.map((l) => [h("a", { href: `/leg/${l.leg_id}` }, String(l.leg_id)), f.time(l.takeoff_time ?? null), f.time(l.landing_time ?? null),
    h("a", { href: `/aircraft/${l.icao}` }, l.registration || l.icao), f.airport(l.origin, l.likely_origin), f.airport(l.destination, l.likely_destination),
    f.role(l.role), l.country ? h("a", { href: `/country/${l.country}` }, l.country) : "", l.counted === true ? "yes" : l.counted === false ? "no" : f.unknown(),
    l.itinerary_id ? h("a", { href: `/itinerary/${l.itinerary_id}` }, "open") : f.unknown()]);
  const wrap = table(cols, rows(first.legs ?? []), { caption: "Legs", empty: "No legs match." });
  body.append(wrap);
  const tbody = wrap.querySelector("tbody");
  shown = (first.legs ?? []).length;
  const more = h("button", { type: "button", class: "more" }, "More");
  const say = () => { count.textContent = `${f.numText(shown)} ${shown === 1 ? "leg" : "legs"} shown${cursor ? "; there are more" : ""}.`; more.hidden = !cursor; };
  more.addEventListener("click", async () => {
    more.disabled = true;
    try {
      const next = await api.legs({ ...filters, limit: PAGE, cursor });
      for (const r of rows(next.legs ?? [])) tbody.append(h("tr", null, r.map((c) => h("td", null, c))));
      shown += (next.legs ?? []).length;
      cursor = next.next_cursor;
    } catch (e) {
      body.append(h("p", { class: "error" }, `More legs could not be read: ${e.message}`));
    }
    more.disabled = false;
    say();
  });
  body.append(more);
  say();
  return "Legs";
}
