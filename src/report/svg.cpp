// Charts as plain SVG: no scripts, no fonts to fetch, readable in any browser
// and embeddable in the HTML page.
//
// Readable at every width, from a 320 px phone to a desktop: the charts have
// no viewBox, so that a user unit is a CSS pixel and text keeps its size
// however wide the chart is drawn. Horizontal positions are percentages of the
// chart's width (the page lets it shrink from 640 px to the phone's width);
// the plots are nested SVGs stretched across their share of it
// (preserveAspectRatio="none"), with their own numeric coordinates. Titles,
// legends and axis labels are laid out for the narrowest chart, kMinWidth,
// so that nothing overlaps or is cut off there or anywhere wider.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "skywitness/report/render.hpp"

namespace skywitness::report {
namespace {

constexpr int kWidth = 640;        // as written; the page may draw it narrower
constexpr double kMinWidth = 288;  // the narrowest laid out for: a 320 px phone less margins
constexpr int kFont = 12, kTitleFont = 14;  // px, never scaled
constexpr int kPad = 8;

// A round axis maximum at or above `v` whose quarters are whole numbers:
// 4, 8, 20, 40, 80, 200...
double nice_max(double v) {
  for (double p = 1;; p *= 10)
    for (const double m : {4.0, 8.0, 20.0})
      if (m * p >= v) return m * p;
}

// Width of `s` in px at `px` font size: an upper estimate for common
// sans-serif fonts (DejaVu Sans, the widest of them, averages ~0.6 em).
double text_width(const std::string& s, double px, bool bold = false) {
  std::size_t chars = 0;
  for (const unsigned char c : s) chars += (c & 0xc0) != 0x80 ? 1 : 0;  // UTF-8 code points
  return static_cast<double>(chars) * px * (bold ? 0.68 : 0.62);
}

// `s` cut to fit `width` px, with an ellipsis.
std::string fit(const std::string& s, double width, double px) {
  if (text_width(s, px) <= width) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xc0) == 0x80) ++n;
    if (text_width(out + s.substr(i, n) + "…", px) > width) break;
    out += s.substr(i, n);
    i += n;
  }
  return out + "…";
}

// `s` in lines that fit `width` px, broken at spaces.
std::vector<std::string> wrap(const std::string& s, double width, double px, bool bold) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i <= s.size();) {
    const std::size_t j = std::min(s.find(' ', i), s.size());
    const std::string word = s.substr(i, j - i);
    if (!line.empty() && text_width(line + " " + word, px, bold) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    i = j + 1;
  }
  if (!line.empty()) lines.push_back(line);
  for (auto& l : lines) l = fit(l, width, px);
  return lines;
}

std::string pct(double fraction) {
  return fmt::format("{:.2f}%", fraction * 100);
}

// The opening tag, background and title; `y` is left below the title.
std::string header(int height, const std::string& title, int& y) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "style=\"max-width:100%;height:{1}px\" font-family=\"sans-serif\" font-size=\"{3}\" "
      "role=\"img\" aria-label=\"{2}\">\n"
      "<title>{2}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
      kWidth, height, xml_escape(title), kFont);
  y = 0;
  for (const auto& line : wrap(title, kMinWidth - 2 * kPad, kTitleFont, true)) {
    y += 18;
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">{}</text>\n",
                       kPad, y, kTitleFont, xml_escape(line));
  }
  return out;
}

int title_height(const std::string& title) {
  return 18 * static_cast<int>(wrap(title, kMinWidth - 2 * kPad, kTitleFont, true).size());
}

struct LegendItem {
  std::string swatch;  // drawn at (0, -9), 10 px square
  std::string text;
};

// Legend items in as many lines as the narrowest chart needs, from `y` on;
// `y` is left on the last line's baseline.
std::string legend(const std::vector<LegendItem>& items, int& y, bool draw = true) {
  std::string out;
  double x = kPad;
  y += 20;
  for (const auto& item : items) {
    const double w = 14 + text_width(item.text, kFont);
    if (x > kPad && x + w > kMinWidth - kPad) {
      x = kPad;
      y += 17;
    }
    if (draw)
      out += fmt::format(
          "<g transform=\"translate({:.0f} {})\">{}<text x=\"14\" y=\"0\">{}</text></g>\n", x, y,
          item.swatch, xml_escape(item.text));
    x += w + 16;
  }
  return out;
}

}  // namespace

