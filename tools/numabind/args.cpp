#include "args.h"

#include <algorithm>
#include <sstream>

#include "errors.h"

namespace nbcli {

namespace {

const FlagSpec *find_spec(const std::vector<FlagSpec> &specs, const std::string &name) {
    for (const FlagSpec &spec : specs) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

bool looks_like_option(const std::string &arg) { return arg.size() > 1 && arg[0] == '-'; }

}  // namespace

bool ParsedArgs::has(const std::string &name) const { return values_.count(name) != 0; }

std::optional<std::string> ParsedArgs::value(const std::string &name) const {
    auto found = values_.find(name);
    if (found == values_.end()) {
        return std::nullopt;
    }
    return found->second;
}

bool wants_help(const std::vector<std::string> &args) {
    for (const std::string &arg : args) {
        if (arg == "--") {
            return false;
        }
        if (arg == "-h" || arg == "--help") {
            return true;
        }
    }
    return false;
}

ParsedArgs parse_args(const std::vector<FlagSpec> &specs, const std::vector<std::string> &args,
                      Positionals positionals) {
    ParsedArgs parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--") {
            if (positionals == Positionals::kNone && i + 1 < args.size()) {
                throw UsageError("unexpected argument '" + args[i + 1] + "'");
            }
            parsed.positionals_.insert(parsed.positionals_.end(),
                                       args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (!looks_like_option(arg)) {
            if (positionals != Positionals::kOperands) {
                throw UsageError("unexpected argument '" + arg + "'");
            }
            parsed.positionals_.push_back(arg);
            continue;
        }
        const size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        const FlagSpec *spec = find_spec(specs, name);
        if (spec == nullptr) {
            throw UsageError("unknown option '" + name + "'");
        }
        if (spec->value_name.empty()) {
            if (equals != std::string::npos) {
                throw UsageError("option " + name + " takes no value");
            }
            parsed.values_[name] = "";
            continue;
        }
        if (equals != std::string::npos) {
            parsed.values_[name] = arg.substr(equals + 1);
            continue;
        }
        // A following "--option" is taken as a forgotten value rather than
        // swallowed; a single dash is allowed ("--visible-devices -1").
        if (i + 1 >= args.size() || args[i + 1].rfind("--", 0) == 0) {
            throw UsageError("option " + name + " needs a value (" + spec->value_name + ")");
        }
        parsed.values_[name] = args[++i];
    }
    return parsed;
}

std::string describe_flags(const std::vector<FlagSpec> &specs) {
    std::vector<std::string> heads;
    size_t width = 0;
    for (const FlagSpec &spec : specs) {
        std::string head = spec.name;
        if (!spec.value_name.empty()) {
            head += " " + spec.value_name;
        }
        width = std::max(width, head.size());
        heads.push_back(head);
    }
    std::ostringstream text;
    for (size_t i = 0; i < specs.size(); ++i) {
        text << "  " << heads[i] << std::string(width - heads[i].size() + 2, ' ') << specs[i].help
             << "\n";
    }
    return text.str();
}

}  // namespace nbcli
