// The dashboard's JSON API (docs/serve.md, src/serve/openapi.json): a
// request's path and parameters in, a response out, with no HTTP in it, so
// that tests and the fuzz target call it directly and the server
// (serve/server.hpp) is a thin layer over it. Read-only: it answers from the
// analysis loaded at start (the store opened read-only) and never writes;
// the alerts alone are read from the store at each request, since `live`
// records them while `serve` runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "skywitness/analysis/analysis.hpp"  // and store/store.hpp: store::AlertRecord

namespace skywitness::serve {

struct Request {
  std::string path;                                // decoded, without the query
  std::multimap<std::string, std::string> params;  // the query's, decoded
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string filename;  // set: a download (Content-Disposition: attachment)
};

struct ApiLimits {
  std::size_t default_page = 100;       // legs, itineraries or alerts a page without `limit`
  std::size_t max_page = 500;           // the most `limit` may ask for
  std::size_t max_search = 50;          // search results
  std::size_t max_query = 100;          // characters of a search
  int max_years = 100;                  // a date range may span this many years at most
  std::size_t cache_bytes = 64u << 20;  // answers kept for the next request
};

class Api {
 public:
  // Takes the loaded analysis; its store must have been opened read-only.
  explicit Api(analysis::Analysis analysis, ApiLimits limits = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers a GET under /api/. Safe to call from several threads at once.
  // A bad parameter gets a 400 naming it, an unknown thing a 404, both with
  // {"error": "...", "parameter": "..."}; never an exception.
  Response handle(const Request& request);
  // The same, shared with the cache instead of copied: what the server
  // sends from.
  std::shared_ptr<const Response> answer(const Request& request);

  // The alerts recorded after seq `after`, in order, at most `limit`: read
  // from the store now (a connection of the pool), never from the cache.
  // Throws std::runtime_error when the store cannot be read.
  std::vector<store::AlertRecord> alerts(std::int64_t after, std::size_t limit);

  // An alert as the API and the event stream give it: its record (the JSON
  // object the sinks are given, as `live` wrote it) with its `seq`; a record
  // that is not a JSON object is given as its columns (id, type, icao, time).
  static std::string alert_json(const store::AlertRecord& alert);

  // "aircraft 7, legs 1,204, itineraries 310": for the server's first line.
  std::string summary() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3 description of the API, as served at /api/openapi.json.
std::string_view openapi_json();

}  // namespace skywitness::serve