std::string svg_bars(const std::string& title, const std::vector<Row>& rows, std::size_t max_rows) {
  const std::size_t n = std::min(rows.size(), max_rows);
  // Each row: its label, then this month's bar and the average's under it.
  const int row_h = 40, plot_units = 1000;
  const double plot = 0.85;  // of the width: room for the count after the longest bar
  const std::vector<LegendItem> items = {
      {"<rect y=\"-9\" width=\"10\" height=\"10\" fill=\"#b22222\"/>", "this month"},
      {"<rect y=\"-9\" width=\"10\" height=\"10\" fill=\"#bbb\"/>",
       "average of the months before"}};
  int top = title_height(title);
  legend(items, top, false);
  top += 8;
  const int axis_y = top + static_cast<int>(n) * row_h + 2;
  const int height = axis_y + 22;
  double vmax = 0;
  for (std::size_t i = 0; i < n; ++i)
    vmax = std::max({vmax, static_cast<double>(rows[i].month.legs), rows[i].baseline_legs});
  vmax = nice_max(vmax);
  const double scale = plot_units / vmax;
  int y = 0;
  std::string out = header(height, title, y);
  out += legend(items, y);
  out += fmt::format("<g transform=\"translate({} 0)\">\n", kPad);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    const int ry = top + static_cast<int>(i) * row_h;
    out += fmt::format("<text x=\"0\" y=\"{}\">{}</text>\n", ry + 12,
                       xml_escape(fit(r.label == r.key ? r.key : r.key + " " + r.label,
                                      kMinWidth - 2 * kPad, kFont)));
    out += fmt::format("<text x=\"{}\" dx=\"4\" y=\"{}\">{}</text>\n",
                       pct(plot * r.month.legs / vmax), ry + 27, r.month.legs);
  }
  for (int k = 0; k <= 4; ++k)
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{:g}</text>\n",
                       pct(plot * k / 4), axis_y + 16, vmax * k / 4);
  out += "</g>\n";
  out += fmt::format(
      "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "preserveAspectRatio=\"none\" overflow=\"visible\">\n",
      kPad, top, pct(plot), axis_y + 1 - top, plot_units, axis_y + 1 - top);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    const int ry = static_cast<int>(i) * row_h;
    out += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{:.1f}\" height=\"11\" fill=\"#b22222\"/>\n",
                       ry + 18, r.month.legs * scale);
    out += fmt::format("<rect x=\"0\" y=\"{}\" width=\"{:.1f}\" height=\"7\" fill=\"#bbb\"/>\n",
                       ry + 30, r.baseline_legs * scale);
  }
  out += fmt::format("<line x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#888\"/>\n",
                     axis_y - top, plot_units);
  out += "</svg>\n</svg>\n";
  return out;
}

