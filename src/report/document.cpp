#include "skywitness/report/document.hpp"

#include <cmath>

#include <fmt/format.h>

#include "skywitness/output/legs.hpp"

namespace skywitness::report {
namespace {

std::string md_cell(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

const std::string& link(const Table& t, std::size_t row, std::size_t column) {
  static const std::string kNone;
  if (row >= t.links.size() || column >= t.links[row].size()) return kNone;
  return t.links[row][column];
}

}  // namespace

std::string xml_escape(const std::string& s) {
  return output::xml_escape(s);
}

std::string change(double now, double baseline) {
  if (baseline <= 0) return now > 0 ? "new" : "-";
  const double pct = (now - baseline) / baseline * 100;
  return fmt::format("{:+.0f}%", std::round(pct));
}

std::string to_markdown(const Document& doc) {
  std::string out;
  for (const auto& b : doc) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        out +=
            fmt::format("{} {}\n\n", std::string(static_cast<std::size_t>(b.level), '#'), b.text);
        break;
      case Block::Kind::kParagraph:
        out += fmt::format("{}\n\n", b.text);
        break;
      case Block::Kind::kList:
        for (const auto& i : b.items) out += fmt::format("- {}\n", i);
        out += "\n";
        break;
      case Block::Kind::kTable: {
        const auto& t = b.table;
        out += "|";
        for (const auto& h : t.head) out += fmt::format(" {} |", md_cell(h));
        out += "\n|";
        for (std::size_t i = 0; i < t.head.size(); ++i)
          out += i < t.numeric.size() && t.numeric[i] ? "---:|" : "---|";
        out += "\n";
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
          out += "|";
          for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
            const auto& href = link(t, r, i);
            out += href.empty() ? fmt::format(" {} |", md_cell(t.rows[r][i]))
                                : fmt::format(" [{}]({}) |", md_cell(t.rows[r][i]), href);
          }
          out += "\n";
        }
        out += "\n";
        break;
      }
      case Block::Kind::kChart:
        out += fmt::format("![{}]({})\n\n", b.text, b.file);
        break;
    }
  }
  return out;
}

std::string to_html(const Document& doc, const std::string& title) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>\n"
      "body{{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;"
      "color:#1b1b1b;line-height:1.45}}\n"
      "table{{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;max-width:100%;"
      "overflow-x:auto}}\n"
      "svg{{max-width:100%}}\n"
      "th,td{{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;"
      "vertical-align:top}}\n"
      "td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums}}\n"
      "th{{background:#f3f3f3}}\nfigure{{margin:1rem 0}}\n"
      "figcaption{{font-size:.9rem;color:#555}}\n"
      // A table wider than the page scrolls inside itself, its first column
      // (month, time, country) kept in view; months, times and counts do
      // not break ("2022-08", never "2022-/08").
      "th:first-child,td:first-child{{position:sticky;left:0;z-index:1;background:#fff;"
      "box-shadow:inset -1px 0 #ddd}}\nth:first-child{{background:#f3f3f3}}\n"
      "td:first-child,td.n{{white-space:nowrap}}\ntd{{min-width:3rem}}td:not(.n){{min-width:7rem}}"
      "\n"
      "@media (max-width:40rem){{body{{margin:1rem auto}}table{{font-size:.875rem}}"
      "th,td{{padding:.2rem .4rem}}}}\n"
      "</style>\n</head>\n<body>\n",
      xml_escape(title));
  for (const auto& b : doc) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        out += fmt::format("<h{0}>{1}</h{0}>\n", b.level, xml_escape(b.text));
        break;
      case Block::Kind::kParagraph:
        out += fmt::format("<p>{}</p>\n", xml_escape(b.text));
        break;
      case Block::Kind::kList:
        out += "<ul>\n";
        for (const auto& i : b.items) out += fmt::format("<li>{}</li>\n", xml_escape(i));
        out += "</ul>\n";
        break;
      case Block::Kind::kTable: {
        const auto& t = b.table;
        auto cls = [&](std::size_t i) {
          return i < t.numeric.size() && t.numeric[i] ? " class=\"n\"" : "";
        };
        out += "<table>\n<thead><tr>";
        for (std::size_t i = 0; i < t.head.size(); ++i)
          out += fmt::format("<th{}>{}</th>", cls(i), xml_escape(t.head[i]));
        out += "</tr></thead>\n<tbody>\n";
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
          out += "<tr>";
          for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
            const auto& href = link(t, r, i);
            out += href.empty() ? fmt::format("<td{}>{}</td>", cls(i), xml_escape(t.rows[r][i]))
                                : fmt::format("<td{}><a href=\"{}\">{}</a></td>", cls(i),
                                              xml_escape(href), xml_escape(t.rows[r][i]));
          }
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
      }
      case Block::Kind::kChart:
        out += fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", b.svg,
                           xml_escape(b.text));
        break;
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace skywitness::report
