// The leg writer (output/legs.hpp) in every format, on legs with awkward
// values: quotes, commas and <&" in names, unknown ends, several candidate
// airports, a leg without a track, a damaged callsign. Each output is read
// back and checked for what it says, not only that it was written.
#include "skywitness/output/legs.hpp"

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "skywitness/core/text.hpp"

namespace skywitness::output {
namespace {

using Json = nlohmann::json;

// 2024-03-30T08:00:00Z
constexpr double kMorning = 1711785600;

// A removal with a callsign nothing should trust, and candidates at its end.
LegRecord awkward() {
  LegRecord r;
  r.id = 42;
  r.leg.icao = 0xa8f007;
  r.leg.callsign = "A,\"B<&>";
  r.leg.origin = {"KIWA", {}, kMorning, EndHow::kObserved, EndEvidence::kGround};
  r.leg.destination = {
      "ZYTX", {"ZYTX", "ZYYY"}, kMorning + 3600.5, EndHow::kInferred, EndEvidence::kGap};
  // Lost at 08:50, heard again soon enough that it landed by 09:00:00.5.
  r.leg.destination.seen = kMorning + 3000;
  r.leg.destination.window = {kMorning + 3000, kMorning + 3600.5};
  r.leg.positions = 1234;
  r.origin_country = "US";
  r.destination_country = "CN";
  r.track = {{kMorning, 33.4, -111.7, 0, true},
             {kMorning + 600, 34.123456789, -112.987654321, 35000, false},
             {kMorning + 3600, 41.6, 123.5, 0, true}};
  return r;
}

// Neither end seen: the data starts and ends in the air, and no track kept.
LegRecord unknown_ends() {
  LegRecord r;
  r.id = 43;
  r.leg.icao = 0x00000f;
  r.leg.origin.time = kMorning + 7200;
  r.leg.destination.time = kMorning + 9000;
  r.leg.positions = 0;
  return r;
}

struct Written {
  std::string text;
  std::vector<std::string> pieces;  // one per call of the sink
};

Written write_all(LegWriterOptions options, const std::vector<LegRecord>& legs,
                  const std::vector<LegExtras>& extras = {}) {
  Written out;
  LegWriter w(
      [&](std::string_view s) {
        out.text += s;
        out.pieces.emplace_back(s);
      },
      std::move(options));
  for (std::size_t i = 0; i < legs.size(); ++i)
    w.write(legs[i], i < extras.size() ? extras[i] : LegExtras{});
  w.finish();
  w.finish();  // a second finish adds nothing
  EXPECT_EQ(w.written(), legs.size());
  return out;
}

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  Lines ls(text);
  std::string_view line;
  while (ls.next(line)) out.emplace_back(line);
  return out;
}

// A small XML well-formedness check: tags nest and close, attributes are
// quoted, and every & in text starts one of the five entities.
bool well_formed_xml(std::string_view s, std::string& why) {
  std::vector<std::string> open;
  std::size_t i = 0;
  auto entity_ok = [&](std::size_t at) {
    for (std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
      if (s.substr(at, e.size()) == e) return true;
    return false;
  };
  while (i < s.size()) {
    if (s[i] == '&') {
      if (!entity_ok(i)) {
        why = "bare & at " + std::to_string(i);
        return false;
      }
      ++i;
      continue;
    }
    if (s[i] == '>') {
      why = "bare > in text at " + std::to_string(i);
      return false;
    }
    if (s[i] != '<') {
      ++i;
      continue;
    }
    if (s.substr(i, 5) == "<?xml") {
      const auto end = s.find("?>", i);
      if (end == std::string_view::npos) return why = "unclosed declaration", false;
      i = end + 2;
      continue;
    }
    const bool closing = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == ':')) ++j;
    const std::string name(s.substr(name_start, j - name_start));
    if (name.empty()) return why = "tag without a name at " + std::to_string(i), false;
    // Attributes: name="value" pairs, values without < or a bare &.
    while (j < s.size() && s[j] != '>' && s[j] != '/') {
      if (s[j] == '"') {
        const auto end = s.find('"', j + 1);
        if (end == std::string_view::npos) return why = "unclosed attribute", false;
        if (s.substr(j, end - j).find('<') != std::string_view::npos)
          return why = "< in an attribute", false;
        j = end + 1;
      } else {
        ++j;
      }
    }
    if (j >= s.size()) return why = "unclosed tag " + name, false;
    const bool empty = s[j] == '/';
    if (empty) ++j;
    if (j >= s.size() || s[j] != '>') return why = "bad tag end " + name, false;
    if (closing) {
      if (open.empty() || open.back() != name)
        return why = "</" + name + "> closes " + (open.empty() ? "nothing" : open.back()), false;
      open.pop_back();
    } else if (!empty) {
      open.push_back(name);
    }
    i = j + 1;
  }
  if (!open.empty()) return why = "<" + open.back() + "> never closed", false;
  return true;
}

