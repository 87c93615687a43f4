#include "output_format.h"

#include "errors.h"

namespace nbcli {

FlagSpec format_flag() {
    return {"--format", "table|json", "output an aligned table (default) or the library's JSON"};
}

OutputFormat output_format_from(const ParsedArgs &args) {
    const auto name = args.value("--format");
    if (!name || *name == "table") {
        return OutputFormat::Table;
    }
    if (*name == "json") {
        return OutputFormat::Json;
    }
    throw UsageError("unknown format '" + *name + "' (expected table, json)");
}

}  // namespace nbcli
