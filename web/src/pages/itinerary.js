// One itinerary (/itinerary/ID): from a base until back at one. Its legs on a
// map (observed tracks solid, inferred parts dashed, the candidate airports
// of an unobserved stop with their share), a table of the legs with role,
// reason, seats and how each end is known, related itineraries, downloads.
import * as api from "../api.js";
import { h, section, table, facts } from "../dom.js";
import { map } from "../map.js";
import * as f from "../format.js";

// The dashed segments of a leg: `inferred_segments`, or `inferred` when it is
// a list (the boolean `inferred` says whether the leg's country is inferred).
// Each is {end, airport, share, line: [[lon, lat], [lon, lat]]} (or a bare line).
const segments = (l) => (Array.isArray(l.inferred_segments) ? l.inferred_segments : Array.isArray(l.inferred) ? l.inferred : [])
  .map((x) => (Array.isArray(x) ? { line: x } : x)).filter((x) => Array.isArray(x?.line));
const countryInferred = (l) => l.inferred === true || l.country_inferred === true;

export default async function itinerary(page, [id]) {
  const it = await api.itinerary(id);
  const legs = it.legs ?? [];
  const ap = it.airports ?? {};
  const o = await api.overview().catch(() => ({}));
  const names = Object.fromEntries((o.countries ?? []).map((c) => [c.country, c.name]));
  const countries = [...new Set(legs.filter((l) => l.role === "removal" && l.country).map((l) => l.country))];
  const label = it.registration || it.icao;
  const start = legs[0]?.takeoff_time ?? legs[0]?.first_seen, end = legs.at(-1)?.landing_time ?? legs.at(-1)?.last_seen;

  // An unobserved stop: the landing of one leg and the takeoff of the next
  // were not seen. The guess rides on the leg that lost the aircraft.
  const ends = legs.map((l, i) => ({
    origin: l.origin || null, originGuess: l.origin ? null : (l.origin_guess?.airport ?? l.likely_origin ?? (legs[i - 1] && !legs[i - 1].destination ? legs[i - 1].guess?.airport ?? legs[i - 1].likely_destination : null)),
    destination: l.destination || null, destinationGuess: l.destination ? null : (l.guess?.airport ?? l.likely_destination ?? null),
  }));
  const stopText = (code, guess) => code || (guess ? `${guess}?` : "?");
  const route = [stopText(ends[0]?.origin, ends[0]?.originGuess), ...ends.map((e) => stopText(e.destination, e.destinationGuess))].join(" › ");

  if (countries.length)
    page.append(h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" }, h("a", { href: "/" }, "Home"), " › ",
      h("a", { href: "/#countries" }, "Countries"), " › ",
      countries.map((c, i) => [i ? ", " : "", h("a", { href: `/country/${c}` }, names[c] ?? c)]), " › ",
      h("span", { "aria-current": "page" }, "this itinerary")));
  page.append(h("h1", null, `${label}: ${route}`));
  page.append(facts([
    ["aircraft", [h("a", { href: `/aircraft/${it.icao}` }, label), it.type ? `, ${it.type}` : "", " (", h("code", null, it.icao ?? "?"), ")"]],
    ["seats", f.known(it.seats) ? [f.num(it.seats), " in the type's typical layout, at most ", f.num(it.seats_max), ": an upper bound on the people aboard"] : f.unknown()],
    ["counted", it.counted_because || f.unknown("not counted")],
    ["from", [f.time(start), " at the base ", f.airport(it.base)]],
    ["to", [f.time(end), it.back_at_base === true ? ", back at the base" : it.back_at_base === false ? ", not back at a base in the data" : ""]],
    ["removal to", countries.length ? countries.map((c, i) => [i ? ", " : "", h("a", { href: `/country/${c}` }, `${names[c] ?? c} (${c})`)]) : "none"],
  ]));

  // The map.
  const lines = [], points = new Map();
  const addPoint = (code, cls, extra = {}) => {
    const a = ap[code];
    if (!a || !Number.isFinite(a.lat) || points.has(code)) return;
    points.set(code, { lon: a.lon, lat: a.lat, label: code, cls, title: `${code} ${a.name ?? ""}`, href: `/legs?airport=${code}`, ...extra });
  };
  legs.forEach((l, i) => {
    const title = `${stopText(ends[i].origin, ends[i].originGuess)} to ${stopText(ends[i].destination, ends[i].destinationGuess)}`;
    if ((l.track ?? []).length >= 2) lines.push({ coords: l.track, cls: "observed", title: `${title}: observed track`, href: l.leg_id ? `/leg/${l.leg_id}` : undefined });
    else if (ap[l.origin] && ap[l.destination]) lines.push({ coords: [[ap[l.origin].lon, ap[l.origin].lat], [ap[l.destination].lon, ap[l.destination].lat]], cls: "route", title: `${title}: no track recorded` });
    for (const seg of segments(l)) lines.push({ coords: seg.line, cls: "inferred",
      title: `${title}: not observed${seg.airport ? `; to ${seg.airport}?, ${f.share(seg.share)} of the evidence` : ""}` });
    if (l.origin) addPoint(l.origin, l.origin === it.base ? "hub" : "airport");
    if (l.destination) addPoint(l.destination, l.role === "removal" ? "destination" : "airport");
  });
  const candidates = [];
  legs.forEach((l, i) => {
    for (const c of l.guess?.candidates ?? []) {
      candidates.push({ leg: l, index: i, ...c });
      if (!points.has(c.airport)) addPoint(c.airport, "candidate", { label: `${c.airport}? ${f.share(c.share)}`, rank: -1 + c.share,
        r: 3 + 4 * Math.sqrt(c.share ?? 0), title: `${c.airport} ${ap[c.airport]?.name ?? ""}: a candidate for the unseen landing, ${f.share(c.share)} of the evidence` });
    }
  });
  page.append(section("Map", map({ title: `The legs of ${label}: observed tracks solid, inferred parts dashed, candidate airports of an unseen stop with their share`,
    lines, points: [...points.values()], shade: [] })));

  // The legs, with what each end rests on (from each leg's evidence).
  const details = await Promise.all(legs.map((l) => (l.leg_id ? api.leg(l.leg_id).catch(() => null) : null)));
  const endEvidence = (l, d, end, i) => {
    const e = d?.evidence?.[end];
    const howKnown = l[`${end}_how`];
    if (howKnown === "observed") return [`observed: ${e?.why ?? l[`${end}_evidence`] ?? "seen"}`];
    const g = end === "destination" ? ends[i].destinationGuess : ends[i].originGuess;
    return [h("span", { class: "guess-text" }, `not observed${e?.why ? `: ${e.why}` : ""}`), g ? [" ", h("span", { class: "guess" }, `${g}?`), " most likely"] : ""];
  };
  page.append(section("Legs", table([
    { label: "leg" }, { label: "took off (UTC)" }, { label: "landed (UTC)" }, { label: "role" }, { label: "counted" },
    { label: "reason", wide: true }, { label: "seats", num: true }, { label: "takeoff known by", wide: true }, { label: "landing known by", wide: true }, { label: "positions" }],
  legs.map((l, i) => [
    l.leg_id ? h("a", { href: `/leg/${l.leg_id}` }, `${stopText(ends[i].origin, ends[i].originGuess)} → ${stopText(ends[i].destination, ends[i].destinationGuess)}`)
      : `${stopText(ends[i].origin, ends[i].originGuess)} → ${stopText(ends[i].destination, ends[i].destinationGuess)}`,
    f.known(l.takeoff_time) ? f.time(l.takeoff_time) : [f.unknown("not seen"), l.takeoff_window ? h("span", { class: "window" }, "between ", f.time(l.takeoff_window[0]), " and ", f.time(l.takeoff_window[1])) : ""],
    f.known(l.landing_time) ? f.time(l.landing_time) : [f.unknown("not seen"), l.landing_window ? h("span", { class: "window" }, "between ", f.time(l.landing_window[0]), " and ", f.time(l.landing_window[1])) : ""],
    [f.role(l.role), l.role === "removal" && l.country ? [" to ", h("a", { href: `/country/${l.country}` }, l.country), countryInferred(l) ? " (inferred)" : ""] : ""],
    l.counted ? "yes" : "no",
    l.reason || f.unknown(),
    f.known(it.seats) ? `${f.numText(it.seats)} (at most ${f.numText(it.seats_max)})` : f.unknown(),
    endEvidence(l, details[i], "origin", i), endEvidence(l, details[i], "destination", i),
    l.leg_id ? downloads(l.leg_id) : f.unknown(),
  ]), { caption: "Legs" })));

  if (candidates.length) {
    page.append(section("Unobserved stops",
      legs.filter((l) => l.guess).map((l) => {
        const i = legs.indexOf(l);
        return h("div", { class: "stop" },
          h("p", null, `After ${stopText(ends[i].origin, ends[i].originGuess)} the aircraft was lost`, l.last_seen ? [" at ", f.time(l.last_seen)] : "",
            l.guess.gap_to ? [" and seen again at ", f.time(l.guess.gap_to)] : "", ". Where it landed was not seen; these airports fit, with the share of the evidence each holds",
            f.known(l.guess.country_share) ? ` (${l.guess.country} holds ${f.share(l.guess.country_share)})` : "", ":"),
          closeUp(l, legs[i + 1], ap),
          table([{ label: "airport" }, { label: "name" }, { label: "country" }, { label: "share", num: true }, { label: "evidence", wide: true }],
            (l.guess.candidates ?? []).map((c) => [h("span", { class: "guess" }, `${c.airport}?`), ap[c.airport]?.name ?? f.unknown(), c.country || f.unknown(), f.share(c.share), c.evidence || f.unknown()]),
            { caption: "Candidate airports" }));
      })));
  }

  // Related itineraries.
  const rel = it.related ?? {};
  const known = [];
  if ((rel.same_aircraft ?? []).length) known.push(...((await api.itineraries({ aircraft: it.icao, limit: 500 }).catch(() => ({}))).itineraries ?? []));
  for (const c of countries) if ((rel.same_country ?? []).length)
    known.push(...((await api.itineraries({ country: c, limit: 500 }).catch(() => ({}))).itineraries ?? []));
  const summaryOf = (x) => (typeof x === "object" && x ? x : known.find((m) => String(m.id) === String(x)) ?? { id: x });
  const relList = (xs) => (xs ?? []).length ? h("ul", null, xs.map(summaryOf).map((x) => h("li", null,
    h("a", { href: `/itinerary/${encodeURIComponent(x.id)}` }, x.start || x.end
      ? `${x.registration || x.icao || label}, ${(x.stops ?? []).map((s) => s ?? "?").join(" › ") || `from ${x.base ?? "?"}`}, ${f.timeText(x.start)} to ${f.timeText(x.end)}`
      : `itinerary ${x.id}`),
    (x.countries ?? []).length ? `: removal to ${x.countries.join(", ")}` : "")))
    : h("p", { class: "empty" }, "none");
  page.append(section("Related itineraries", h("div", { class: "columns" },
    h("div", null, h("h3", null, "Same aircraft"), relList(rel.same_aircraft)),
    h("div", null, h("h3", null, `Same country${countries.length ? ` (${countries.join(", ")})` : ""}`), relList(rel.same_country)))));
  return `${label}, ${route}`;
}