int count(std::string_view s, std::string_view what) {
  int n = 0;
  for (auto at = s.find(what); at != std::string_view::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(LegWriter, NamesEveryFormat) {
  LegFormat f{};
  const std::pair<const char*, LegFormat> names[] = {
      {"table", LegFormat::kTable}, {"csv", LegFormat::kCsv},         {"json", LegFormat::kJson},
      {"jsonl", LegFormat::kJsonl}, {"geojson", LegFormat::kGeojson}, {"kml", LegFormat::kKml}};
  for (const auto& [name, format] : names) {
    ASSERT_TRUE(parse_leg_format(name, f)) << name;
    EXPECT_EQ(f, format);
  }
  EXPECT_FALSE(parse_leg_format("xml", f));
  EXPECT_FALSE(parse_leg_format("", f));
}

TEST(LegWriter, CsvQuotesWhatNeedsItAndKeepsOneFieldPerColumn) {
  LegWriterOptions o;
  o.format = LegFormat::kCsv;
  o.fields = leg_fields::kLegsCsv;
  LegExtras x;
  x.registration = "N8\"07,SK";
  const auto out = write_all(o, {awkward(), unknown_ends()}, {x});
  const auto ls = lines(out.text);
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(ls[0],
            "icao,registration,callsign,origin,origin_country,origin_how,origin_evidence,"
            "origin_candidates,takeoff_time,destination,destination_country,destination_how,"
            "destination_evidence,destination_candidates,landing_time,positions,first_seen,"
            "takeoff_window,last_seen,landing_window");
  std::vector<std::string> head, row, unknown;
  ASSERT_TRUE(split_csv(ls[0], ',', '"', head));
  ASSERT_TRUE(split_csv(ls[1], ',', '"', row));
  ASSERT_TRUE(split_csv(ls[2], ',', '"', unknown));
  ASSERT_EQ(head.size(), 20u);
  ASSERT_EQ(row.size(), head.size());
  ASSERT_EQ(unknown.size(), head.size());
  EXPECT_EQ(row[0], "a8f007");
  EXPECT_EQ(row[1], "N8\"07,SK");
  EXPECT_EQ(row[2], "A,\"B<&>");
  EXPECT_EQ(row[7], "");            // no candidates at the origin
  EXPECT_EQ(row[13], "ZYTX ZYYY");  // space separated
  // `flights` writes those columns first and its later ones after them.
  o.fields = leg_fields::kFlightsCsv;
  const auto flights = lines(write_all(o, {awkward(), unknown_ends()}, {x}).text);
  ASSERT_EQ(flights.size(), 3u);
  EXPECT_EQ(flights[0], ls[0] +
                            ",leg_id,likely_origin,likely_origin_country,likely_destination,"
                            "likely_destination_country");
  EXPECT_EQ(flights[1].rfind(ls[1] + ",", 0), 0u) << flights[1];
  EXPECT_EQ(row[8], "2024-03-30T08:00:00Z");
  EXPECT_EQ(row[14], "");  // the landing was not seen: no landing time
  EXPECT_EQ(row[15], "1234");
  EXPECT_EQ(row[16], "");  // the takeoff was seen: no sighting, no window
  EXPECT_EQ(row[17], "");
  EXPECT_EQ(row[18], "2024-03-30T08:50:00Z");
  // An ISO 8601 interval, rounded outwards to the second.
  EXPECT_EQ(row[19], "2024-03-30T08:50:00Z/2024-03-30T09:00:01Z");
  EXPECT_EQ(unknown[8], "");
  EXPECT_EQ(unknown[16], "2024-03-30T10:00:00Z");
  EXPECT_EQ(unknown[17], "");  // the data start in the air: no window
  EXPECT_EQ(unknown[18], "2024-03-30T10:30:00Z");
  EXPECT_EQ(unknown[0], "00000f");
  EXPECT_EQ(unknown[3], "");
  EXPECT_EQ(unknown[5], "unknown");
  EXPECT_EQ(unknown[6], "none");
  EXPECT_EQ(unknown[9], "");
}

TEST(LegWriter, CsvWritesFlagsListsAndGuesses) {
  LegWriterOptions o;
  o.format = LegFormat::kCsv;
  o.fields = leg_fields::kItineraries;
  const nlohmann::ordered_json guess = {{"airport", "ZYTX"}, {"country", nullptr}};
  LegExtras x;
  x.role = "removal";
  x.counted = true;
  x.inferred = true;
  x.destination_guess = "ZYTX";
  x.guess = &guess;
  x.reason = "to ZYTX (CN), on the way out";
  const auto out = write_all(o, {unknown_ends(), unknown_ends()}, {x});
  const auto ls = lines(out.text);
  ASSERT_EQ(ls.size(), 3u);
  std::vector<std::string> head, row, plain;
  ASSERT_TRUE(split_csv(ls[0], ',', '"', head));
  ASSERT_TRUE(split_csv(ls[1], ',', '"', row));
  ASSERT_TRUE(split_csv(ls[2], ',', '"', plain));
  ASSERT_EQ(row.size(), head.size());
  ASSERT_EQ(plain.size(), head.size());
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head[i] == "counted" || head[i] == "inferred") {
      EXPECT_EQ(row[i], "true");
      EXPECT_EQ(plain[i], "false");
    }
    if (head[i] == "guess") {
      EXPECT_EQ(Json::parse(row[i])["airport"], "ZYTX");
      EXPECT_EQ(plain[i], "");  // null
    }
    if (head[i] == "reason") EXPECT_EQ(row[i], "to ZYTX (CN), on the way out");
  }
}

