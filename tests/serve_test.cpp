// The dashboard's API and server on the story's scenario: the API's numbers
// against the report's and the command line's, paging, the itinerary's legs
// and dashed parts, bad parameters, every response against the OpenAPI
// description, the server's safety (static files, headers, methods) over
// real HTTP on a loopback port, and the alerts of `live`: their pages, read
// fresh while the store is written, and their server-sent events.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "skywitness/analysis/analysis.hpp"
#include "skywitness/serve/api.hpp"
#include "skywitness/serve/server.hpp"
#include "test_util.hpp"

namespace skywitness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Checks `v` against an OpenAPI schema: required properties, types,
// nullable, enums and $ref into components, as deep as the schema goes.
void check_schema(const json& spec, const json& schema, const json& v, const std::string& where,
                  std::vector<std::string>& problems) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    check_schema(spec, spec.at("components").at("schemas").at(name), v, where, problems);
    return;
  }
  if (v.is_null()) {
    if (!schema.value("nullable", false) && schema.contains("type"))
      problems.push_back(where + ": null, not nullable");
    return;
  }
  const std::string type = schema.value("type", "");
  const bool ok = type.empty() || (type == "object" && v.is_object()) ||
                  (type == "array" && v.is_array()) || (type == "string" && v.is_string()) ||
                  (type == "integer" && v.is_number_integer()) ||
                  (type == "number" && v.is_number()) || (type == "boolean" && v.is_boolean());
  if (!ok) {
    problems.push_back(fmt::format("{}: {} is not {}", where, v.type_name(), type));
    return;
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end())
    problems.push_back(where + ": " + v.dump() + " is not in the enum");
  if (v.is_object()) {
    const json required = schema.value("required", json::array());
    const json properties = schema.value("properties", json::object());
    for (const auto& r : required)
      if (!v.contains(r.get<std::string>())) problems.push_back(where + ": no " + r.dump());
    for (const auto& [k, s] : properties.items())
      if (v.contains(k)) check_schema(spec, s, v[k], where + "." + k, problems);
    if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
      for (const auto& [k, x] : v.items())
        check_schema(spec, schema["additionalProperties"], x, where + "." + k, problems);
  }
  if (v.is_array() && schema.contains("items"))
    for (std::size_t i = 0; i < v.size(); ++i)
      check_schema(spec, schema["items"], v[i], fmt::format("{}[{}]", where, i), problems);
}

// The response schema the description gives a path template and status.
const json* response_schema(const json& spec, const std::string& path_template, int status) {
  const auto& responses = spec.at("paths").at(path_template).at("get").at("responses");
  if (!responses.contains(std::to_string(status))) return nullptr;
  const auto& r = responses.at(std::to_string(status));
  if (!r.contains("content") || !r["content"].contains("application/json")) return nullptr;
  return &r["content"]["application/json"]["schema"];
}

struct Served {
  std::unique_ptr<test::IngestedScenario> sim;
  std::string db;
  std::unique_ptr<serve::Api> api;
};

std::unique_ptr<Served> serve_scenario(const std::string& name) {
  auto out = std::make_unique<Served>();
  out->sim = test::simulate_and_ingest(name, "serve");
  out->db = out->sim->dir + "/db.sqlite";
  out->sim->db.reset();  // the API opens it read-only
  analysis::Inputs in;
  in.db = out->db;
  analysis::Analysis a;
  const auto status = analysis::load(in, a);
  EXPECT_TRUE(status.ok()) << status.error().to_string();
  out->api = std::make_unique<serve::Api>(std::move(a));
  return out;
}

class Serve : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { story_ = serve_scenario("seed-2024-03").release(); }
  static void TearDownTestSuite() {
    delete story_;
    story_ = nullptr;
  }

  static serve::Response get(const std::string& path,
                             std::multimap<std::string, std::string> params = {}) {
    return story_->api->handle({path, std::move(params)});
  }
  static json get_json(const std::string& path,
                       std::multimap<std::string, std::string> params = {}) {
    const auto r = get(path, std::move(params));
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return json::parse(r.body);
  }
  // What the command line prints for these arguments.
  static std::string cli(const std::string& args) {
    const std::string out = story_->sim->dir + "/cli.out";
    const std::string cmd = fmt::format("{} {} >{} 2>/dev/null", SKYWITNESS_BINARY, args, out);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return test::read_file(out);
  }

  static Served* story_;
};

Served* Serve::story_ = nullptr;

TEST_F(Serve, MonthReportIsTheReportCommandsJson) {
  const std::string dir = story_->sim->dir + "/report";
  cli(fmt::format("report --db {} --month 2024-03 --format json --out {} --evidence-files 0 -q",
                  story_->db, dir));
  const auto r = get("/api/months/2024-03/report");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(test::read_file(dir + "/report.json")));
  EXPECT_EQ(json::parse(r.body)["countries"]["CN"]["legs"], 1);
}

TEST_F(Serve, CountryTimelineIsTheTimelineCommandsJson) {
  const std::string text =
      cli(fmt::format("timeline --db {} --country CN --format json -q", story_->db));
  const auto r = get("/api/countries/cn/timeline");  // either case
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(text));
}

