// Reading the JSON the library returns, for rendering it as table cells.
#ifndef NUMABIND_CLI_JSON_CELLS_H
#define NUMABIND_CLI_JSON_CELLS_H

#include <string>

#include <nlohmann/json.hpp>

namespace nbcli {

// Parses a document the library produced; RuntimeFailure if it is not JSON.
nlohmann::json parse_library_json(const std::string &text);

// A table cell for a JSON value: strings as they are, numbers in decimal,
// null or a missing key as "-".
std::string cell_text(const nlohmann::json &object, const char *key);

}  // namespace nbcli

#endif
