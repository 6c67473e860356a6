// The overview of one month (/ is the latest, /month/YYYY-MM any): totals by
// role against the months before, removals by country, the routes on a map,
// and the rankings. Numbers come from the month's report JSON as they are,
// each linked to the /legs list whose total it is; the map places airports
// from the report's own `airports`.
import * as api from "../api.js";
import { h, section, table } from "../dom.js";
import { barChart } from "../chart.js";
import { map } from "../map.js";
import * as f from "../format.js";
import { navigate } from "../router.js";

export default async function overview(page, [month]) {
  const o = await api.overview();
  const m = month ?? o.latest_month;
  if (!m) {
    page.append(h("h1", null, "Removal flights"), h("p", { class: "empty" }, "The database holds no month with data."));
    return "Overview";
  }
  const r = await api.report(m);
  // The legs behind the report's numbers, each filter exactly the report's
  // figure (the API's tests check it): counted_for=any (every counted
  // removal, once per country per itinerary, in the month it landed), with
  // counted_for=CC a country's, with operator= or base= an operator's or a
  // hub's, with aircraft= one aircraft's; role=R&watched=true a role's.
  const range = { month: m };
  const removals = (more) => ({ counted_for: "any", ...more, ...range });

  page.append(h("h1", null, `Removal flights, ${f.monthName(m)}`), monthPicker(o, m));
  if (r.coverage && r.coverage !== "full")
    page.append(h("p", { class: "warning" }, `The data cover ${f.numText(r.covered_days, 1)} of the month's days: every count is a lower bound.`));

  const rem = r.removals ?? {};
  const nCountries = Object.keys(r.countries ?? {}).length;
  page.append(h("p", { class: "lead" },
    f.legsLink(rem.legs, removals(), "every removal counted this month"), ` removal ${rem.legs === 1 ? "flight" : "flights"} to ${f.plural(nCountries, "country", "countries")}, `,
    f.num(rem.seats_typical), " seats in the types' typical layouts (at most ", f.num(rem.seats_max), "). ",
    rem.inferred_legs ? [f.num(rem.inferred_legs), " of them landed unseen: their country is inferred. "] : null,
    rem.seats_unknown_legs ? [f.num(rem.seats_unknown_legs), " with seats unknown. "] : null,
    baselineText(r)));

  // Totals by role, against the baseline months.
  const base = (r.baseline_months ?? []).join(", ");
  page.append(section("Legs by role",
    h("p", null, `Each role against the average of the months before${base ? ` (${base})` : ""}: the legs of the counted aircraft landing this month, each count linked to its legs.`),
    table([{ label: "role" }, { label: "legs", num: true }, { label: "average before", num: true }, { label: "change", num: true }],
      Object.entries(r.roles ?? {}).map(([k, v]) => [f.role(v.label ?? k), f.legsLink(v.legs, { role: k, watched: "true", ...range }, `the ${String(k).replace(/_/g, " ")} legs of the counted aircraft this month`),
        f.num(v.baseline_average_legs, 1), f.change(v.legs, v.baseline_average_legs)]),
      { caption: `Legs by role, ${f.monthName(m)}` })));

  // Removals by country: chart and table.
  const countries = Object.entries(r.countries ?? {}).sort((a, b) => b[1].legs - a[1].legs);
  const countriesSection = section("Removal flights by country",
    barChart({
      title: `Removal flights by destination country, ${f.monthName(m)}`,
      rows: countries.map(([cc, c]) => ({ label: `${cc} ${c.label ?? ""}`, value: c.legs, compare: c.baseline_average_legs,
        href: f.legsHref({ counted_for: cc, ...range }) })),
      compareName: base ? "average of the months before" : undefined,
    }),
    table([{ label: "country" }, { label: "flights", num: true }, { label: "seats", num: true }, { label: "seats at most", num: true },
      { label: "inferred", num: true }, { label: "average before", num: true }, { label: "border encounters", num: true }],
    countries.map(([cc, c]) => [h("a", { href: `/country/${cc}` }, `${cc} ${c.label ?? ""}`),
      f.legsLink(c.legs, { counted_for: cc, ...range }), f.num(c.seats_typical), f.num(c.seats_max),
      f.num(c.inferred_legs),
      f.num(c.baseline_average_legs, 1), c.encounters === null || c.encounters === undefined ? f.unknown("no data") : f.num(c.encounters)]),
    { caption: "By destination country", empty: "No removal flights this month." }));
  countriesSection.id = "countries";
  page.append(countriesSection);

  page.append(section("Routes", routesMap(r, m)));
  page.append(rankings(r, range, removals));

  if (r.candidates?.length)
    page.append(section("Aircraft to review",
      h("p", null, "Not counted: aircraft that fly like removal charters but are not among those counted. Each is a lead to check, not a finding."),
      table([{ label: "aircraft" }, { label: "type" }, { label: "score", num: true }, { label: "removals from hubs", num: true }, { label: "countries" }],
        r.candidates.map((c) => [h("a", { href: `/aircraft/${c.icao}` }, `${c.registration || c.icao}`), c.type || f.unknown(),
          f.num(c.score, 1), f.num(c.removals_from_hubs), (c.countries ?? []).join(", ") || f.unknown("none")]))));
  if (r.caveats?.length) page.append(section("How to read these numbers", h("ul", { class: "caveats" }, r.caveats.map((c) => h("li", null, c)))));
  return `Removal flights, ${f.monthName(m)}`;
}