TEST_F(Serve, EveryReportedCountsLegsAreTheLegsBehindIt) {
  const auto report = get_json("/api/months/2024-03/report");
  long sum = 0;
  for (const auto& [cc, c] : report["countries"].items()) {
    const auto legs =
        get_json("/api/legs", {{"counted_for", cc}, {"month", "2024-03"}, {"limit", "500"}});
    EXPECT_EQ(legs["total"], c["legs"]) << cc;
    EXPECT_EQ(legs["legs"].size(), c["legs"].get<std::size_t>()) << cc;
    for (const auto& l : legs["legs"]) {
      EXPECT_EQ(l["country"], cc);
      EXPECT_EQ(l["role"], "removal");
      EXPECT_TRUE(l["counted"].get<bool>());
    }
    sum += c["legs"].get<long>();
  }
  EXPECT_EQ(sum, report["removals"]["legs"].get<long>());
  auto total = [](const json& page) { return page["total"].get<long>(); };
  EXPECT_EQ(total(get_json("/api/legs", {{"counted_for", "any"}, {"month", "2024-03"}})), sum);
  // The roles over every leg of the watched aircraft; operators and hubs
  // over the counted removals.
  for (const auto& [role, row] : report["roles"].items())
    EXPECT_EQ(
        total(get_json("/api/legs", {{"role", role}, {"watched", "true"}, {"month", "2024-03"}})),
        row["legs"].get<long>())
        << role;
  for (const auto& [op, row] : report["operators"].items())
    EXPECT_EQ(total(get_json("/api/legs",
                             {{"counted_for", "any"}, {"operator", op}, {"month", "2024-03"}})),
              row["legs"].get<long>())
        << op;
  ASSERT_FALSE(report["hubs"].empty());
  for (const auto& [hub, row] : report["hubs"].items())
    EXPECT_EQ(
        total(get_json("/api/legs", {{"counted_for", "any"}, {"base", hub}, {"month", "2024-03"}})),
        row["legs"].get<long>())
        << hub;
  // Every airport the report names has its place, for the map.
  for (const auto& [code, a] : report["airports"].items()) {
    EXPECT_TRUE(a["lat"].is_number()) << code;
    EXPECT_TRUE(a["lon"].is_number()) << code;
  }
  const auto overview = get_json("/api/overview");
  for (const auto& m : overview["months"])
    if (m["month"] == "2024-03") EXPECT_EQ(m["removal_flights"], report["removals"]["legs"]);
}

