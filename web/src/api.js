// The JSON API of `skywitness serve`, same origin. Answers are cached for the
// life of the page: the server answers from the analysis it loaded at start,
// which does not change under it. The alerts do (`skywitness live` records
// them while serve runs): they are fetched afresh each time.
const cache = new Map();

export class ApiError extends Error {
  constructor(status, message, parameter) {
    super(message);
    this.status = status;
    this.parameter = parameter;
  }
}

function url(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  return q.size ? `/api/${path}?${q}` : `/api/${path}`;
}

async function load(u) {
  const r = await fetch(u, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, body?.error ?? `${r.status} ${r.statusText}`, body?.parameter);
  return body;
}

export function get(path, params) {
  const u = url(path, params);
  if (!cache.has(u)) {
    const p = load(u);
    p.catch(() => cache.delete(u)); // a failure is not remembered
    cache.set(u, p);
  }
  return cache.get(u);
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
export const alerts = (params) => load(url("alerts", params));
export const alertStreamUrl = (after) => `/api/alerts/stream?after=${encodeURIComponent(after ?? 0)}`;
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
