// A small command-line parser shared by every subcommand: long options with
// a value ("--mode node" or "--mode=node"), switches ("--fallback"), and
// positional arguments after "--" for commands that take a program to run,
// and plain operands (a process id) for commands that take those.
#ifndef NUMABIND_CLI_ARGS_H
#define NUMABIND_CLI_ARGS_H

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace nbcli {

// What a command accepts besides options.
enum class Positionals {
    kNone,      // nothing: every argument is an option
    kProgram,   // a program and its arguments, after "--"
    kOperands,  // plain words anywhere (a process id), and anything after "--"
};

struct FlagSpec {
    std::string name;        // "--topology"
    std::string value_name;  // "FILE|DIR"; empty for a switch that takes no value
    std::string help;        // one line for --help
};

class ParsedArgs {
public:
    // True when the option was given (for a switch: when it was set).
    bool has(const std::string &name) const;
    // The option's value (the last one when it was repeated).
    std::optional<std::string> value(const std::string &name) const;
    // Arguments after "--" (and, for Positionals::kOperands, plain words), in order.
    const std::vector<std::string> &positionals() const { return positionals_; }

private:
    friend ParsedArgs parse_args(const std::vector<FlagSpec> &, const std::vector<std::string> &,
                                 Positionals);
    std::map<std::string, std::string> values_;
    std::vector<std::string> positionals_;
};

// True when "-h" or "--help" appears before any "--": help wins over every
// other problem on the command line.
bool wants_help(const std::vector<std::string> &args);

// Parses args against specs. Throws UsageError for an unknown option, a
// missing value, a value given to a switch, or an argument the command does
// not take (see Positionals).
ParsedArgs parse_args(const std::vector<FlagSpec> &specs, const std::vector<std::string> &args,
                      Positionals positionals);

// The options part of a --help text: one aligned line per option.
std::string describe_flags(const std::vector<FlagSpec> &specs);

}  // namespace nbcli

#endif