TEST(LegWriter, JsonArrayParsesBackWithEveryField) {
  LegWriterOptions o;
  o.format = LegFormat::kJson;
  LegExtras x;
  x.registration = "N807SK";
  const auto out = write_all(o, {awkward(), unknown_ends()}, {x});
  const auto j = Json::parse(out.text);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  const auto& a = j[0];
  // Every field but the sighting and window of the takeoff, which was seen,
  // and the guesses of ends whose airports are known (three an end).
  ASSERT_EQ(a.size(), std::size(leg_fields::kFlights) - 2 - 6);
  EXPECT_EQ(a["leg_id"], 42);
  EXPECT_FALSE(a.contains("likely_destination"));
  EXPECT_FALSE(a.contains("destination_guess"));
  EXPECT_FALSE(a.contains("first_seen"));
  EXPECT_FALSE(a.contains("takeoff_window"));
  EXPECT_EQ(a["takeoff_time"], "2024-03-30T08:00:00Z");
  EXPECT_TRUE(a["landing_time"].is_null());
  EXPECT_EQ(a["last_seen"], "2024-03-30T08:50:00Z");
  EXPECT_EQ(a["landing_window"], Json({"2024-03-30T08:50:00Z", "2024-03-30T09:00:01Z"}));
  EXPECT_EQ(a["icao"], "a8f007");
  EXPECT_EQ(a["registration"], "N807SK");
  EXPECT_EQ(a["callsign"], "A,\"B<&>");
  EXPECT_EQ(a["origin"], "KIWA");
  EXPECT_EQ(a["destination_how"], "inferred");
  EXPECT_EQ(a["destination_evidence"], "gap");
  EXPECT_EQ(a["destination_country"], "CN");
  EXPECT_EQ(a["origin_candidates"], Json::array());
  EXPECT_EQ(a["destination_candidates"], Json({"ZYTX", "ZYYY"}));
  EXPECT_EQ(a["positions"], 1234);
  const auto& u = j[1];
  EXPECT_EQ(u["origin"], "");
  EXPECT_EQ(u["destination"], "");
  EXPECT_EQ(u["origin_how"], "unknown");
  EXPECT_EQ(u["registration"], "");
  EXPECT_TRUE(u["takeoff_time"].is_null());
  EXPECT_EQ(u["first_seen"], "2024-03-30T10:00:00Z");
  EXPECT_TRUE(u["takeoff_window"].is_null());
  EXPECT_EQ(u["last_seen"], "2024-03-30T10:30:00Z");
  // The layout `flights --format json` has always had: a leg a line.
  EXPECT_EQ(out.text.substr(0, 2), "[\n");
  EXPECT_EQ(out.text.substr(out.text.size() - 3), "\n]\n");
  EXPECT_EQ(lines(out.text).size(), 4u);
}

