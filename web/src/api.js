// The JSON API of `skywitness serve`, same origin. Answers are cached for the
// life of the page: the server reads a database that does not change under it.
const cache = new Map();

export class ApiError extends Error {
  constructor(status, message, parameter) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }
}

export function get(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const url = q.size ? `/api/${path}?${q}` : `/api/${path}`;
  if (!cache.has(url)) {
    const p = fetch(url, { headers: { Accept: "application/json" } }).then(async (r) => {
      let body = null;
      try { body = await r.json(); } catch { /* not JSON */ }
      if (!r.ok) throw new ApiError(r.status, body?.error ?? `${r.status} ${r.statusText}`, body?.parameter);
      return body;
    });
    p.catch(() => cache.delete(url)); // a failure is not remembered
    cache.set(url, p);
  }
  return cache.get(url);
}

export const overview = () => get("overview");
export const report = (month) => get(`months/${encodeURIComponent(month)}/report`);
export const timeline = (cc) => get(`countries/${encodeURIComponent(cc)}/timeline`);
export const aircraft = (id) => get(`aircraft/${encodeURIComponent(id)}`);
export const legs = (params) => get("legs", params);
export const leg = (id) => get(`legs/${encodeURIComponent(id)}`);
export const itineraries = (params) => get("itineraries", params);
export const itinerary = (id) => get(`itineraries/${encodeURIComponent(id)}`);
export const search = (q) => get("search", { q });
export const positionsUrl = (id, format) => `/api/legs/${encodeURIComponent(id)}/positions?format=${format}`;

// The positions of the airports at the ends of `legs` (and of their guessed
// ends), for the aircraft page, whose API answer carries none: from the legs'
// own origin_airport / destination_airport where they carry lat and lon, then
// from the airports of the itineraries named, then (a leg in no itinerary)
// from the ends of one leg per airport still missing (at most `most`
// itineraries, 24 legs). The overview needs none of this: the report's
// `airports` place every airport it names.
export async function airportsOf(legList, itineraryIds = [], most = 12) {
  const known = {};
  const has = (a) => a && Number.isFinite(a.lat) && Number.isFinite(a.lon);
  for (const l of legList)
    for (const end of ["origin", "destination"]) {
      const a = l[`${end}_airport`];
      if (l[end] && has(a) && !known[l[end]]) known[l[end]] = a;
    }
  const ends = (l) => [l.origin, l.destination, l.guess?.airport, l.likely_destination, l.likely_origin].filter(Boolean);
  const missing = () => new Set(legList.flatMap(ends).filter((c) => !known[c]));
  for (const id of itineraryIds.slice(0, most)) {
    if (!missing().size) break;
    try {
      const it = await itinerary(id);
      for (const [c, a] of Object.entries(it.airports ?? {})) if (!known[c] && has(a)) known[c] = a;
    } catch { /* drawn without it */ }
  }
  const wanted = [...missing()].slice(0, 24);
  await Promise.all(wanted.map(async (code) => {
    const l = legList.find((x) => ends(x).includes(code));
    if (!l?.leg_id || known[code]) return;
    try {
      const d = await leg(l.leg_id);
      for (const end of ["origin", "destination"]) {
        const e = d.ends?.[end];
        if (e?.airport && has(e.place)) known[e.airport] ??= e.place;
        for (const c of e?.guess?.candidates ?? []) if (has(c)) known[c.airport] ??= c;
      }
    } catch { /* drawn without it */ }
  }));
  return known;
}
