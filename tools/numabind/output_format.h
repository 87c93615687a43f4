// The --format option shared by the reporting commands.
#ifndef NUMABIND_CLI_OUTPUT_FORMAT_H
#define NUMABIND_CLI_OUTPUT_FORMAT_H

#include "args.h"

namespace nbcli {

enum class OutputFormat { Table, Json };

FlagSpec format_flag();

// Table when --format is absent; UsageError for an unknown name.
OutputFormat output_format_from(const ParsedArgs &args);

}  // namespace nbcli

#endif