// The unseen stop close up: the end of the track where the aircraft was lost,
// the start of the next where it reappeared, and the candidates between.
function closeUp(l, next, ap) {
  const tail = (l.track ?? []).slice(-8), head = next && !next.origin ? (next.track ?? []).slice(0, 8) : [];
  const lines = [];
  if (tail.length >= 2) lines.push({ coords: tail, cls: "observed", title: "observed, until it was lost" });
  if (head.length >= 2) lines.push({ coords: head, cls: "observed", title: "observed again" });
  for (const seg of [...segments(l), ...(head.length ? segments(next) : [])])
    lines.push({ coords: seg.line, cls: "inferred", title: `not observed${seg.airport ? `: ${seg.airport}?` : ""}` });
  const points = (l.guess?.candidates ?? []).map((c) => ({ lon: c.lon ?? ap[c.airport]?.lon, lat: c.lat ?? ap[c.airport]?.lat,
    label: `${c.airport}? ${f.share(c.share)}`, cls: "candidate", r: 3 + 4 * Math.sqrt(c.share ?? 0), rank: c.share,
    title: `${c.airport} ${ap[c.airport]?.name ?? ""}: ${f.share(c.share)} of the evidence` }));
  return map({ minSpan: 3, title: "The unseen stop, close up: where it was lost and seen again (solid), the candidates (dashed)", lines, points });
}

export const downloads = (id) => h("span", { class: "downloads" },
  h("a", { href: api.positionsUrl(id, "csv"), download: `leg-${id}.csv` }, "CSV"), " ",
  h("a", { href: api.positionsUrl(id, "geojson"), download: `leg-${id}.geojson` }, "GeoJSON"));
