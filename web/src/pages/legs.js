// A list of legs (/legs?counted_for=&role=&watched=&operator=&base=&aircraft=
// &country=&airport=&month=&from=&to=...): the legs behind a number. Filters
// pass to /api/legs as they are; the heading says in words what list it is
// and how many legs it holds (the API's total); "More" follows the cursor.
import * as api from "../api.js";
import { h, section, table } from "../dom.js";
import * as f from "../format.js";

const PAGE = 100;

// What list the filters make, in words: "Counted removals of operator GXA in
// March 2024". names: country code -> name; reg: the aircraft's registration.
export function describe(filters, { names = {}, reg } = {}) {
  const q = { ...filters };
  const take = (k) => { const v = q[k]; delete q[k]; return v; };
  const country = (cc) => (names[cc.toUpperCase()] ? `${names[cc.toUpperCase()]} (${cc.toUpperCase()})` : cc.toUpperCase());
  const cf = take("counted_for"), role = take("role"), counted = take("counted");
  let what;
  if (cf) what = cf.toLowerCase() === "any" ? "Counted removals" : `Counted removals to ${country(cf)}`;
  else if (role === "none") what = "Legs in no itinerary";
  else if (role) what = `${f.capital(f.role(role))} legs`;
  else if (counted === "true") what = "Legs counted as removals";
  else if (counted === "false") what = "Legs not counted as removals";
  else what = "Legs";
  const parts = [what];
  if (cf && role) parts.push(`with the role ${f.role(role)}`);
  if ((cf || role) && counted) parts.push(counted === "true" ? "counted as removals" : "not counted as removals");
  const watched = take("watched");
  if (watched === "true") parts.push("of the counted aircraft");
  else if (watched === "false") parts.push("of aircraft not counted");
  const aircraft = take("aircraft");
  if (aircraft) parts.push(`of ${reg && reg.toUpperCase() !== aircraft.toUpperCase() ? `${reg} (${aircraft})` : aircraft}`);
  const op = take("operator");
  if (op) parts.push(op.toLowerCase() === "unknown" ? "of an unknown operator" : `of operator ${op}`);
  const b = take("base");
  if (b) parts.push(`on trips from the base ${b}`);
  const ap = take("airport");
  if (ap) parts.push(`with an end at ${ap}`);
  const cc = take("country");
  if (cc) parts.push(`with an end in ${country(cc)}`);
  const month = take("month");
  if (month) parts.push(`in ${f.monthName(month)}`);
  const from = take("from"), to = take("to");
  if (from && to && from === to) parts.push(`on ${f.dayName(from)}`);
  else {
    if (from) parts.push(`landing on or after ${from}`);
    if (to) parts.push(`taking off on or before ${to}`);
  }
  delete q.limit;
  for (const [k, v] of Object.entries(q)) parts.push(`with ${k} ${v}`);
  return parts.join(" ");
}

export default async function legs(page, _params, url) {
  const filters = {};
  for (const [k, v] of url.searchParams) if (k !== "cursor" && k !== "limit" && v) filters[k] = v;
  const first = await api.legs({ ...filters, limit: PAGE, cursor: url.searchParams.get("cursor") ?? undefined });
  const cc = filters.counted_for ?? filters.country;
  const o = cc && cc.toLowerCase() !== "any" ? await api.overview().catch(() => ({})) : {};
  const names = Object.fromEntries((o.countries ?? []).map((c) => [c.country, c.name]));
  const reg = filters.aircraft ? (first.legs ?? []).find((l) => l.registration)?.registration : undefined;
  const said = describe(filters, { names, reg });
  const total = first.total;
  page.append(h("h1", null, `${said}: ${f.known(total) ? f.plural(total, "leg") : "legs"}`),
    h("p", { class: "lead" }, filters.counted_for
      ? "Each removal the report counts for these filters, once per country per trip, in the month it landed (an unseen landing by its guessed time). "
      : "", "Times are UTC; an airport with ? was not observed."));
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
  const say = () => {
    count.textContent = f.known(total) && shown < total ? `${f.numText(shown)} of ${f.plural(total, "leg")} shown.`
      : `${f.plural(shown, "leg")}${cursor ? " shown; there are more" : ""}.`;
    more.hidden = !cursor;
  };
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
  return said;
}
