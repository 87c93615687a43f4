#include "rank_options.h"

#include <climits>

#include "errors.h"
#include "numabind.h"

namespace nbcli {

namespace {

// More local ranks than any machine has CPUs for is a typo, not a request.
constexpr long kMaxRanks = 65536;

// A whole number from `low` to `high` in plain decimal digits, or a
// UsageError naming the option and the value.
long whole_number(const std::string &option, const std::string &text, long low, long high) {
    const std::string problem = "invalid " + option + " '" + text + "' (expected a whole number from " +
                                std::to_string(low) + " to " + std::to_string(high) + ")";
    const size_t max_digits = std::to_string(high).size();
    if (text.empty() || text.size() > max_digits ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        throw UsageError(problem);
    }
    const long value = std::stol(text);
    if (value < low || value > high) {
        throw UsageError(problem);
    }
    return value;
}

}  // namespace

FlagSpec nproc_flag(const std::string &help) { return {"--nproc", "N", help}; }

std::optional<int> nproc_from(const ParsedArgs &args) {
    const auto text = args.value("--nproc");
    if (!text) {
        return std::nullopt;
    }
    return static_cast<int>(whole_number("--nproc", *text, 1, kMaxRanks));
}

FlagSpec local_rank_flag() {
    return {"--local-rank", "R",
            "the local rank (default: $LOCAL_RANK, else $SLURM_LOCALID, else "
            "$OMPI_COMM_WORLD_LOCAL_RANK)"};
}

std::optional<int> local_rank_from_flag(const ParsedArgs &args) {
    const auto text = args.value("--local-rank");
    if (!text) {
        return std::nullopt;
    }
    return static_cast<int>(whole_number("--local-rank", *text, 0, INT_MAX));
}

int local_rank_of_this_process(const ParsedArgs &args) {
    if (const auto rank = local_rank_from_flag(args)) {
        return *rank;
    }
    int rank = -1;
    const nb_status status = nb_local_rank_from_environment(&rank);
    if (status != NB_OK) {
        throw UsageError(library_message(status) + " (or give --local-rank)");
    }
    return rank;
}

}  // namespace nbcli
