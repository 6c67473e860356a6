// Charts as plain SVG: no scripts, no fonts to fetch, readable in any browser
// and embeddable in the HTML page.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "skywitness/report/render.hpp"

namespace skywitness::report {
namespace {

// A round axis maximum at or above `v` whose quarters are whole numbers:
// 4, 8, 20, 40, 80, 200...
double nice_max(double v) {
  for (double p = 1;; p *= 10)
    for (const double m : {4.0, 8.0, 20.0})
      if (m * p >= v) return m * p;
}

std::string header(int w, int h, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" "
      "aria-label=\"{2}\">\n<title>{2}</title>\n<rect width=\"{0}\" height=\"{1}\" "
      "fill=\"#fff\"/>\n<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
      w, h, xml_escape(title));
}

}  // namespace

std::string svg_bars(const std::string& title, const std::vector<Row>& rows, std::size_t max_rows) {
  const std::size_t n = std::min(rows.size(), max_rows);
  const int row_h = 26, left = 170, right = 60, top = 44, width = 640;
  const int height = top + static_cast<int>(n) * row_h + 30;
  double vmax = 0;
  for (std::size_t i = 0; i < n; ++i)
    vmax = std::max({vmax, static_cast<double>(rows[i].month.legs), rows[i].baseline_legs});
  vmax = nice_max(vmax);
  const double scale = (width - left - right) / vmax;
  std::string out = header(width, height, title);
  out += fmt::format(
      "<rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" fill=\"#b22222\"/><text x=\"{}\" "
      "y=\"35\">this month</text><rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" "
      "fill=\"#bbb\"/><text x=\"{}\" y=\"35\">average of the months before</text>\n",
      left, left + 14, left + 100, left + 114);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    const int y = top + static_cast<int>(i) * row_h;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 6, y + 15,
                       xml_escape(r.label == r.key ? r.key : r.key + " " + r.label));
    out +=
        fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"11\" fill=\"#b22222\"/>\n",
                    left, y + 3, r.month.legs * scale);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"7\" fill=\"#bbb\"/>\n",
                       left, y + 15, r.baseline_legs * scale);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text>\n", left + r.month.legs * scale + 4,
                       y + 13, r.month.legs);
  }
  const int axis_y = top + static_cast<int>(n) * row_h + 4;
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#888\"/>\n", left,
                     axis_y, width - right);
  for (int k = 0; k <= 4; ++k) {
    const double v = vmax * k / 4;
    out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n",
                    left + v * scale, axis_y + 16, fmt::format("{:g}", v));
  }
  out += "</svg>\n";
  return out;
}

std::string svg_months(const std::string& title, const std::vector<MonthCount>& months) {
  const int left = 44, right = 50, top = 44, plot_h = 180, width = 640;
  const int height = top + plot_h + 46;
  const std::size_t n = months.size();
  double vmax = 0, emax = 0;
  for (const auto& m : months) {
    vmax = std::max(vmax, static_cast<double>(m.flights));
    if (m.encounters) emax = std::max(emax, static_cast<double>(*m.encounters));
  }
  vmax = nice_max(vmax);
  std::string out = header(width, height, title);
  out += fmt::format(
      "<rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" fill=\"#b22222\"/><text x=\"{}\" "
      "y=\"35\">removal flights</text>\n",
      left, left + 14);
  // Months without data are drawn as grey hatching over the whole height,
  // never as a bar of zero: no data is not no flights.
  const bool any_gap = std::any_of(months.begin(), months.end(), [](const MonthCount& m) {
    return m.coverage != Coverage::kFull;
  });
  if (any_gap)
    out += fmt::format(
        "<defs><pattern id=\"nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" stroke-width=\"2\"/>"
        "</pattern></defs>\n<rect x=\"{}\" y=\"26\" width=\"10\" height=\"10\" "
        "fill=\"url(#nodata)\" stroke=\"#bbb\"/><text x=\"{}\" y=\"35\">no data (hatched: "
        "none; light: part of the month)</text>\n",
        left + 330, left + 344);
  if (emax > 0) {
    emax = nice_max(emax);
    out += fmt::format(
        "<line x1=\"{}\" y1=\"31\" x2=\"{}\" y2=\"31\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>"
        "<text x=\"{}\" y=\"35\">border encounters (right axis)</text>\n",
        left + 130, left + 144, left + 148);
  }
  const double slot = n ? static_cast<double>(width - left - right) / static_cast<double>(n) : 0;
  const int base = top + plot_h;
  for (int k = 0; k <= 4; ++k) {
    const double v = vmax * k / 4;
    const double y = base - plot_h * k / 4.0;
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#eee\"/><text "
        "x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\" fill=\"#555\">{5:g}</text>\n",
        left, y, width - right, left - 4, y + 4, v);
    if (emax > 0)
      out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" fill=\"#1f5fa8\">{:g}</text>\n",
                         width - right + 4, y + 4, emax * k / 4);
  }
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = months[i];
    const double x = left + slot * static_cast<double>(i);
    const double h = m.flights / vmax * plot_h;
    if (m.coverage != Coverage::kFull)
      out += fmt::format(
          "<rect class=\"{}\" x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" "
          "fill=\"url(#nodata)\" opacity=\"{}\"><title>{}: {}</title></rect>\n",
          m.coverage == Coverage::kNone ? "no-data" : "partial-data", x, top, slot, plot_h,
          m.coverage == Coverage::kNone ? "1" : "0.45", m.month,
          m.coverage == Coverage::kNone
              ? std::string("no data")
              : fmt::format("data for {:.0f} days of the month", m.covered_days));
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#b22222\">"
        "<title>{}: {} flight{}</title></rect>\n",
        x + slot * 0.15, base - h, slot * 0.7, h, m.month, m.flights, m.flights == 1 ? "" : "s");
    if (m.encounters && emax > 0)
      line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x + slot / 2,
                          base - static_cast<double>(*m.encounters) / emax * plot_h);
    // A label every few months, so that they do not overlap.
    const std::size_t every = std::max<std::size_t>(1, (n + 7) / 8);
    if (i % every == 0)
      out += fmt::format(
          "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" "
          "font-size=\"10\">{}</text>\n",
          x + slot / 2, base + 14, m.month);
  }
  if (!line.empty())
    out += fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n", line);
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#888\"/>\n", left,
                     base, width - right);
  out += "</svg>\n";
  return out;
}

}  // namespace skywitness::report
