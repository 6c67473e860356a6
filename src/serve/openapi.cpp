// The OpenAPI description (src/serve/openapi.json), compiled in by CMake.
#include "skywitness/serve/api.hpp"

namespace skywitness::serve {

std::string_view openapi_json() {
  static constexpr std::string_view kText =
#include "openapi.inc"
      ;
  return kText;
}

}  // namespace skywitness::serve
