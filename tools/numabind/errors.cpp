#include "errors.h"

#include <iostream>

namespace nbcli {

std::string library_message(nb_status status) {
    const char *message = nb_last_error();
    if (message != nullptr && *message != '\0') {
        return message;
    }
    return std::string(nb_strerror(status)) + " (" + nb_status_name(status) + ")";
}

void print_notice(const char *command, const std::string &message) {
    std::cerr << "numabind " << command << ": " << message << "\n";
}

}  // namespace nbcli