TEST_F(Serve, PagesWalkedByCursorGiveEveryLegOnce) {
  const auto all = get_json("/api/legs", {{"limit", "500"}, {"from", "2024-03-01"}});
  ASSERT_GT(all["total"].get<int>(), 20);
  std::vector<std::int64_t> want, got;
  for (const auto& l : all["legs"]) want.push_back(l["leg_id"]);
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    std::multimap<std::string, std::string> p = {{"limit", "7"}, {"from", "2024-03-01"}};
    if (!cursor.empty()) p.emplace("cursor", cursor);
    const auto j = get_json("/api/legs", p);
    EXPECT_EQ(j["total"], all["total"]);
    EXPECT_LE(j["legs"].size(), 7u);
    for (const auto& l : j["legs"]) got.push_back(l["leg_id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  EXPECT_EQ(got, want);
  // Itineraries the same way.
  const auto its = get_json("/api/itineraries", {{"limit", "500"}});
  std::vector<std::string> ids, paged;
  for (const auto& i : its["itineraries"]) ids.push_back(i["id"]);
  cursor.clear();
  for (int page = 0; page < 1000; ++page) {
    std::multimap<std::string, std::string> p = {{"limit", "50"}};
    if (!cursor.empty()) p.emplace("cursor", cursor);
    const auto j = get_json("/api/itineraries", p);
    for (const auto& i : j["itineraries"]) paged.push_back(i["id"]);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  EXPECT_EQ(paged, ids);
  EXPECT_EQ(its["total"].get<std::size_t>(), ids.size());
}

TEST_F(Serve, TheStorysItineraryHasItsLegsRolesAndSeats) {
  const auto list = get_json("/api/itineraries",
                             {{"aircraft", "N807SK"}, {"country", "CN"}, {"from", "2024-03-01"}});
  ASSERT_EQ(list["itineraries"].size(), 1u);
  const std::string id = list["itineraries"][0]["id"];
  EXPECT_EQ(id, "a8f007-2024-03-29T14:05Z");
  const auto it = get_json("/api/itineraries/" + id);
  std::vector<std::string> stops{it["legs"][0]["origin"]};
  std::vector<std::string> roles;
  for (const auto& l : it["legs"]) {
    stops.push_back(l["destination"]);
    roles.push_back(l["role"]);
    EXPECT_GT(l["track"].size(), 1u) << l["leg_id"];
    EXPECT_TRUE(l["inferred"].empty()) << "every end of the story's itinerary was seen";
    for (const auto* code : {&l["origin"], &l["destination"]})
      EXPECT_TRUE(it["airports"].contains(code->get<std::string>())) << *code;
  }
  EXPECT_EQ(stops,
            (std::vector<std::string>{"KIWA", "KSAT", "PANC", "ZYTX", "RKSI", "PANC", "KIWA"}));
  EXPECT_EQ(roles, (std::vector<std::string>{"domestic_transfer", "technical_stop", "removal",
                                             "return", "technical_stop", "return"}));
  EXPECT_EQ(it["seats"], 14);
  EXPECT_EQ(it["seats_max"], 19);
  EXPECT_EQ(it["countries"], json::array({"CN"}));
  EXPECT_EQ(it["related"]["same_aircraft"], json::array({"a8f007-2022-07-12T15:05Z"}));
  // The removal leg's page: its ends observed, its evidence, its track.
  const auto removal = it["legs"][2];
  const auto leg = get_json(fmt::format("/api/legs/{}", removal["leg_id"].get<long>()));
  EXPECT_EQ(leg["itinerary_id"], id);
  EXPECT_TRUE(leg["ends"]["destination"]["observed"].get<bool>());
  EXPECT_EQ(leg["ends"]["destination"]["place"]["country"], "CN");
  EXPECT_GT(leg["evidence"]["positions_listed"].get<int>(), 100);
  EXPECT_FALSE(leg["evidence"].contains("positions"));
  EXPECT_GT(leg["track"].size(), 10u);
  const auto csv = get(fmt::format("/api/legs/{}/positions", removal["leg_id"].get<long>()));
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.filename, fmt::format("leg-{}.csv", removal["leg_id"].get<long>()));
  EXPECT_TRUE(csv.body.starts_with("time,lat,lon")) << csv.body.substr(0, 80);
}

TEST_F(Serve, AircraftAndSearchFindTheStorysGulfstream) {
  const auto a = get_json("/api/aircraft/N807SK");
  EXPECT_EQ(a["icao"], "a8f007");
  EXPECT_EQ(get_json("/api/aircraft/a8f007"), a);
  std::size_t on_days = 0;
  for (const auto& d : a["days"]) on_days += d["legs"].size();
  EXPECT_EQ(on_days, a["legs"].size());
  EXPECT_EQ(a["itineraries"].size(), 2u);
  const auto s = get_json("/api/search", {{"q", "n807"}});
  ASSERT_FALSE(s["results"].empty());
  EXPECT_EQ(s["results"][0]["url"], "/aircraft/a8f007");
  const auto c = get_json("/api/search", {{"q", "china"}});
  ASSERT_FALSE(c["results"].empty());
  EXPECT_EQ(c["results"][0]["url"], "/country/CN");
}

TEST_F(Serve, BadParametersAre4xxNamingThem) {
  struct Case {
    std::string path;
    std::multimap<std::string, std::string> params;
    int status;
    std::string parameter;  // "" for none
  };
  const std::vector<Case> cases = {
      {"/api/legs", {{"limit", "0"}}, 400, "limit"},
      {"/api/legs", {{"limit", "501"}}, 400, "limit"},
      {"/api/legs", {{"limit", "12abc"}}, 400, "limit"},
      {"/api/legs", {{"from", "2024-02-30"}}, 400, "from"},
      {"/api/legs", {{"from", "2024-03-02"}, {"to", "2024-03-01"}}, 400, "from"},
      {"/api/legs", {{"from", "1900-01-01"}, {"to", "2100-01-01"}}, 400, "to"},
      {"/api/legs", {{"country", "XX"}}, 400, "country"},
      {"/api/legs", {{"country", "'; DROP TABLE legs; --"}}, 400, "country"},
      {"/api/legs", {{"airport", "NOPE"}}, 400, "airport"},
      {"/api/legs", {{"role", "smuggling"}}, 400, "role"},
      {"/api/legs", {{"counted", "maybe"}}, 400, "counted"},
      {"/api/legs", {{"cursor", "999999999"}}, 400, "cursor"},
      {"/api/legs", {{"aircraft", "nobody1"}}, 404, "aircraft"},
      {"/api/legs", {{"aircraft", "a8f007' OR 1=1"}}, 400, "aircraft"},
      {"/api/legs", {{"colour", "red"}}, 400, "colour"},
      {"/api/legs", {{"limit", "5"}, {"limit", "6"}}, 400, "limit"},
      {"/api/legs/0", {}, 400, "id"},
      {"/api/legs/-1", {}, 400, "id"},
      {"/api/legs/99999999999999999999", {}, 400, "id"},
      {"/api/legs/424242", {}, 404, "id"},
      {"/api/legs/1/positions", {{"format", "kml"}}, 400, "format"},
      {"/api/months/2024-13/report", {}, 400, "month"},
      {"/api/months/../report", {}, 400, "month"},
      {"/api/countries/China/timeline", {}, 400, "country"},
      {"/api/itineraries/nope", {}, 404, "id"},
      {"/api/itineraries", {{"cursor", "nope"}}, 400, "cursor"},
      {"/api/search", {}, 400, "q"},
      {"/api/search", {{"q", std::string(101, 'a')}}, 400, "q"},
      {"/api/overview", {{"x", "1"}}, 400, "x"},
      {"/api/nothing", {}, 404, ""},
      {"/api/legs/1/positions/more", {}, 404, ""},
  };
  for (const auto& c : cases) {
    const auto r = get(c.path, c.params);
    EXPECT_EQ(r.status, c.status) << c.path << " " << r.body;
    const auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << c.path;
    EXPECT_TRUE(j["error"].is_string());
    EXPECT_EQ(j["parameter"], c.parameter.empty() ? json() : json(c.parameter)) << c.path;
  }
}

TEST_F(Serve, EveryResponseFitsTheOpenApiDescription) {
  const auto spec = json::parse(serve::openapi_json());
  ASSERT_EQ(spec["openapi"].get<std::string>().substr(0, 2), "3.");
  const auto it = get_json("/api/itineraries", {{"aircraft", "N807SK"}});
  const std::string itinerary = it["itineraries"][0]["id"];
  const auto some = get_json("/api/legs", {{"limit", "1"}});
  const std::string leg = std::to_string(some["legs"][0]["leg_id"].get<long>());
  const std::vector<std::tuple<std::string, std::string, std::multimap<std::string, std::string>>>
      calls = {
          {"/api/overview", "/api/overview", {}},
          {"/api/months/2024-03/report", "/api/months/{month}/report", {}},
          {"/api/countries/CN/timeline", "/api/countries/{country}/timeline", {}},
          {"/api/aircraft/N807SK", "/api/aircraft/{aircraft}", {}},
          {"/api/legs", "/api/legs", {{"limit", "500"}}},
          {"/api/legs/" + leg, "/api/legs/{id}", {}},
          {"/api/itineraries", "/api/itineraries", {}},
          {"/api/itineraries/" + itinerary, "/api/itineraries/{id}", {}},
          {"/api/search", "/api/search", {{"q", "KIWA"}}},
          {"/api/legs", "/api/legs", {{"limit", "0"}}},
          {"/api/legs/424242", "/api/legs/{id}", {}},
          {"/api/alerts", "/api/alerts", {}},
          {"/api/alerts", "/api/alerts", {{"after", "-1"}}},
      };
  for (const auto& [path, templ, params] : calls) {
    SCOPED_TRACE(path);
    ASSERT_TRUE(spec["paths"].contains(templ)) << templ;
    const auto r = get(path, params);
    const auto* schema = response_schema(spec, templ, r.status);
    ASSERT_NE(schema, nullptr) << templ << " has no schema for " << r.status;
    std::vector<std::string> problems;
    check_schema(spec, *schema, json::parse(r.body), path, problems);
    EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
  }
  // And the description names every endpoint the API answers.
  for (const auto& p : {"/api/legs/{id}/positions", "/api/openapi.json", "/api/alerts/stream"})
    EXPECT_TRUE(spec["paths"].contains(p)) << p;
}

TEST(ServeHole, AnUnseenLandingIsDrawnDashedToItsCandidates) {
  const auto hole = serve_scenario("seed-2024-03-hole");
  const auto list = json::parse(
      hole->api->handle({"/api/itineraries", {{"country", "CN"}, {"from", "2024-03-01"}}}).body);
  ASSERT_FALSE(list["itineraries"].empty()) << list.dump();
  const std::string id = list["itineraries"][0]["id"];
  const auto it = json::parse(hole->api->handle({"/api/itineraries/" + id, {}}).body);
  std::size_t dashed = 0;
  for (const auto& l : it["legs"]) {
    for (const auto& d : l["inferred"]) {
      ++dashed;
      const std::string end = d["end"];
      const bool seen =
          end == "origin" ? l["origin_how"] == "observed" : l["destination_how"] == "observed";
      EXPECT_FALSE(seen) << "a dashed line only to an end not observed";
      EXPECT_TRUE(it["airports"].contains(d["airport"].get<std::string>()));
      // It meets the observed track where the track ends.
      const auto& track = l["track"];
      ASSERT_FALSE(track.empty());
      const auto& meet = end == "origin" ? d["line"][1] : d["line"][0];
      EXPECT_EQ(meet, end == "origin" ? track.front() : track.back());
    }
    if (!l["inferred"].empty() && l["destination_how"] != "observed") {
      EXPECT_FALSE(l["guess"].is_null());
      EXPECT_FALSE(l["guess"]["candidates"].empty());
      EXPECT_TRUE(l["guess"]["candidates"][0].contains("lat"));
    }
  }
  EXPECT_GT(dashed, 0u) << it.dump(1).substr(0, 2000);
  // The leg whose landing was not seen is among China's and Shenyang's legs,
  // by its guess's candidates, as `flights --country CN` lets it through.
  for (const auto& [param, value] :
       std::vector<std::pair<std::string, std::string>>{{"country", "CN"}, {"airport", "ZYTX"}}) {
    const auto legs = json::parse(
        hole->api->handle({"/api/legs", {{param, value}, {"from", "2024-03-01"}}}).body);
    bool unseen = false;
    for (const auto& l : legs["legs"])
      unseen = unseen || (l["destination"] == "" && l["destination_how"] != "observed");
    EXPECT_TRUE(unseen) << param << "=" << value << ": " << legs.dump(1).substr(0, 1500);
  }
}

// ---- the alerts of `live`

// A database that `live` would be writing: a writable store on a temp file,
// alerts put into it directly, and the API serving it read-only.
struct AlertDb {
  AlertDb() {
    std::string error;
    writer = store::Store::open(path, error);
    EXPECT_TRUE(writer) << error;
  }
  // Serves the database as it is now (read-only), as `serve` would.
  void serve() {
    analysis::Inputs in;
    in.db = path;
    analysis::Analysis a;
    const auto status = analysis::load(in, a);
    ASSERT_TRUE(status.ok()) << status.error().to_string();
    api = std::make_unique<serve::Api>(std::move(a));
  }
  // Records one alert (an inferred landing every third, with candidates);
  // its seq.
  std::int64_t put() {
    const int n = ++count;
    const bool inferred = n % 3 == 0;
    const std::string type = inferred ? "landing_inferred" : n % 2 ? "takeoff" : "landing";
    const double t = 1709260266 + 60.0 * n;
    store::AlertRecord a;
    a.id = fmt::format("{}-a8f0f1-{:04}", type, n);
    a.type = type;
    a.icao = 0xa8f0f1;
    a.time = t;
    a.record = json{{"id", a.id},
                    {"type", type},
                    {"icao", "a8f0f1"},
                    {"registration", "N891SK"},
                    {"callsign", "GXA1411"},
                    {"airport", "MMGL"},
                    {"country", "MX"},
                    {"time", fmt::format("2024-03-01T02:{:02}:06Z", n % 60)},
                    {"how", inferred ? "inferred" : "observed"},
                    {"leg_id", type == "landing" ? json(100 + n) : json()},
                    {"reason", fmt::format("alert {}", n)},
                    {"candidates", inferred ? json::array({"MMGL", "MMLO"}) : json::array()}}
                   .dump();
    EXPECT_TRUE(writer->put_alert(a));
    return a.seq;
  }
  json get(std::multimap<std::string, std::string> params = {}) const {
    const auto r = api->handle({"/api/alerts", std::move(params)});
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  static std::vector<std::int64_t> seqs(const json& page) {
    std::vector<std::int64_t> out;
    for (const auto& a : page["alerts"]) out.push_back(a["seq"]);
    return out;
  }

  test::TempDir dir{"serve-alerts"};
  std::string path = dir.path + "/db.sqlite";
  std::unique_ptr<store::Store> writer;
  std::unique_ptr<serve::Api> api;
  int count = 0;
};

TEST(ServeAlerts, PagedByAfterAndLimitWithTheirRecords) {
  AlertDb db;
  for (int i = 0; i < 7; ++i) db.put();
  db.serve();
  const auto all = db.get();
  EXPECT_EQ(AlertDb::seqs(all), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(all["next_after"], 7);
  // Each is its record as `live` wrote it, with its seq.
  const auto& third = all["alerts"][2];
  EXPECT_EQ(third["id"], "landing_inferred-a8f0f1-0003");
  EXPECT_EQ(third["how"], "inferred");
  EXPECT_EQ(third["candidates"], json::array({"MMGL", "MMLO"}));
  EXPECT_TRUE(third["leg_id"].is_null());
  EXPECT_EQ(all["alerts"][1]["leg_id"], 102);
  EXPECT_EQ(all["alerts"][0]["reason"], "alert 1");
  // Walked a page at a time by next_after.
  std::vector<std::int64_t> walked;
  std::int64_t after = 0;
  for (int page = 0; page < 10; ++page) {
    const auto j = db.get({{"after", std::to_string(after)}, {"limit", "3"}});
    EXPECT_LE(j["alerts"].size(), 3u);
    for (const auto s : AlertDb::seqs(j)) walked.push_back(s);
    if (j["alerts"].empty()) {
      EXPECT_EQ(j["next_after"], after) << "an empty page gives the after asked";
      break;
    }
    after = j["next_after"];
  }
  EXPECT_EQ(walked, AlertDb::seqs(all));
  EXPECT_EQ(AlertDb::seqs(db.get({{"after", "5"}})), (std::vector<std::int64_t>{6, 7}));
  EXPECT_EQ(AlertDb::seqs(db.get({{"limit", "2"}})), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(db.get({{"after", "99"}})["alerts"].empty());
  // Every answer fits the description.
  const auto spec = json::parse(serve::openapi_json());
  for (const auto& [params, status] :
       std::vector<std::pair<std::multimap<std::string, std::string>, int>>{
           {{}, 200}, {{{"after", "6"}}, 200}, {{{"limit", "x"}}, 400}}) {
    const auto r = db.api->handle({"/api/alerts", params});
    ASSERT_EQ(r.status, status) << r.body;
    const auto* schema = response_schema(spec, "/api/alerts", status);
    ASSERT_NE(schema, nullptr);
    std::vector<std::string> problems;
    check_schema(spec, *schema, json::parse(r.body), "/api/alerts", problems);
    EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
  }
}

TEST(ServeAlerts, BadParametersAre400NamingThem) {
  AlertDb db;
  db.put();
  db.serve();
  const std::vector<std::pair<std::multimap<std::string, std::string>, std::string>> cases = {
      {{{"after", "-1"}}, "after"},  {{{"after", "abc"}}, "after"},
      {{{"after", "1.5"}}, "after"}, {{{"after", "99999999999999999999"}}, "after"},
      {{{"limit", "0"}}, "limit"},   {{{"limit", "501"}}, "limit"},
      {{{"limit", "ten"}}, "limit"}, {{{"after", "1"}, {"after", "2"}}, "after"},
      {{{"since", "1"}}, "since"},
  };
  for (const auto& [params, parameter] : cases) {
    const auto r = db.api->handle({"/api/alerts", params});
    EXPECT_EQ(r.status, 400) << parameter << " " << r.body;
    const auto j = json::parse(r.body);
    EXPECT_TRUE(j["error"].is_string());
    EXPECT_EQ(j["parameter"], parameter);
  }
  EXPECT_EQ(db.get({{"limit", "500"}})["alerts"].size(), 1u);
  // The stream is the server's: the API alone says where it is.
  const auto stream = db.api->handle({"/api/alerts/stream", {}});
  EXPECT_EQ(stream.status, 404);
  EXPECT_TRUE(json::parse(stream.body)["parameter"].is_null());
}

TEST(ServeAlerts, AnAlertRecordedWhileServingIsInTheNextAnswer) {
  AlertDb db;
  db.put();
  db.put();
  db.serve();  // built before the alerts below were recorded
  EXPECT_EQ(AlertDb::seqs(db.get()), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(db.get({{"after", "2"}})["alerts"].empty());
  EXPECT_EQ(db.put(), 3);
  // The very same requests again: not an answer kept from before.
  EXPECT_EQ(AlertDb::seqs(db.get()), (std::vector<std::int64_t>{1, 2, 3}));
  const auto later = db.get({{"after", "2"}});
  EXPECT_EQ(AlertDb::seqs(later), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(later["next_after"], 3);
  EXPECT_EQ(db.api->alerts(0, 10).size(), 3u);
}

// A raw HTTP/1.1 client of one request: the response's head, then its body
// (chunks decoded) as it comes, so that a stream can be read while it runs.
class RawHttp {
 public:
  RawHttp(int port, const std::string& target, const std::string& headers = "") {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string req =
        fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{}\r\n",
                    target, headers);
    EXPECT_EQ(::send(fd_, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
  }
  ~RawHttp() { close(); }
  RawHttp(const RawHttp&) = delete;
  RawHttp& operator=(const RawHttp&) = delete;
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Reads until `done()` holds (true), the server closes, or `seconds` pass (false).
  bool read_until(const std::function<bool()>& done, double seconds = 5) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (!done()) {
      if (closed) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            until - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[8192];
      const auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed = true;
        continue;
      }
      raw_.append(buf, static_cast<std::size_t>(n));
      parse();
    }
    return true;
  }
  bool read_head(double seconds = 5) {
    return read_until([this] { return status != 0; }, seconds);
  }
  // Reads to the end of the response (or of the connection).
  bool read_all(double seconds = 5) {
    return read_until([this] { return ended; }, seconds) || closed;
  }

  struct Event {
    std::string id, event, data;
  };
  // The events received so far (comments left out).
  std::vector<Event> events() const {
    std::vector<Event> out;
    std::size_t at = 0;
    for (std::size_t end; (end = body.find("\n\n", at)) != std::string::npos; at = end + 2) {
      Event e;
      bool any = false;
      std::size_t line = at;
      while (line < end) {
        std::size_t eol = body.find('\n', line);
        if (eol > end) eol = end;
        const std::string l = body.substr(line, eol - line);
        line = eol + 1;
        const auto colon = l.find(": ");
        if (l.empty() || l[0] == ':' || colon == std::string::npos) continue;
        const std::string k = l.substr(0, colon), v = l.substr(colon + 2);
        any = true;
        if (k == "id") e.id = v;
        if (k == "event") e.event = v;
        if (k == "data") e.data += v;
      }
      if (any) out.push_back(e);
    }
    return out;
  }
  std::string header(const std::string& name) const {
    const std::string key = "\r\n" + name + ": ";
    const auto at = head.find(key);
    if (at == std::string::npos) return "";
    const auto start = at + key.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }

  int status = 0;
  std::string head, body;
  bool ended = false, closed = false;

 private:
  void parse() {
    if (!status) {
      const auto end = raw_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      head = raw_.substr(0, end + 2);
      raw_.erase(0, end + 4);
      status = std::stoi(head.substr(9, 3));
      chunked_ = header("Transfer-Encoding") == "chunked";
      if (!chunked_)
        length_ = std::stoul(header("Content-Length").empty() ? std::string("0")
                                                              : header("Content-Length"));
    }
    if (!chunked_) {
      body += raw_;
      raw_.clear();
      ended = body.size() >= length_;
      return;
    }
    for (;;) {
      const auto eol = raw_.find("\r\n");
      if (eol == std::string::npos) return;
      const std::size_t size = std::stoul(raw_.substr(0, eol), nullptr, 16);
      if (raw_.size() < eol + 2 + size + 2) return;
      if (size == 0) ended = true;
      body += raw_.substr(eol + 2, size);
      raw_.erase(0, eol + 2 + size + 2);
    }
  }

  int fd_ = -1;
  std::string raw_;
  bool chunked_ = false;
  std::size_t length_ = 0;
};

TEST(ServeAlerts, TheEventStreamSendsEachAlertAsItIsRecorded) {
  AlertDb db;
  for (int i = 0; i < 3; ++i) db.put();
  db.serve();
  serve::ServerOptions o;
  o.port = 0;
  o.threads = 8;
  o.max_streams = 2;
  o.stream_keep_alive_s = 2;
  serve::Server server(*db.api, o);
  std::string error;
  ASSERT_TRUE(server.bind(error)) << error;
  std::thread running([&] { server.run(); });
  const int port = server.port();

  // From the first: the three recorded, each with its seq as its id.
  RawHttp first(port, "/api/alerts/stream");
  ASSERT_TRUE(first.read_until([&] { return first.events().size() >= 3; })) << first.body;
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("Content-Type"), "text/event-stream");
  EXPECT_EQ(first.header("Cache-Control"), "no-cache");
  EXPECT_EQ(first.header("Content-Security-Policy"), serve::content_security_policy());
  EXPECT_EQ(first.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(first.header("Access-Control-Allow-Origin"), "");
  const auto pages = db.get();
  for (std::size_t i = 0; i < 3; ++i) {
    const auto e = first.events().at(i);
    EXPECT_EQ(e.id, std::to_string(i + 1));
    EXPECT_EQ(e.event, "alert");
    EXPECT_EQ(json::parse(e.data), pages["alerts"][i]) << "the same object as /api/alerts gives";
  }
  // One recorded while it streams arrives within a few seconds.
  const auto put_at = std::chrono::steady_clock::now();
  ASSERT_EQ(db.put(), 4);
  ASSERT_TRUE(first.read_until([&] { return first.events().size() >= 4; }, 5)) << first.body;
  EXPECT_LT(std::chrono::steady_clock::now() - put_at, std::chrono::seconds(3));
  EXPECT_EQ(first.events()[3].id, "4");
  EXPECT_EQ(json::parse(first.events()[3].data)["id"], "landing-a8f0f1-0004");
  // Quiet, it says it is alive.
  EXPECT_TRUE(first.read_until(
      [&] { return first.body.find("\n: keep-alive\n\n") != std::string::npos; }, 5))
      << first.body;
  EXPECT_EQ(first.events().size(), 4u) << "no alert twice";

  // A browser reconnecting resumes after its Last-Event-ID.
  RawHttp resumed(port, "/api/alerts/stream?after=1", "Last-Event-ID: 3\r\n");
  ASSERT_TRUE(resumed.read_until([&] { return !resumed.events().empty(); })) << resumed.body;
  EXPECT_EQ(resumed.status, 200);
  EXPECT_EQ(resumed.events().front().id, "4");
  ASSERT_EQ(db.put(), 5);
  ASSERT_TRUE(resumed.read_until([&] { return resumed.events().size() >= 2; }));
  EXPECT_EQ(resumed.events()[1].id, "5");
  EXPECT_EQ(resumed.events().size(), 2u);

  // Past max_streams: 503, in the API's error shape.
  {
    RawHttp third(port, "/api/alerts/stream");
    ASSERT_TRUE(third.read_all());
    EXPECT_EQ(third.status, 503);
    EXPECT_EQ(third.header("Retry-After"), "10");
    EXPECT_TRUE(json::parse(third.body)["error"].is_string()) << third.body;
  }
  // A client that goes away gives its place back promptly.
  resumed.close();
  std::optional<RawHttp> again;
  for (int i = 0; i < 30 && (!again || again->status != 200); ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again.emplace(port, "/api/alerts/stream?after=4");
    ASSERT_TRUE(again->read_head());
  }
  ASSERT_EQ(again->status, 200) << "the closed stream's place was not given back";
  ASSERT_TRUE(again->read_until([&] { return !again->events().empty(); }));
  EXPECT_EQ(again->events().front().id, "5");

  // Bad starts are 400s naming what was wrong.
  for (const auto& [target, headers, parameter] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/api/alerts/stream?after=x", "", "after"},
           {"/api/alerts/stream?after=-3", "", "after"},
           {"/api/alerts/stream?from=1", "", "from"},
           {"/api/alerts/stream", "Last-Event-ID: nope\r\n", "Last-Event-ID"}}) {
    RawHttp bad(port, target, headers);
    ASSERT_TRUE(bad.read_all()) << target;
    EXPECT_EQ(bad.status, 400) << target;
    EXPECT_EQ(json::parse(bad.body)["parameter"], parameter) << target;
  }

  // Stopped with two streams open, the server stops at once, and they end.
  const auto stop_at = std::chrono::steady_clock::now();
  server.stop();
  running.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, std::chrono::seconds(2));
  EXPECT_TRUE(first.read_all(3));
  EXPECT_TRUE(again->read_all(3));
}

// ---- over HTTP

TEST(ServeFiles, StaticFilesCannotLeaveTheirFolder) {
  test::TempDir tmp("serve-files");
  const fs::path root = fs::path(tmp.path) / "web";
  fs::create_directories(root / "sub");
  std::ofstream(root / "app.js") << "console.log(1)";
  std::ofstream(root / "sub" / "x.css") << "p{}";
  std::ofstream(root / ".hidden") << "secret";
  std::ofstream(fs::path(tmp.path) / "outside.txt") << "outside";
  fs::create_symlink(fs::path(tmp.path) / "outside.txt", root / "link.txt");
  fs::create_symlink(root / "app.js", root / "inside.js");
  std::string why;
  EXPECT_TRUE(serve::static_file(root, "app.js", why));
  EXPECT_TRUE(serve::static_file(root, "sub/x.css", why));
  EXPECT_TRUE(serve::static_file(root, "inside.js", why)) << "a link that stays inside";
  for (const auto* bad :
       {"../outside.txt", "sub/../../outside.txt", "/etc/passwd", ".hidden", "link.txt", "sub", "",
        "sub/./x.css", "missing.js", "..\\outside.txt", "app.js/"})
    EXPECT_FALSE(serve::static_file(root, bad, why)) << bad;
}

class ServeHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    story_ = serve_scenario("seed-2024-03").release();
    web_ = new test::TempDir("serve-http");
    const fs::path root = fs::path(web_->path) / "web";
    fs::create_directories(root);
    std::ofstream(root / "index.html") << "<!doctype html><title>skywitness</title>";
    std::ofstream(root / "app.js") << "console.log(1)";
    std::ofstream(fs::path(web_->path) / "secret.txt") << "secret";
    fs::create_symlink(fs::path(web_->path) / "secret.txt", root / "link.txt");
    for (int cors = 0; cors < 2; ++cors) {
      serve::ServerOptions o;
      o.port = 0;
      o.web_root = root.string();
      if (cors) o.cors_origin = "https://newsroom.example";
      auto& s = servers_[cors];
      s = new serve::Server(*story_->api, o);
      std::string error;
      ASSERT_TRUE(s->bind(error)) << error;
      threads_[cors] = new std::thread([s] { s->run(); });
    }
  }
  static void TearDownTestSuite() {
    for (int i = 0; i < 2; ++i) {
      servers_[i]->stop();
      threads_[i]->join();
      delete threads_[i];
      delete servers_[i];
    }
    delete web_;
    delete story_;
  }
  static httplib::Client client(int which = 0) {
    httplib::Client c("127.0.0.1", servers_[which]->port());
    c.set_read_timeout(30);
    return c;
  }
  // A raw request line, so that nothing on the way normalises the path.
  static std::string raw(const std::string& target) {
    httplib::Client c = client();
    httplib::Request req;
    req.method = "GET";
    req.path = target;
    httplib::Response res;
    httplib::Error err;
    if (!c.send(req, res, err)) return "no answer";
    return std::to_string(res.status) + " " + res.body;
  }

  static Served* story_;
  static test::TempDir* web_;
  static serve::Server* servers_[2];
  static std::thread* threads_[2];
};

Served* ServeHttp::story_ = nullptr;
test::TempDir* ServeHttp::web_ = nullptr;
serve::Server* ServeHttp::servers_[2] = {};
std::thread* ServeHttp::threads_[2] = {};

TEST_F(ServeHttp, PagesFilesAndApiWithTheirHeaders) {
  auto c = client();
  for (const auto* page :
       {"/", "/month/2024-03", "/country/CN", "/aircraft/a8f007",
        "/itinerary/a8f007-2024-03-29T14:05Z", "/leg/12", "/legs", "/search", "/live"}) {
    const auto r = c.Get(page);
    ASSERT_TRUE(r) << page;
    EXPECT_EQ(r->status, 200) << page;
    EXPECT_NE(r->body.find("<title>skywitness"), std::string::npos) << page;
    EXPECT_EQ(r->get_header_value("Content-Security-Policy"), serve::content_security_policy());
    EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  }
  const auto js = c.Get("/static/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  const auto api = c.Get("/api/overview");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  EXPECT_EQ(json::parse(api->body)["legs"],
            json::parse(story_->api->handle({"/api/overview", {}}).body)["legs"]);
  EXPECT_FALSE(api->get_header_value("Content-Security-Policy").empty());
  const auto bad = c.Get("/api/legs?limit=-4");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["parameter"], "limit");
  const long leg =
      json::parse(story_->api->handle({"/api/legs", {{"limit", "1"}}}).body)["legs"][0]["leg_id"];
  const auto dl = c.Get(fmt::format("/api/legs/{}/positions?format=geojson", leg).c_str());
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->status, 200);
  EXPECT_EQ(dl->get_header_value("Content-Disposition"),
            fmt::format("attachment; filename=\"leg-{}.geojson\"", leg));
  EXPECT_EQ(json::parse(dl->body)["type"], "FeatureCollection");
  const auto head = c.Head("/api/overview");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(c.Get("/nowhere")->status, 404);
  EXPECT_EQ(c.Get("/country/CN/more")->status, 404);
}

