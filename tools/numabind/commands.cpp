// The dispatch table: a new subcommand adds its accessor here.
#include "command.h"

namespace nbcli {

const std::vector<const Command *> &all_commands() {
    static const std::vector<const Command *> commands = {
        &topo_command(),
        &plan_command(),
        &exec_command(),
        &launch_command(),
        &check_command(),
    };
    return commands;
}

}  // namespace nbcli
