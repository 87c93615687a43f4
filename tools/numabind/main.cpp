// numabind: show a machine's GPU/NUMA topology and the CPU binding each local
// rank would get, run ranks bound, check running ones. Dispatches to the
// subcommands in commands.cpp.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "args.h"
#include "command.h"
#include "errors.h"
#include "numabind.h"

namespace nbcli {
namespace {

const char kProgram[] = "numabind";

std::string command_names() {
    std::string names;
    for (const Command *command : all_commands()) {
        names += (names.empty() ? "" : ", ") + std::string(command->name);
    }
    return names;
}

void print_tool_help(std::ostream &out) {
    out << "Usage: " << kProgram << " COMMAND [OPTIONS]\n"
        << "       " << kProgram << " --version\n\n"
        << "Show which CPUs each GPU worker (local rank) should be bound to, run\n"
        << "workers bound to them, and check where running workers are.\n\n"
        << "Commands:\n";
    size_t width = 0;
    for (const Command *command : all_commands()) {
        width = std::max(width, std::string(command->name).size());
    }
    for (const Command *command : all_commands()) {
        const std::string name = command->name;
        out << "  " << name << std::string(width - name.size() + 2, ' ') << command->summary
            << "\n";
    }
    out << "\nRun '" << kProgram << " COMMAND --help' for a command's options.\n"
        << "Exit status: 0 success, 1 failure, 2 usage error; exec and launch pass\n"
        << "on their program's status (see their help).\n";
}

void print_command_help(const Command &command, std::ostream &out) {
    out << "Usage: " << kProgram << " " << command.synopsis << "\n\n"
        << command.description << "\n\nOptions:\n"
        << describe_flags(command.flags) << "  -h, --help"
        << "  show this help and exit\n";
}

void print_version(std::ostream &out) {
    out << kProgram << " " << nb_version_string() << "\n";
    if (nb_version_number() != NB_VERSION_NUMBER) {
        out << "(built against numabind " << NB_VERSION_MAJOR << "." << NB_VERSION_MINOR << "."
            << NB_VERSION_PATCH << ")\n";
    }
}

const Command *find_command(const std::string &name) {
    for (const Command *command : all_commands()) {
        if (name == command->name) {
            return command;
        }
    }
    return nullptr;
}

int run_command(const Command &command, const std::vector<std::string> &args) {
    const std::string prefix = std::string(kProgram) + " " + command.name + ": ";
    if (wants_help(args)) {
        print_command_help(command, std::cout);
        return kExitOk;
    }
    try {
        ParsedArgs parsed = parse_args(command.flags, args, command.positionals);
        return command.run(parsed);
    } catch (const UsageError &error) {
        std::cerr << prefix << error.what() << "\n";
        return kExitUsage;
    } catch (const RuntimeFailure &error) {
        std::cerr << prefix << error.what() << "\n";
        return kExitFailure;
    } catch (const std::exception &error) {
        std::cerr << prefix << "internal error: " << error.what() << "\n";
        return kExitFailure;
    }
}

int run_tool(int argc, char **argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (args.empty()) {
        print_tool_help(std::cerr);
        return kExitUsage;
    }
    const std::string &first = args.front();
    if (first == "-h" || first == "--help") {
        print_tool_help(std::cout);
        return kExitOk;
    }
    if (first == "--version") {
        print_version(std::cout);
        return kExitOk;
    }
    if (first.size() > 1 && first[0] == '-') {
        std::cerr << kProgram << ": unknown option '" << first << "' (expected a command: "
                  << command_names() << ")\n";
        return kExitUsage;
    }
    const Command *command = find_command(first);
    if (command == nullptr) {
        std::cerr << kProgram << ": unknown command '" << first << "' (expected "
                  << command_names() << ")\n";
        return kExitUsage;
    }
    return run_command(*command, std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace
}  // namespace nbcli

int main(int argc, char **argv) {
    int status = nbcli::run_tool(argc, argv);
    // A failed write (full disk, closed pipe) must not pass for success.
    std::cout.flush();
    if (!std::cout && status == nbcli::kExitOk) {
        std::fprintf(stderr, "numabind: cannot write to standard output\n");
        return nbcli::kExitFailure;
    }
    return status;
}