TEST_F(ServeHttp, NoWayOutOfTheStaticFolder) {
  for (const auto* target :
       {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E%2Fsecret.txt",
        "/static/..%2fsecret.txt", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
        "/static/link.txt", "/static/./index.html", "/static/%00app.js", "/static/"}) {
    const std::string r = raw(target);
    EXPECT_FALSE(r.starts_with("200")) << target << ": " << r.substr(0, 80);
    EXPECT_EQ(r.find("secret"), std::string::npos) << target;
    EXPECT_EQ(r.find("root:"), std::string::npos) << target;
  }
  EXPECT_TRUE(raw("/static/app.js").starts_with("200"));
}

TEST_F(ServeHttp, OnlyGetAndCorsOnlyWhenAsked) {
  auto c = client();
  const auto post = c.Post("/api/overview", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");
  const auto del = c.Delete("/api/legs/1");
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  auto with = client(1);
  const auto r = with.Get("/api/overview");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Access-Control-Allow-Origin"), "https://newsroom.example");
}

TEST_F(ServeHttp, ManyClientsAtOnceGetTheSameAnswers) {
  const std::string want = story_->api->handle({"/api/months/2024-03/report", {}}).body;
  std::vector<std::thread> clients;
  std::atomic<int> same{0};
  for (int i = 0; i < 16; ++i)
    clients.emplace_back([&, i] {
      auto c = client();
      const auto r = c.Get(i % 2 ? "/api/months/2024-03/report" : "/api/legs?limit=3");
      if (r && r->status == 200 && (i % 2 == 0 || r->body == want)) ++same;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(same.load(), 16);
}

}  // namespace
}  // namespace skywitness
