// Maps drawn offline as SVG: Natural Earth country shapes (world-atlas,
// served from /static/) under great-circle routes, observed tracks (solid,
// class "observed") and inferred parts (dashed, class "inferred").
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import { h, s, clear, drawAtWidth } from "./dom.js";

let world = null;
function loadWorld() {
  world ??= fetch("/static/countries-110m.json").then((r) => {
    if (!r.ok) throw new Error(`country shapes: ${r.status}`);
    return r.json();
  }).then((topo) => feature(topo, topo.objects.countries).features);
  return world;
}

// The longitude half-way round the widest gap between the points' longitudes:
// the map is centred there so a route across the Pacific is not cut in two.
function centreLongitude(lons) {
  if (!lons.length) return 0;
  const a = [...new Set(lons.map((l) => ((l % 360) + 540) % 360 - 180))].sort((x, y) => x - y);
  let gap = 360 - (a.at(-1) - a[0]), mid = a.at(-1) + gap / 2;
  for (let i = 1; i < a.length; i++) if (a[i] - a[i - 1] > gap) { gap = a[i] - a[i - 1]; mid = a[i - 1] + gap / 2; }
  return (((mid + 180) % 360) + 540) % 360 - 180; // opposite the gap's middle
}

const ok = (p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]);

// lines: [{coords: [[lon,lat],...], cls: "route"|"observed"|"inferred", title, href}]
// points: [{lon, lat, label, cls: "hub"|"destination"|"airport"|"candidate", title, href}]
// shade: country names (as Natural Earth spells them) to fill darker.
export function map({ title, lines = [], points = [], shade = [], note, minSpan = 14 }) {
  lines = lines.map((l) => ({ ...l, coords: (l.coords ?? []).filter(ok) })).filter((l) => l.coords.length >= 2);
  points = points.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat));
  const box = h("div", { class: "map-box" });
  const fig = h("figure", { class: "map" }, box, h("figcaption", null, title, note ? h("span", { class: "note" }, ` ${note}`) : null));
  const all = [...lines.flatMap((l) => l.coords), ...points.map((p) => [p.lon, p.lat])];
  if (!all.length) {
    box.append(h("p", { class: "empty" }, "Nothing with a known position to draw."));
    return fig;
  }
  loadWorld().then((countries) => drawAtWidth(box, (w) => clear(box).append(draw(w, countries))))
    .catch((e) => box.append(h("p", { class: "error" }, `The map could not be drawn: ${e.message}`)));

  function draw(width, countries) {
    const height = Math.round(Math.max(240, Math.min(520, width * 0.6)));
    const centre = centreLongitude(all.map((p) => p[0]));
    // Fit to the points, at least minSpan degrees across, so one airport is not a close-up.
    const lats = all.map((p) => p[1]), mid = (Math.min(...lats) + Math.max(...lats)) / 2;
    const frame = { type: "MultiPoint", coordinates: [...all, [centre - minSpan / 2, mid - minSpan / 2], [centre + minSpan / 2, mid + minSpan / 2]] };
    const projection = geoNaturalEarth1().rotate([-centre, 0]).fitExtent([[28, 22], [width - 28, height - 22]], frame);
    const path = geoPath(projection);
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, class: "map-svg" },
      s("title", null, title),
      s("rect", { class: "sea", width, height }),
      s("g", { class: "countries" }, countries.map((c) =>
        s("path", { d: path(c) ?? "", class: shade.includes(c.properties?.name) ? "land shaded" : "land" },
          s("title", null, c.properties?.name ?? "")))));
    const g = s("g", { class: "lines" });
    for (const l of lines) {
      const p = s("path", { d: path({ type: "LineString", coordinates: l.coords }) ?? "", class: l.cls ?? "route" },
        l.title ? s("title", null, l.title) : null);
      g.append(l.href ? s("a", { href: l.href }, p) : p);
    }
    svg.append(g);
    // Markers, then labels that do not overlap one another (a hidden label
    // is still in the marker's tooltip and in the table under the map).
    const taken = [];
    const marks = s("g", { class: "marks" }), labels = s("g", { class: "labels" });
    for (const p of [...points].sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0))) {
      const xy = projection([p.lon, p.lat]);
      if (!xy || xy[0] < 0 || xy[0] > width || xy[1] < 0 || xy[1] > height) continue;
      const c = s("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: p.r ?? 4, class: p.cls ?? "airport" },
        s("title", null, p.title ?? p.label ?? ""));
      marks.append(p.href ? s("a", { href: p.href }, c) : c);
      if (!p.label) continue;
      const w = p.label.length * 7 + 4, right = xy[0] + 7 + w <= width;
      const x = right ? xy[0] + 7 : xy[0] - 7 - w, y = xy[1] + 4;
      const b = { l: x, r: x + w, t: y - 12, b: y + 3 };
      if (b.t < 0 || b.b > height || taken.some((o) => !(b.r < o.l || o.r < b.l || b.b < o.t || o.b < b.t))) continue;
      taken.push(b);
      labels.append(s("text", { x: x.toFixed(1), y: y.toFixed(1), class: `label ${p.cls ?? ""}`, "font-size": 12 }, p.label));
    }
    svg.append(marks, labels);
    return svg;
  }
  return fig;
}

// A route between two airports drawn as the great circle between them.
export const routeLine = (a, b) => (a && b && Number.isFinite(a.lon) && Number.isFinite(b.lon)
  ? [[a.lon, a.lat], [b.lon, b.lat]] : null);
