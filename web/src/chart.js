// Horizontal bar charts in SVG, drawn at the width of their box. Every chart
// on a page has a table with the same numbers beside it; the chart only shows.
import { scaleLinear } from "d3-scale";
import { h, s, clear, drawAtWidth } from "./dom.js";
import { numText } from "./format.js";

const FONT = 12;

// rows: [{label, value, href?, compare?, noData?}]; labels: "above" (long
// names) or "left" (short ones: months). compareName names the grey bar.
export function barChart({ title, rows, valueName = "this month", compareName, labels = "above", unit = "" }) {
  const box = h("div", { class: "chart-box" });
  const fig = h("figure", { class: "chart" }, h("figcaption", null, title), box);
  const withCompare = compareName && rows.some((r) => r.compare !== undefined && r.compare !== null);
  drawAtWidth(box, (width) => {
    clear(box).append(draw(width));
  });

  function draw(width) {
    const legend = withCompare ? [[valueName, "bar"], [compareName, "bar compare"]] : [];
    const top = legend.length * 18 + (legend.length ? 8 : 0);
    const labelW = labels === "left" ? 68 : 0;
    const rowH = (labels === "above" ? FONT + 6 : 0) + 14 + (withCompare ? 9 : 0) + 8;
    const height = top + rows.length * rowH + 4;
    const valueW = 8 + 7 * Math.max(4, ...rows.map((r) => `${numText(r.value)}${unit}`.length));
    const max = Math.max(1, ...rows.map((r) => Math.max(r.value ?? 0, r.compare ?? 0)));
    const x = scaleLinear().domain([0, max]).range([0, Math.max(40, width - labelW - valueW - 4)]);
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, "font-size": FONT },
      s("title", null, title));
    legend.forEach(([name, cls], i) => svg.append(s("g", { transform: `translate(0 ${i * 18 + 12})` },
      s("rect", { class: cls, y: -10, width: 11, height: 11 }), s("text", { x: 16, y: 0 }, name))));
    rows.forEach((r, i) => {
      const y0 = top + i * rowH;
      const g = s("g", { transform: `translate(0 ${y0})` });
      const barY = labels === "above" ? FONT + 6 : 0;
      g.append(s("text", labels === "above" ? { x: 0, y: FONT } : { x: 0, y: 11 }, r.label));
      if (r.noData) {
        g.append(s("rect", { class: "no-data", x: labelW, y: barY, width: x.range()[1], height: 14 + (withCompare ? 9 : 0) }));
        g.append(s("text", { x: labelW + 4, y: barY + 11, class: "no-data-label" }, "no data"));
      } else {
        const bar = s("rect", { class: "bar", x: labelW, y: barY, width: Math.max(r.value > 0 ? 1 : 0, x(r.value ?? 0)), height: 14 },
          s("title", null, `${r.label}: ${numText(r.value)}${unit}`));
        g.append(r.href ? s("a", { href: r.href }, bar) : bar);
        if (withCompare && r.compare !== null && r.compare !== undefined)
          g.append(s("rect", { class: "bar compare", x: labelW, y: barY + 15, width: x(r.compare), height: 7 },
            s("title", null, `${r.label}, ${compareName}: ${numText(r.compare, 1)}`)));
        g.append(s("text", { x: labelW + x(r.value ?? 0) + 4, y: barY + 11, class: "value" }, `${numText(r.value)}${unit}`));
      }
      svg.append(g);
    });
    return svg;
  }
  return fig;
}
