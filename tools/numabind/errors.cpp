#include "errors.h"

#include <cerrno>
#include <iostream>

namespace nbcli {

std::string library_message(nb_status status) {
    const char *message = nb_last_error();
    if (message != nullptr && *message != '\0') {
        return message;
    }
    return std::string(nb_strerror(status)) + " (" + nb_status_name(status) + ")";
}

ExitStatus exec_failure_status(int os_error) {
    return os_error == ENOENT ? kExitNotFound : kExitCannotExecute;
}

void print_notice(const char *command, const std::string &message) {
    // One write, so the line does not interleave with the output of children
    // sharing the terminal.
    std::cerr << "numabind " + std::string(command) + ": " + message + "\n";
}

}  // namespace nbcli