// Issue 16, section 3: `flights` shows the leg's id and its ends' countries,
// a guessed end as its best candidate and "?", never as a seen airport.
TEST(LegWriter, FlightsTableGivesTheLegIdAndMarksGuessedEndsAndCountries) {
  auto r = unknown_ends();
  r.leg.origin.airport = "PANC";
  r.origin_country = "US";
  const nlohmann::ordered_json guess = {{"airport", "ZYTX"}, {"country", "CN"}};
  LegExtras x;
  x.destination_guess = "ZYTX";
  x.destination_guess_country = "CN";
  x.guess = &guess;
  LegWriterOptions o;
  o.table = TableLayout::kFlights;
  const auto table = lines(write_all(o, {awkward(), r}, {{}, x}).text);
  ASSERT_EQ(table.size(), 5u);  // header, two legs, the count, the candidates' note
  EXPECT_EQ(table[0].rfind("    leg icao   ", 0), 0u) << table[0];
  EXPECT_NE(table[0].find(" countries "), std::string::npos);
  EXPECT_EQ(table[1].rfind("     42 a8f007 ", 0), 0u) << table[1];
  EXPECT_NE(table[1].find(" US>CN "), std::string::npos) << table[1];
  EXPECT_NE(table[1].find(" ZYTX* "), std::string::npos) << table[1];
  EXPECT_EQ(table[2].rfind("     43 00000f ", 0), 0u) << table[2];
  EXPECT_NE(table[2].find(" PANC "), std::string::npos) << table[2];
  EXPECT_NE(table[2].find(" ZYTX? "), std::string::npos) << table[2];
  EXPECT_NE(table[2].find(" US>CN? "), std::string::npos) << table[2];
  EXPECT_EQ(table[3], "2 legs");
  // Without a guess an unseen end is "?", and its country too.
  o.table = TableLayout::kFlights;
  const auto bare = lines(write_all(o, {r}).text);
  EXPECT_NE(bare[1].find(" US>? "), std::string::npos) << bare[1];

  o.format = LegFormat::kJson;
  const auto j = Json::parse(write_all(o, {r}, {x}).text);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["leg_id"], 43);
  EXPECT_EQ(j[0]["destination"], "");
  EXPECT_EQ(j[0]["likely_destination"], "ZYTX");
  EXPECT_EQ(j[0]["likely_destination_country"], "CN");
  EXPECT_EQ(j[0]["destination_guess"], Json(guess));
  EXPECT_FALSE(j[0].contains("likely_origin"));  // the takeoff's airport is known
}