function baselineText(r) {
  const b = r.removals?.baseline_average_legs, n = r.baseline_months?.length ?? 0;
  if (!n) return "No month before this one to compare with.";
  return [`Average of the ${f.plural(n, "month")} before: ${f.numText(b, 1)} (`, f.change(r.removals?.legs, b), ")."];
}

function monthPicker(o, m) {
  const months = (o.months ?? []).map((x) => x.month);
  const i = months.indexOf(m);
  const select = h("select", { id: "month", "aria-label": "Month",
    onchange: (e) => e.target.closest("form").requestSubmit() },
  months.map((x) => h("option", { value: x, selected: x === m }, `${f.monthName(x)} (${f.numText(o.months.find((y) => y.month === x)?.removal_flights)})`)));
  const form = h("form", { class: "month-picker", action: "/", method: "get",
    onsubmit: (e) => { e.preventDefault(); navigate(`/month/${select.value}`); } },
  i > 0 ? h("a", { href: `/month/${months[i - 1]}`, rel: "prev" }, `← ${months[i - 1]}`) : null,
  h("label", { for: "month" }, "Month "), select, h("noscript", null, h("button", null, "Show")),
  i >= 0 && i < months.length - 1 ? h("a", { href: `/month/${months[i + 1]}`, rel: "next" }, `${months[i + 1]} →`) : null);
  return h("nav", { "aria-label": "Months" }, form);
}

// Origin to destination of every removal leg of the month; an end not
// observed is drawn dashed to its most likely airport, labelled with a "?".
function routesMap(r, m) {
  const ap = r.airports ?? {}; // every airport the report names, with lat and lon
  const pos = (code) => (ap[code] && Number.isFinite(ap[code].lat) ? ap[code] : null);
  const lines = [], hubs = new Map(), dests = new Map(), others = new Map();
  let missing = 0;
  for (const l of r.removal_legs ?? []) {
    // The report names a guessed landing's best candidate as the destination
    // too: a leg with a guess did not land where it is drawn, as a fact.
    const guessed = Boolean(l.guess) || !l.destination, dest = l.guess?.airport || l.destination;
    const a = pos(l.origin), b = pos(dest);
    if (!a || !b) { missing++; continue; }
    lines.push({ coords: [[a.lon, a.lat], [b.lon, b.lat]], cls: guessed ? "route removal inferred" : "route removal",
      title: `${l.registration || l.icao} ${l.origin} to ${dest}${guessed ? "? (landing not seen)" : ""}, ${f.timeText(l.landing_time)}`,
      href: `/leg/${l.leg_id}` });
    hubs.set(l.origin, (hubs.get(l.origin) ?? 0) + 1);
    const k = guessed ? `${dest}?` : dest;
    dests.set(k, { code: dest, n: (dests.get(k)?.n ?? 0) + 1, guessed });
    // The other airports the unseen landing may have been at, with their share.
    if (guessed) for (const c of l.guess?.candidates ?? []) if (c.airport && c.airport !== dest && pos(c.airport) && !others.has(c.airport))
      others.set(c.airport, { ...pos(c.airport), label: `${c.airport}? ${f.share(c.share)}`, cls: "candidate", rank: c.share ?? 0, r: 3,
        title: `${c.airport} ${ap[c.airport]?.name ?? ""}: a candidate for the unseen landing of ${l.registration || l.icao}, ${f.share(c.share)} of the evidence`,
        href: `/leg/${l.leg_id}` });
  }
  const points = [
    ...[...hubs].map(([c, n]) => ({ ...pos(c), label: c, cls: "hub", rank: n + 1000, r: 5,
      title: `${c} ${ap[c]?.name ?? ""}: ${n} removal legs took off here`, href: f.legsHref({ counted_for: "any", airport: c, month: m }) })),
    ...[...dests].map(([k, d]) => ({ ...pos(d.code), label: k, cls: d.guessed ? "candidate" : "destination", rank: d.n, r: 5,
      title: `${k} ${ap[d.code]?.name ?? ""}: ${d.n} removal legs ${d.guessed ? "probably " : ""}landed here`,
      href: r.airports?.[d.code]?.country ? f.legsHref({ counted_for: r.airports[d.code].country, airport: d.code, month: m }) : undefined })),
    ...[...others].filter(([c]) => !dests.has(c) && !dests.has(`${c}?`) && !hubs.has(c)).map(([, p]) => p),
  ];
  const shade = [...new Set(Object.values(r.countries ?? {}).map((c) => c.label))];
  return map({ title: `Removal routes, ${f.monthName(m)}: where each removal leg took off (dark) and landed (red); dashed: the landing was not seen`, lines, points, shade,
    note: missing ? `${missing} legs are not drawn: their airports have no known position.` : undefined });
}

