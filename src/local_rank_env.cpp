#include "local_rank_env.h"

#include <climits>
#include <cstdlib>
#include <string>

#include "error.h"

namespace numabind {

namespace {

constexpr const char *kVariables[] = {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"};

// Decimal digits only: no sign, no spaces, no hex; at most INT_MAX.
bool parse_rank(const char *text, int &rank) {
    if (*text == '\0') return false;
    long long value = 0;
    for (const char *p = text; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9') return false;
        value = value * 10 + (*p - '0');
        if (value > INT_MAX) return false;
    }
    rank = static_cast<int>(value);
    return true;
}

}  // namespace

int local_rank_from_environment() {
    for (const char *name : kVariables) {
        const char *value = std::getenv(name);
        if (value == nullptr) continue;
        int rank = 0;
        if (!parse_rank(value, rank))
            throw Error(NB_ERANK, std::string(name) + "=" + quote(value) +
                                      " is not a local rank (expected a whole number from 0 to " +
                                      std::to_string(INT_MAX) + ")");
        return rank;
    }
    std::string names;
    for (const char *name : kVariables) names += (names.empty() ? "" : ", ") + std::string(name);
    throw Error(NB_ERANK, "no local rank in the environment: none of " + names + " is set");
}

}  // namespace numabind