TEST(LegWriter, EmptyOutputsAreStillDocuments) {
  for (const auto f : {LegFormat::kJson, LegFormat::kGeojson}) {
    LegWriterOptions o;
    o.format = f;
    const auto out = write_all(o, {});
    const auto j = Json::parse(out.text);
    EXPECT_TRUE(f == LegFormat::kJson ? j.empty() : j["features"].empty()) << out.text;
  }
  LegWriterOptions o;
  o.format = LegFormat::kJson;
  EXPECT_EQ(write_all(o, {}).text, "[\n]\n");
  o.format = LegFormat::kJsonl;
  EXPECT_EQ(write_all(o, {}).text, "");
  o.format = LegFormat::kTable;
  const auto table = write_all(o, {}).text;
  EXPECT_NE(table.find("0 legs\n"), std::string::npos);
  o.format = LegFormat::kKml;
  std::string why;
  const auto kml = write_all(o, {}).text;
  EXPECT_TRUE(well_formed_xml(kml, why)) << why << "\n" << kml;
  EXPECT_EQ(count(kml, "<Placemark>"), 0);
}

TEST(LegWriter, JsonLinesHasALegALineWithExactTimes) {
  LegWriterOptions o;
  o.format = LegFormat::kJsonl;
  o.fields = leg_fields::kLegsJsonl;
  o.exact_times = true;
  const auto out = write_all(o, {awkward(), unknown_ends()});
  const auto ls = lines(out.text);
  ASSERT_EQ(ls.size(), 2u);
  const auto a = Json::parse(ls[0]);
  EXPECT_EQ(a["callsign"], "A,\"B<&>");
  EXPECT_TRUE(a["landing_time"].is_null());
  EXPECT_EQ(a["last_seen"], "2024-03-30T08:50:00.000Z");
  EXPECT_EQ(a["landing_window"][1], "2024-03-30T09:00:00.500Z");
  EXPECT_FALSE(a.contains("registration"));
  EXPECT_FALSE(a.contains("origin_country"));
  // The field order `skywitness legs` has always written.
  EXPECT_EQ(ls[0].rfind(R"({"icao":"a8f007","callsign":"A,\"B<&>","origin":"KIWA",)", 0), 0u)
      << ls[0];
  EXPECT_EQ(Json::parse(ls[1])["destination_how"], "unknown");
}

// Issue 16, section 2: the fields of an end not observed leave the record
// of a leg whose ends were both seen as it always was, to the byte.
TEST(LegWriter, AFullyObservedLegIsWrittenAsBefore) {
  auto r = awkward();
  r.leg.destination = {"ZYTX", {}, kMorning + 3600.5, EndHow::kObserved, EndEvidence::kGround};
  LegWriterOptions o;
  o.format = LegFormat::kJsonl;
  o.fields = leg_fields::kFlights;
  EXPECT_EQ(
      write_all(o, {r}).text,
      R"({"leg_id":42,"icao":"a8f007","registration":"","callsign":"A,\"B<&>","origin":"KIWA",)"
      R"("destination":"ZYTX","takeoff_time":"2024-03-30T08:00:00Z",)"
      R"("landing_time":"2024-03-30T09:00:01Z","origin_how":"observed",)"
      R"("destination_how":"observed","origin_evidence":"ground",)"
      R"("destination_evidence":"ground","origin_country":"US","destination_country":"CN",)"
      R"("origin_candidates":[],"destination_candidates":[],"positions":1234})"
      "\n");
  o.format = LegFormat::kTable;
  EXPECT_NE(write_all(o, {r}).text.find("KIWA    2024-03-30T08:00:00Z ZYTX    "
                                        "2024-03-30T09:00:01Z observed/observed"),
            std::string::npos);
}

TEST(LegWriter, UnobservedTimesAreWindowsOrBeforeAndAfter) {
  LegEnd e;
  e.how = EndHow::kInferred;
  e.time = kMorning;
  e.window = {kMorning - 30, kMorning + 16 * 3600 + 1};  // into the next day
  EXPECT_EQ(unobserved_time_text(e, true), "2024-03-30 07:59-03-31 00:01");
  e.window.reset();
  e.how = EndHow::kUnknown;
  e.seen = kMorning + 90;  // 08:01:30
  EXPECT_EQ(unobserved_time_text(e, true), "after 2024-03-30 08:01");
  EXPECT_EQ(unobserved_time_text(e, false), "before 2024-03-30 08:02");
}