std::string svg_months(const std::string& title, const std::vector<MonthCount>& months) {
  const int plot_h = 180, plot_units = 600;
  const std::size_t n = months.size();
  double vmax = 0, emax = 0;
  for (const auto& m : months) {
    vmax = std::max(vmax, static_cast<double>(m.flights));
    if (m.encounters) emax = std::max(emax, static_cast<double>(*m.encounters));
  }
  vmax = nice_max(vmax);
  if (emax > 0) emax = nice_max(emax);
  const bool any_none = std::any_of(months.begin(), months.end(), [](const MonthCount& m) {
    return m.coverage == Coverage::kNone;
  });
  const bool any_partial = std::any_of(months.begin(), months.end(), [](const MonthCount& m) {
    return m.coverage == Coverage::kPartial;
  });

  // Months without data are drawn as grey hatching over the whole height,
  // never as a bar of zero: no data is not no flights.
  std::vector<LegendItem> items = {
      {"<rect y=\"-9\" width=\"10\" height=\"10\" fill=\"#b22222\"/>", "removal flights"}};
  if (emax > 0)
    items.push_back(
        {"<line x1=\"0\" y1=\"-4\" x2=\"10\" y2=\"-4\" stroke=\"#1f5fa8\" "
         "stroke-width=\"2\"/>",
         "border encounters (right axis)"});
  if (any_none)
    items.push_back(
        {"<rect y=\"-9\" width=\"10\" height=\"10\" fill=\"url(#nodata)\" "
         "stroke=\"#bbb\"/>",
         "no data"});
  if (any_partial)
    items.push_back(
        {"<rect y=\"-9\" width=\"10\" height=\"10\" fill=\"url(#nodata)\" "
         "opacity=\"0.45\" stroke=\"#bbb\"/>",
         "data for part of the month"});

  // The axes' labels fit in fixed margins; the plot takes the rest of the
  // narrowest width, and the same share of any wider one.
  // Half a month label fits either side of the plot.
  const double label_w = text_width("2000-00", kFont);
  const double left = std::max(12 + text_width(fmt::format("{:g}", vmax), kFont), label_w / 2);
  const double right = std::max(
      kPad + (emax > 0 ? 4 + text_width(fmt::format("{:g}", emax), kFont) : 0), label_w / 2);
  const double plot = (kMinWidth - left - right) / kMinWidth;
  const double slot_min = n ? plot * kMinWidth / static_cast<double>(n) : 0;
  const double slot = n ? static_cast<double>(plot_units) / static_cast<double>(n) : 0;

  // Month labels as far apart as they need at the narrowest width: every
  // month, or each quarter, half year, year or few years, on those months.
  int step = 1;
  for (const int s : {1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600}) {
    step = s;
    if (slot_min * s >= label_w + 4) break;
  }

  int top = title_height(title);
  legend(items, top, false);
  top += 14;
  const int base = top + plot_h;
  const int height = base + 26;
  int y = 0;
  std::string out = header(height, title, y);
  if (any_none || any_partial)
    out +=
        "<defs><pattern id=\"nodata\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
        "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbb\" stroke-width=\"2\"/>"
        "</pattern></defs>\n";
  out += legend(items, y);

  // Axis labels, outside the stretched plot so that they keep their shape.
  out += fmt::format("<g transform=\"translate({:.0f} 0)\">\n", left);
  for (int k = 0; k <= 4; ++k) {
    const double ty = base - plot_h * k / 4.0 + 4;
    out +=
        fmt::format("<text x=\"-4\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#555\">{:g}</text>\n",
                    ty, vmax * k / 4);
    if (emax > 0)
      out += fmt::format("<text x=\"{}\" dx=\"4\" y=\"{:.1f}\" fill=\"#1f5fa8\">{:g}</text>\n",
                         pct(plot), ty, emax * k / 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = months[i];
    const int year = std::stoi(m.month.substr(0, 4)), mon = std::stoi(m.month.substr(5, 2)) - 1;
    const bool on_step = step <= 12 ? mon % step == 0 : mon == 0 && year % (step / 12) == 0;
    const double centre = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    // Not where half a label would stick out of the chart at its narrowest.
    const double at = left + centre * plot * kMinWidth;
    if ((on_step || n == 1) && at - label_w / 2 >= 0 && at + label_w / 2 <= kMinWidth)
      out += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" "
          "class=\"month\">{}</text>\n",
          pct(centre * plot), base + 19, m.month);
  }
  out += "</g>\n";

  // The plot, in its own units: slot i spans [i, i + 1) * slot.
  out += fmt::format(
      "<svg x=\"{:.0f}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "preserveAspectRatio=\"none\" overflow=\"visible\">\n",
      left, top, pct(plot), plot_h + 1, plot_units, plot_h + 1);
  for (int k = 0; k <= 4; ++k)
    out +=
        fmt::format("<line x1=\"0\" y1=\"{0:.1f}\" x2=\"{1}\" y2=\"{0:.1f}\" stroke=\"#eee\"/>\n",
                    plot_h - plot_h * k / 4.0, plot_units);
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = months[i];
    const double x = slot * static_cast<double>(i);
    const double h = m.flights / vmax * plot_h;
    if (m.coverage != Coverage::kFull)
      out += fmt::format(
          "<rect class=\"{}\" x=\"{:.1f}\" y=\"0\" width=\"{:.1f}\" height=\"{}\" "
          "fill=\"url(#nodata)\" opacity=\"{}\"><title>{}: {}</title></rect>\n",
          m.coverage == Coverage::kNone ? "no-data" : "partial-data", x, slot, plot_h,
          m.coverage == Coverage::kNone ? "1" : "0.45", m.month,
          m.coverage == Coverage::kNone
              ? std::string("no data")
              : fmt::format("data for {:.0f} days of the month", m.covered_days));
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#b22222\">"
        "<title>{}: {} flight{}</title></rect>\n",
        x + slot * 0.15, plot_h - h, slot * 0.7, h, m.month, m.flights, m.flights == 1 ? "" : "s");
    if (m.encounters && emax > 0)
      line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x + slot / 2,
                          plot_h - static_cast<double>(*m.encounters) / emax * plot_h);
  }
  if (!line.empty())
    out += fmt::format(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" "
        "vector-effect=\"non-scaling-stroke\"/>\n",
        line);
  out += fmt::format(
      "<line x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#888\"/>\n</svg>\n</svg>\n", plot_h,
      plot_units);
  return out;
}

}  // namespace skywitness::report
