// Exit statuses and the two kinds of failure every subcommand reports.
#ifndef NUMABIND_CLI_ERRORS_H
#define NUMABIND_CLI_ERRORS_H

#include <stdexcept>
#include <string>

#include "numabind.h"

namespace nbcli {

enum ExitStatus : int {
    kExitOk = 0,
    kExitFailure = 1,  // the request was well formed but could not be carried out
    kExitUsage = 2,    // the command line itself is wrong
    // The program given to exec or launch could not be run, as env(1) and
    // the shells report it.
    kExitCannotExecute = 126,  // found but not executable (EACCES, ENOEXEC, ...)
    kExitNotFound = 127,       // no such program (ENOENT)
    // A child killed by signal S is reported as kExitSignalBase + S.
    kExitSignalBase = 128,
};

// kExitNotFound for ENOENT, else kExitCannotExecute.
ExitStatus exec_failure_status(int os_error);

// A bad command line: unknown command or option, missing or invalid value.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A well-formed request that failed: topology not loadable, plan not computable.
class RuntimeFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The library's message for the failure that just returned `status` on this
// thread, or its static description when the library left none.
std::string library_message(nb_status status);

// Writes "numabind COMMAND: MESSAGE" on stderr, for a report that does not
// end the command (a rank that will run unbound).
void print_notice(const char *command, const std::string &message);

}  // namespace nbcli

#endif