TEST(LegWriter, DamagedCallsignDoesNotEndTheRun) {
  auto r = awkward();
  r.leg.callsign = "GXA\xff\xfe";
  LegWriterOptions o;
  o.format = LegFormat::kJsonl;
  std::string text;
  ASSERT_NO_THROW(text = write_all(o, {r}).text);
  EXPECT_EQ(Json::parse(text)["callsign"], "GXA\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(LegWriter, GeojsonHasALineStringPerLegAndAnEmptyOneWithoutTrack) {
  LegWriterOptions o;
  o.format = LegFormat::kGeojson;
  const auto out = write_all(o, {awkward(), unknown_ends()});
  const auto j = Json::parse(out.text);
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 2u);
  const auto& f = j["features"][0];
  EXPECT_EQ(f["type"], "Feature");
  EXPECT_EQ(f["geometry"]["type"], "LineString");
  const auto& c = f["geometry"]["coordinates"];
  ASSERT_EQ(c.size(), 3u);
  // [lon, lat, metres], to 1e-5 degrees and the metre.
  EXPECT_DOUBLE_EQ(c[1][0].get<double>(), -112.98765);
  EXPECT_DOUBLE_EQ(c[1][1].get<double>(), 34.12346);
  EXPECT_DOUBLE_EQ(c[1][2].get<double>(), 10668);
  EXPECT_EQ(f["properties"]["callsign"], "A,\"B<&>");
  EXPECT_EQ(f["properties"]["destination_candidates"], Json({"ZYTX", "ZYYY"}));
  const auto& none = j["features"][1];
  EXPECT_TRUE(none["geometry"]["coordinates"].empty());
  EXPECT_EQ(none["properties"]["origin_how"], "unknown");

  o.altitude = false;
  const auto flat = Json::parse(write_all(o, {awkward()}).text);
  EXPECT_EQ(flat["features"][0]["geometry"]["coordinates"][1].size(), 2u);
}

TEST(LegWriter, ExportPropertiesNameUnseenEndsByTheirGuess) {
  LegWriterOptions o;
  o.format = LegFormat::kGeojson;
  o.fields = leg_fields::kExports;
  LegExtras x;
  x.registration = "N807SK";
  x.type = "GLF5";
  x.itinerary = "a8f007-2024-03-30T08:00Z";
  x.role = "removal";
  x.country = "CN";
  x.counted = true;
  x.inferred = true;
  x.origin_guess = "PANC";
  x.destination_guess = "ZYTX";
  x.reason = "to <ZYTX> & \"on\"";
  LegExtras unguessed;
  unguessed.role = "unknown";
  const auto j = Json::parse(write_all(o, {unknown_ends(), unknown_ends()}, {x, unguessed}).text);
  const auto& p = j["features"][0]["properties"];
  ASSERT_EQ(p.size(), std::size(leg_fields::kExports));
  EXPECT_EQ(p["origin"], "PANC?");
  EXPECT_EQ(p["destination"], "ZYTX?");
  EXPECT_EQ(p["itinerary"], "a8f007-2024-03-30T08:00Z");
  EXPECT_EQ(p["counted"], true);
  EXPECT_EQ(p["inferred"], true);
  EXPECT_EQ(p["reason"], "to <ZYTX> & \"on\"");
  EXPECT_EQ(p["leg_id"], 43);
  const auto& q = j["features"][1]["properties"];
  EXPECT_EQ(q["origin"], "?");
  EXPECT_EQ(q["destination"], "?");
  EXPECT_EQ(q["inferred"], false);
  EXPECT_EQ(q["country"], "");
}