function rankings(r, range, removals) {
  const ap = r.airports ?? {};
  const dests = new Map(), planes = new Map();
  for (const l of r.removal_legs ?? []) {
    const k = l.guess?.airport ? `${l.guess.airport}?` : l.destination || "unknown";
    dests.set(k, (dests.get(k) ?? 0) + 1);
    const p = planes.get(l.icao) ?? { l, n: 0 };
    p.n++;
    planes.set(l.icao, p);
  }
  const top = (mp) => [...mp].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(b[0]));
  const hubs = Object.entries(r.hubs ?? {}).sort((a, b) => b[1].legs - a[1].legs);
  const ops = Object.entries(r.operators ?? {}).sort((a, b) => b[1].legs - a[1].legs);
  return h("section", null, h("h2", null, "Rankings"), h("div", { class: "columns rankings" },
    h("div", null, h("h3", null, "Top destinations"), table([{ label: "airport" }, { label: "removals", num: true }],
      top(dests).map(([k, n]) => {
        const code = k.replace(/\?$/, "");
        const name = ap[code] ? `${ap[code].city || ap[code].name}` : "";
        return [k.endsWith("?") ? [h("span", { class: "guess" }, k), " ", name, " (not seen)"] : [f.airport(code), " ", name],
          ap[code]?.country ? f.legsLink(n, { counted_for: ap[code].country, airport: code, ...range }) : f.num(n)];
      }), { label: "Top destinations" })),
    h("div", null, h("h3", null, "Most active aircraft"), table([{ label: "aircraft" }, { label: "type" }, { label: "removals", num: true }],
      top(new Map([...planes].map(([k, v]) => [k, v.n]))).slice(0, 10).map(([icao, n]) => {
        const l = planes.get(icao).l;
        return [h("a", { href: `/aircraft/${icao}` }, l.registration || icao), l.type || f.unknown(),
          f.legsLink(n, removals({ aircraft: icao }), `the removals of ${l.registration || icao} this month`)];
      }), { label: "Most active aircraft" })),
    h("div", null, h("h3", null, "Hubs"), h("p", { class: "small" }, "The base each removal's trip started from."), table([{ label: "hub" }, { label: "removals", num: true }, { label: "seats", num: true }],
      hubs.map(([c, v]) => [[f.airport(c), ` ${v.label ?? ""}`], f.legsLink(v.legs, removals({ base: c }), `the removals of trips from ${c} this month`), f.num(v.seats_typical)]),
      { label: "Hubs" })),
    h("div", null, h("h3", null, "Operators"), table([{ label: "operator" }, { label: "removals", num: true }, { label: "seats", num: true }],
      ops.map(([c, v]) => [`${v.label || c}${c && v.label && c !== v.label ? ` (${c})` : ""}`,
        f.legsLink(v.legs, removals({ operator: c }), `the removals flown by ${c} this month`), f.num(v.seats_typical)]),
      { label: "Operators" }))));
}
