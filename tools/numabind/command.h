// What a subcommand provides. main.cpp does the common work (help, parsing,
// error reporting); a command only declares its options and runs.
#ifndef NUMABIND_CLI_COMMAND_H
#define NUMABIND_CLI_COMMAND_H

#include <string>
#include <vector>

#include "args.h"

namespace nbcli {

struct Command {
    const char *name;         // "plan"
    const char *summary;      // one line for `numabind --help`
    const char *synopsis;     // the usage line after "numabind "
    const char *description;  // paragraphs for `numabind NAME --help`
    std::vector<FlagSpec> flags;
    Positionals positionals;  // what it takes besides options
    // Runs with parsed options; returns an ExitStatus or throws UsageError /
    // RuntimeFailure, which main turns into a one-line message.
    int (*run)(const ParsedArgs &args);
};

// Every subcommand, in the order `numabind --help` lists them.
const std::vector<const Command *> &all_commands();

// One accessor per subcommand, each defined in its cmd_*.cpp.
const Command &topo_command();
const Command &plan_command();
const Command &exec_command();
const Command &launch_command();
const Command &check_command();

}  // namespace nbcli

#endif