TEST(LegWriter, ItineraryLegJsonHasTheGuessOrNull) {
  const nlohmann::ordered_json guess = {{"airport", "ZYTX"}, {"country", "CN"}};
  LegExtras x;
  x.role = "removal";
  x.inferred = true;
  x.destination_guess = "ZYTX";
  x.guess = &guess;
  const auto j = leg_json(unknown_ends(), x, leg_fields::kItineraries);
  EXPECT_EQ(j["destination"], "");  // as seen: nothing
  EXPECT_EQ(j["likely_destination"], "ZYTX");
  EXPECT_EQ(j["guess"]["country"], "CN");
  const auto plain = leg_json(awkward(), {}, leg_fields::kItineraries);
  EXPECT_TRUE(plain["guess"].is_null());
  EXPECT_EQ(plain["likely_destination"], "");
  EXPECT_EQ(plain["role"], "");
  EXPECT_EQ(plain["destination"], "ZYTX");
}

TEST(LegWriter, KmlIsWellFormedWithAFolderPerItinerary) {
  LegWriterOptions o;
  o.format = LegFormat::kKml;
  o.title = "legs of <N807SK> & \"friends\"";
  LegExtras first, second, third;
  first.itinerary = "a8f007-2024-03-30T08:00Z";
  first.itinerary_name = "a8f007-2024-03-30T08:00Z N807SK from KIWA";
  first.role = "removal";
  first.counted = true;
  first.reason = "to ZYTX <CN> & back \"soon\"";
  second = first;
  second.role = "return";
  second.counted = false;
  second.inferred = true;
  second.destination_guess = "RK&I";
  third.itinerary = "00000f-2024-03-30T10:00Z";
  third.itinerary_name = "00000f-2024-03-30T10:00Z <none> from ?";
  const auto out =
      write_all(o, {awkward(), unknown_ends(), unknown_ends()}, {first, second, third});
  const auto& kml = out.text;
  std::string why;
  EXPECT_TRUE(well_formed_xml(kml, why)) << why << "\n" << kml;
  EXPECT_EQ(count(kml, "<Folder>"), 2);
  EXPECT_EQ(count(kml, "<Placemark>"), 3);
  EXPECT_EQ(count(kml, "<styleUrl>#removal</styleUrl>"), 1);
  EXPECT_EQ(count(kml, "<styleUrl>#other</styleUrl>"), 2);
  EXPECT_NE(kml.find("<name>legs of &lt;N807SK&gt; &amp; &quot;friends&quot;</name>"),
            std::string::npos);
  EXPECT_NE(kml.find("<name>removal KIWA &gt; ZYTX</name>"), std::string::npos);
  EXPECT_NE(kml.find("<name>return ? &gt; RK&amp;I?</name>"), std::string::npos);
  EXPECT_NE(kml.find("<name>00000f-2024-03-30T10:00Z &lt;none&gt; from ?</name>"),
            std::string::npos);
  // The span of the track seen; the landing not seen is said in words.
  EXPECT_NE(kml.find("<TimeSpan><begin>2024-03-30T08:00:00Z</begin><end>2024-03-30T08:50:00Z"),
            std::string::npos);
  EXPECT_NE(kml.find("<description>to ZYTX &lt;CN&gt; &amp; back &quot;soon&quot;; landing not "
                     "seen: 2024-03-30 08:50-09:01</description>"),
            std::string::npos);
  EXPECT_NE(kml.find("<coordinates>-111.70000,33.40000 -112.98765,34.12346 123.50000,41.60000 "
                     "</coordinates>"),
            std::string::npos);
}

TEST(LegWriter, KmlWithoutRolesNamesLegsByCallsign) {
  LegWriterOptions o;
  o.format = LegFormat::kKml;
  const auto out = write_all(o, {awkward(), unknown_ends()});
  std::string why;
  EXPECT_TRUE(well_formed_xml(out.text, why)) << why << "\n" << out.text;
  EXPECT_EQ(count(out.text, "<Folder>"), 0);
  EXPECT_NE(out.text.find("<name>A,&quot;B&lt;&amp;&gt; KIWA &gt; ZYTX</name>"), std::string::npos);
  EXPECT_NE(out.text.find("<name>00000f ? &gt; ?</name>"), std::string::npos);
}

