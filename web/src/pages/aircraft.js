// One aircraft (/aircraft/HEX or a registration): what it is, why it is
// counted, the days it flew as a calendar, each day's legs with their times,
// and its legs on a map.
import * as api from "../api.js";
import { h, section, table, facts } from "../dom.js";
import { map } from "../map.js";
import * as f from "../format.js";
import { seats } from "./country.js";

const day = (l) => String(l.takeoff_time ?? l.first_seen ?? l.landing_time ?? l.last_seen ?? "").slice(0, 10);

export default async function aircraft(page, [id]) {
  const a = await api.aircraft(id);
  const legs = [...(a.legs ?? [])].sort((x, y) => (x.takeoff_time ?? x.first_seen ?? "").localeCompare(y.takeoff_time ?? y.first_seen ?? ""));
  const label = a.registration || a.icao;
  page.append(h("h1", null, `${label}${a.type ? `, ${a.type}` : ""}`));
  page.append(facts([
    ["address", h("code", null, a.icao ?? "unknown")],
    ["registration", a.registration || f.unknown()],
    ["type", a.type || f.unknown()],
    ["seats", f.known(a.seats) ? [f.num(a.seats), " in the type's typical layout, at most ", f.num(a.seats_max)] : f.unknown()],
    ["operator", operator(a)],
    a.registered_in ? ["registered in", a.registered_in] : null,
    ["counted", a.counted_because ? a.counted_because : f.unknown("not counted in the totals")],
    ["seen", [f.time(a.first_seen), " to ", f.time(a.last_seen)]],
    ["legs", f.legsLink(legs.length, { aircraft: a.icao })],
  ]));

  // The days it flew: the API's `days` (each with its legs' ids) where given.
  const byDay = new Map();
  const byId = new Map(legs.map((l) => [l.leg_id, l]));
  if (Array.isArray(a.days)) {
    for (const d of a.days) byDay.set(d.date, (d.legs ?? []).map((id) => byId.get(id)).filter(Boolean));
  } else {
    for (const l of legs) {
      const d = day(l);
      if (!byDay.has(d)) byDay.set(d, []);
      byDay.get(d).push(l);
    }
  }
  page.append(section("Days with legs", calendar(a.icao, byDay)));
  page.append(section("Legs by day",
    table([{ label: "day" }, { label: "legs", num: true }, { label: "legs, with their times (UTC)", wide: true }, { label: "removal to" }],
      [...byDay].map(([d, ls]) => [h("time", { datetime: d }, d), f.legsLink(ls.length, { aircraft: a.icao, from: d, to: d }),
        h("span", null, ls.map((l, i) => [i ? " · " : "", h("a", { href: `/leg/${l.leg_id}` }, legText(l))])),
        [...new Set(ls.filter((l) => l.role === "removal" && l.country).map((l) => l.country))].map((c, i) =>
          [i ? ", " : "", h("a", { href: `/country/${c}` }, c)])]),
      { caption: "Legs by day", empty: "No legs of this aircraft in the data." })));

  const its = a.itineraries ?? [];
  page.append(section("Itineraries",
    table([{ label: "start (UTC)" }, { label: "end (UTC)" }, { label: "base" }, { label: "legs", num: true }, { label: "removal to" }, { label: "back at base" }, { label: "itinerary" }],
      its.map((i) => [f.time(i.start), f.time(i.end), f.airport(i.base), f.num(i.legs),
        (i.countries ?? []).length ? i.countries.map((c, k) => [k ? ", " : "", h("a", { href: `/country/${c}` }, c)]) : "none",
        i.back_at_base === true ? "yes" : i.back_at_base === false ? "no" : f.unknown(), h("a", { href: `/itinerary/${i.id}` }, "open")]),
      { caption: "Itineraries", empty: "No itineraries." })));

  const ap = await api.airportsOf(legs, its.map((i) => i.id));
  const lines = [], seen = new Map();
  for (const l of legs) {
    const o = ap[l.origin], d = ap[l.destination];
    if (o) seen.set(l.origin, o);
    if (d) seen.set(l.destination, d);
    if (o && d) lines.push({ coords: [[o.lon, o.lat], [d.lon, d.lat]], cls: l.role === "removal" ? "route removal" : "route",
      title: `${l.origin} to ${l.destination}, ${f.timeText(l.takeoff_time)}`, href: `/leg/${l.leg_id}` });
  }
  const unseen = legs.filter((l) => !l.origin || !l.destination).length;
  page.insertBefore(section("Map", map({
    title: `Legs of ${label}, airport to airport (red: removals)`, lines,
    points: [...seen].map(([c, p]) => ({ lon: p.lon, lat: p.lat, label: c, cls: "airport", title: `${c} ${p.name ?? ""}`, href: `/legs?airport=${c}&aircraft=${a.icao}` })),
    note: unseen ? `${unseen} legs with an end not observed are drawn on their itinerary's page.` : undefined,
  })), page.children[2]);
  return `${label}: aircraft`;
}

function operator(a) {
  const name = a.operator_label ?? a.operator_name, code = a.operator;
  if (!name && !code) return f.unknown();
  return name && code && name !== code ? `${name} (${code})` : name || code;
}

function legText(l) {
  const o = l.origin || (l.likely_origin ? `${l.likely_origin}?` : "?");
  const d = l.destination || (l.likely_destination ? `${l.likely_destination}?` : "?");
  return `${o} ${f.hhmm(l.takeoff_time)} → ${d} ${f.hhmm(l.landing_time)}`;
}

// One small month grid per month with legs (Monday first); a day with legs
// links to them. Months without legs in between are said in words.
function calendar(icao, byDay) {
  const months = [...new Set([...byDay.keys()].filter(Boolean).map((d) => d.slice(0, 7)))].sort();
  if (!months.length) return h("p", { class: "empty" }, "No legs.");
  const out = h("div", { class: "calendar" });
  months.forEach((m, i) => {
    if (i > 0 && f.nextMonth(months[i - 1]) !== m)
      out.append(h("p", { class: "gap" }, `no legs from ${f.monthName(f.nextMonth(months[i - 1]))} to ${f.monthName(f.nextMonth(m, -1))}`));
    const [y, mo] = m.split("-").map(Number);
    const first = (new Date(Date.UTC(y, mo - 1, 1)).getUTCDay() + 6) % 7;
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const cells = [...Array(first).fill(null), ...Array.from({ length: days }, (_, k) => k + 1)];
    const rows = [];
    for (let k = 0; k < cells.length; k += 7) rows.push(cells.slice(k, k + 7));
    out.append(h("table", { class: "month" },
      h("caption", null, f.monthName(m)),
      h("thead", null, h("tr", null, ["M", "T", "W", "T", "F", "S", "S"].map((d) => h("th", { scope: "col" }, d)))),
      h("tbody", null, rows.map((r) => h("tr", null, Array.from({ length: 7 }, (_, k) => {
        const n = r[k];
        if (!n) return h("td", null);
        const d = `${m}-${String(n).padStart(2, "0")}`;
        const ls = byDay.get(d);
        if (!ls) return h("td", null, String(n));
        const removal = ls.some((l) => l.role === "removal");
        return h("td", { class: removal ? "flew removal" : "flew" },
          h("a", { href: f.legsHref({ aircraft: icao, from: d, to: d }), title: `${d}: ${f.plural(ls.length, "leg")}${removal ? ", a removal" : ""}` }, String(n)));
      }))))));
  });
  out.append(h("p", { class: "small legend" }, h("span", { class: "key flew" }, "12"), " a day with legs ",
    h("span", { class: "key flew removal" }, "12"), " a day with a removal"));
  return out;
}
