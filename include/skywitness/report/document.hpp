// A small document model the report and the timelines are built in once, and
// written as Markdown or HTML from.
#pragma once

#include <string>
#include <vector>

namespace skywitness::report {

struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // right-aligned columns
  // Where a cell links to, relative to the page ("evidence/leg-98.txt"):
  // per row, per column; empty (or missing) for none.
  std::vector<std::vector<std::string>> links;
};

struct Block {
  enum class Kind { kHeading, kParagraph, kList, kTable, kChart };
  Kind kind = Kind::kParagraph;
  int level = 2;                   // headings
  std::string text;                // heading, paragraph, chart title
  std::vector<std::string> items;  // list
  Table table;
  std::string svg, file;  // chart: the SVG and the file name it is written to beside the Markdown
};

using Document = std::vector<Block>;

std::string to_markdown(const Document& doc);
// A whole page, charts inline.
std::string to_html(const Document& doc, const std::string& title);

// Text for HTML, SVG and KML: & < > " escaped.
std::string xml_escape(const std::string& s);

// "+25%", "new", "-", for a change against an average.
std::string change(double now, double baseline);

}  // namespace skywitness::report
