// One leg (/leg/ID): its two ends and how each is known, the evidence (the
// inputs its positions came from), its track on a map, and the downloads.
import * as api from "../api.js";
import { h, section, table, facts } from "../dom.js";
import { map } from "../map.js";
import * as f from "../format.js";
import { downloads } from "./itinerary.js";
import { seats } from "./country.js";

export default async function leg(page, [id]) {
  const d = await api.leg(id);
  const l = d.leg ?? {};
  const ev = d.evidence ?? {};
  const a = d.aircraft ?? {};
  const label = a.registration || l.registration || l.icao;
  const endCode = (end) => l[end] || null;
  // An end (the API's ends.origin / ends.destination): airport, how, evidence,
  // time, window, why, place (the airport, with lat and lon) and guess.
  const endOf = (end) => d.ends?.[end] ?? {};
  const guessOf = (end) => endOf(end).guess ?? l[`${end}_guess`] ?? (end === "destination" ? l.guess : null) ?? null;
  const guess = (end) => guessOf(end)?.airport ?? l[`likely_${end}`] ?? null;
  const stop = (end) => endCode(end) ?? (guess(end) ? `${guess(end)}?` : "?");

  page.append(h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" }, h("a", { href: "/" }, "Home"), " › ",
    h("a", { href: `/aircraft/${l.icao}` }, label), " › ",
    d.itinerary_id ?? l.itinerary_id ? [h("a", { href: `/itinerary/${d.itinerary_id ?? l.itinerary_id}` }, "itinerary"), " › "] : "",
    h("span", { "aria-current": "page" }, `leg ${l.leg_id ?? id}`)));
  page.append(h("h1", null, `Leg ${l.leg_id ?? id}: ${label}, ${stop("origin")} → ${stop("destination")}`));
  page.append(facts([
    ["aircraft", [h("a", { href: `/aircraft/${l.icao}` }, label), a.type ? `, ${a.type}` : "", a.operator_name ? `, ${a.operator_name}` : "", " (", h("code", null, l.icao ?? "?"), ")"]],
    ["callsign", l.callsign || f.unknown()],
    ["role", [f.role(l.role), l.country ? [" to ", h("a", { href: `/country/${l.country}` }, l.country)] : "", l.counted === false ? " (not counted)" : l.counted ? " (counted)" : ""]],
    ["reason", l.reason || f.unknown()],
    ["seats", f.known(a.seats ?? l.seats) ? seats({ seats: a.seats ?? l.seats, seats_max: a.seats_max ?? l.seats_max }) : f.unknown()],
    ["positions", [f.num(l.positions ?? ev.positions?.length ?? ev.position_count), " recorded: ", downloads(l.leg_id ?? id)]],
  ]));
  page.append(section("The two ends", table([{ label: "end" }, { label: "airport" }, { label: "time (UTC)" }, { label: "how known" }, { label: "why" }],
    ["origin", "destination"].map((end) => {
      const e = { ...(ev[end] ?? {}), ...endOf(end) };
      const t = e.time ?? (end === "origin" ? l.takeoff_time : l.landing_time);
      const window = e.window ?? (end === "origin" ? l.takeoff_window : l.landing_window);
      const country = e.country ?? l[`${end}_country`];
      return [end === "origin" ? "takeoff" : "landing",
        [f.airport(endCode(end), guess(end)), e.place?.name ? ` ${e.place.name}` : "", country ? ` (${country})` : ""],
        f.known(t) ? f.time(t) : [f.unknown("not seen"), window ? [" (between ", f.time(window[0]), " and ", f.time(window[1]), ")"] : "",
          e.seen ? [", ", end === "origin" ? "first" : "last", " seen ", f.time(e.seen)] : ""],
        f.how(e.how ?? l[`${end}_how`], e.evidence ?? l[`${end}_evidence`]), e.why || guessOf(end)?.reason || f.unknown()];
    }), { caption: "The two ends" })));

  for (const end of ["origin", "destination"]) {
    const g = guessOf(end), cands = g?.candidates ?? [];
    if (!cands.length) continue;
    page.append(section(end === "origin" ? "Where it took off: candidates" : "Where it landed: candidates",
      h("p", null, g?.reason ? f.capital(g.reason) + "." : "Not observed; these airports fit."),
      table([{ label: "airport" }, { label: "name" }, { label: "country" }, { label: "share", num: true }, { label: "evidence", wide: true }],
        cands.map((c) => [h("span", { class: "guess" }, `${c.airport}?`), c.name || f.unknown(), c.country || f.unknown(), f.share(c.share), c.evidence || f.unknown()]),
        { caption: "Candidates" })));
  }

  const track = (d.track ?? []).map((p) => [p[0], p[1]]);
  const lines = track.length >= 2 ? [{ coords: track, cls: "observed", title: "observed track" }] : [];
  const points = [];
  for (const end of ["origin", "destination"]) {
    const e = endOf(end), p = e.place ?? {};
    if (Number.isFinite(p.lat)) points.push({ lon: p.lon, lat: p.lat, label: endCode(end) ?? e.airport, cls: "airport", title: `${endCode(end) ?? ""} ${p.name ?? ""}` });
    for (const c of guessOf(end)?.candidates ?? []) {
      if (!Number.isFinite(c.lat)) continue;
      points.push({ lon: c.lon, lat: c.lat, label: `${c.airport}? ${f.share(c.share)}`, cls: "candidate", r: 3 + 4 * Math.sqrt(c.share ?? 0), rank: c.share - 1,
        title: `${c.airport} ${c.name ?? ""}: a candidate, ${f.share(c.share)} of the evidence` });
      const at = end === "destination" ? track.at(-1) : track[0];
      if (at) lines.push({ coords: end === "destination" ? [at, [c.lon, c.lat]] : [[c.lon, c.lat], at], cls: "inferred", title: `${c.airport}? not observed` });
    }
  }
  page.append(section("Map", map({ title: `Leg ${l.leg_id ?? id}: the observed track (solid) and, where an end was not seen, the candidates (dashed)`, lines, points })));

  page.append(section("Evidence",
    h("p", null, "First seen ", f.time(ev.first_seen), ", last seen ", f.time(ev.last_seen), ". The positions came from these inputs:"),
    table([{ label: "input" }, { label: "member" }, { label: "positions", num: true }],
      (ev.sources ?? []).map((s) => [h("code", null, s.input), s.member || "", f.num(s.positions)]), { caption: "Sources", empty: "No sources recorded." }),
    h("p", { class: "small" }, "The same from the command line: ", h("code", null, `skywitness evidence --db DB ${l.leg_id ?? id}`))));
  return `Leg ${l.leg_id ?? id}, ${label}`;
}
