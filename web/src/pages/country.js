// One destination country (/country/CC): flights and seats by month, the
// timeline's events as sentences, border encounters beside the flights, and
// the removal legs. The numbers are the timeline JSON's, as they are.
import * as api from "../api.js";
import { h, section, table } from "../dom.js";
import { barChart } from "../chart.js";
import * as f from "../format.js";

export default async function country(page, [code]) {
  const cc = code.toUpperCase();
  const t = await api.timeline(cc);
  const name = t.name || cc;
  const months = t.months ?? [];
  page.append(h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" },
    h("a", { href: "/" }, "Home"), " › ", h("a", { href: "/#countries" }, "Countries"), " › ", h("span", { "aria-current": "page" }, name)));
  page.append(h("h1", null, `Removal flights to ${name} (${cc})`));
  page.append(h("p", { class: "lead" },
    f.legsLink(t.flights, { counted_for: cc }), ` removal ${t.flights === 1 ? "flight" : "flights"} in the data`,
    t.flights ? [", ", f.num(t.seats_typical), " seats in the types' typical layouts (at most ", f.num(t.seats_max), "); the first on ",
      f.known(t.first) ? f.dayName(t.first) : f.unknown(), ", the last on ", f.known(t.last) ? f.dayName(t.last) : f.unknown()] : null, ". ",
    `Data from ${f.dayName(t.data?.first ?? "?")} to ${f.dayName(t.data?.last ?? "?")}.`));

  page.append(section("What happened", (t.events ?? []).length
    ? h("ul", { class: "events" }, t.events.map((e) => h("li", null, h("time", { datetime: e.date }, f.dayName(e.date)), ": ", f.capital(e.text), ".")))
    : h("p", { class: "empty" }, "No events: no removal flight to this country in the data.")));

  const hasEncounters = months.some((m) => f.known(m.encounters));
  const noData = (m) => m.coverage === "none";
  page.append(section("By month",
    barChart({
      title: `Removal flights to ${name} by month`, labels: "left", valueName: "flights",
      rows: months.map((m) => ({ label: m.month, value: m.flights, noData: noData(m),
        href: f.legsHref({ counted_for: cc, month: m.month }) })),
    }),
    hasEncounters ? barChart({
      title: `Border encounters of ${name}'s citizens by month (CBP)`, labels: "left", valueName: "encounters",
      rows: months.filter((m) => f.known(m.encounters)).map((m) => ({ label: m.month, value: m.encounters })),
    }) : h("p", { class: "small" }, "No border-encounter figures are loaded for this country (skywitness encounters imports them)."),
    table([{ label: "month" }, { label: "data", nowrap: true }, { label: "flights", num: true }, { label: "seats", num: true },
      { label: "seats at most", num: true }, { label: "inferred", num: true }, { label: "border encounters", num: true }],
    months.map((m) => [m.month, coverage(m),
      noData(m) ? f.unknown("no data") : f.legsLink(m.flights, { counted_for: cc, month: m.month }),
      noData(m) ? f.unknown("no data") : f.num(m.seats_typical), noData(m) ? f.unknown("no data") : f.num(m.seats_max),
      noData(m) ? f.unknown("no data") : f.num(m.inferred_flights),
      f.known(m.encounters) ? f.num(m.encounters) : f.unknown("no data")]),
    { caption: "By month" })));

  const legs = t.legs ?? [];
  page.append(section("Flights",
    table([{ label: "landed (UTC)" }, { label: "aircraft" }, { label: "from" }, { label: "to" }, { label: "seats", num: true },
      { label: "evidence", wide: true }, { label: "leg" }],
    legs.map((l) => [f.time(l.landing_time ?? l.last_seen), h("a", { href: `/aircraft/${l.icao}` }, l.registration || l.icao),
      f.airport(l.origin), f.airport(l.destination, l.guess?.airport ?? l.likely_destination), seats(l),
      l.evidence || f.unknown(), h("a", { href: `/leg/${l.leg_id}` }, String(l.leg_id))]),
    { caption: "Flights", empty: "No removal flight to this country in the data." })));
  const its = (await api.itineraries({ country: cc, limit: 500 }).catch(() => ({}))).itineraries ?? [];
  page.append(section("Itineraries",
    table([{ label: "started (UTC)" }, { label: "aircraft" }, { label: "stops", wide: true }, { label: "legs", num: true }, { label: "itinerary" }],
      its.map((i) => [f.time(i.start), h("a", { href: `/aircraft/${i.icao}` }, i.registration || i.icao),
        (i.stops ?? []).map((s) => s ?? "?").join(" › ") || f.unknown(), f.num(i.legs),
        h("a", { href: `/itinerary/${encodeURIComponent(i.id)}` }, "open")]),
      { caption: "Itineraries", empty: "No itinerary with a removal counted for this country." })));
  return `Removal flights to ${name}`;
}

function coverage(m) {
  if (m.coverage === "none") return f.unknown("none");
  if (m.coverage === "partial") return `partial (${f.numText(m.covered_days, 1)} days)`;
  return m.coverage ?? f.unknown();
}

export function seats(l) {
  if (!f.known(l.seats)) return f.unknown();
  return f.known(l.seats_max) && l.seats_max !== l.seats ? `${f.numText(l.seats)} (at most ${f.numText(l.seats_max)})` : f.numText(l.seats);
}