TEST(LegWriter, TableMarksUnknownEndsAndCandidates) {
  LegWriterOptions o;
  o.format = LegFormat::kTable;
  LegExtras x;
  x.registration = "N807SK";
  const auto ls = lines(write_all(o, {awkward(), unknown_ends()}, {x}).text);
  ASSERT_EQ(ls.size(), 5u);
  EXPECT_EQ(ls[0].substr(0, 30), "icao   reg      callsign from ");
  EXPECT_NE(ls[1].find("a8f007 N807SK   A,\"B<&>  KIWA    2024-03-30T08:00:00Z ZYTX*"),
            std::string::npos)
      << ls[1];
  EXPECT_NE(ls[1].find("observed/inferred"), std::string::npos);
  EXPECT_EQ(ls[1].substr(ls[1].size() - 4), "1234");
  // Never a bare time for an end not seen: the window, or before / after
  // the sighting where the data start or end in the air.
  EXPECT_NE(ls[1].find("ZYTX*   2024-03-30 08:50-09:01 observed/inferred"), std::string::npos)
      << ls[1];
  EXPECT_NE(ls[2].find(
                "00000f                   ?       before 2024-03-30 10:00 ?       after 2024-03-30 "
                "10:30 unknown/unknown"),
            std::string::npos)
      << ls[2];
  EXPECT_EQ(ls[3], "2 legs");
  EXPECT_EQ(ls[4], "* more than one airport fits this end; --format json lists the candidates");
}

TEST(LegWriter, ItineraryTableIndentsLegsAndMarksGuesses) {
  LegWriterOptions o;
  o.format = LegFormat::kTable;
  o.table = TableLayout::kItinerary;
  LegExtras x;
  x.role = "removal";
  x.reason = "to ZYTX (CN)";
  x.inferred = true;
  x.destination_guess = "ZYTX";
  const auto out = write_all(o, {awkward(), unknown_ends()}, {LegExtras{}, x});
  const auto ls = lines(out.text);
  ASSERT_EQ(ls.size(), 2u);  // no header, no count: the itinerary's own lines have them
  EXPECT_EQ(ls[0], "  2024-03-30T08:00Z KIWA -> ZYTX" + std::string(19, ' '));
  EXPECT_EQ(ls[1], "  before 2024-03-30 10:00    ? -> ZYTX? removal           to ZYTX (CN)");
}

TEST(LegWriter, WritesEachLegAsItComes) {
  for (const auto f : {LegFormat::kTable, LegFormat::kCsv, LegFormat::kJson, LegFormat::kJsonl,
                       LegFormat::kGeojson, LegFormat::kKml}) {
    std::vector<std::string> pieces;
    LegWriterOptions o;
    o.format = f;
    LegWriter w([&](std::string_view s) { pieces.emplace_back(s); }, o);
    w.write(awkward());
    const auto after_one = pieces.size();
    EXPECT_GE(after_one, 1u);
    // The leg itself is out before the next one comes, not held to the end.
    EXPECT_NE(pieces.back().find("KIWA"), std::string::npos) << static_cast<int>(f);
    w.write(unknown_ends());
    EXPECT_EQ(pieces.size(), after_one + 1);
    EXPECT_NE(pieces.back().find("00000f"), std::string::npos) << static_cast<int>(f);
    w.finish();
  }
}

TEST(LegWriter, EscapersQuoteOnlyWhatTheyMust) {
  EXPECT_EQ(csv_field("KIWA"), "KIWA");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(xml_escape("<a href=\"x\">&</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(iso_seconds(kMorning + 0.5), "2024-03-30T08:00:01Z");
  EXPECT_EQ(iso_seconds(kMorning + 0.4), "2024-03-30T08:00:00Z");
}

}  // namespace
}  // namespace skywitness::output
