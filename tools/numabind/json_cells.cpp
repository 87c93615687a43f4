#include "json_cells.h"

#include "errors.h"

namespace nbcli {

nlohmann::json parse_library_json(const std::string &text) {
    nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        throw RuntimeFailure("internal error: the library returned malformed JSON");
    }
    return document;
}

std::string cell_text(const nlohmann::json &object, const char *key) {
    if (!object.is_object()) {
        return "-";
    }
    const auto found = object.find(key);
    if (found == object.end() || found->is_null()) {
        return "-";
    }
    if (found->is_string()) {
        return found->get<std::string>();
    }
    return found->dump();
}

}  // namespace nbcli
