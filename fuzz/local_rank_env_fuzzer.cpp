// nb_local_rank_from_environment with a launcher variable set from the input:
// the first byte picks the variable ('S' SLURM_LOCALID, 'O'
// OMPI_COMM_WORLD_LOCAL_RANK, anything else LOCAL_RANK; the others are
// unset), the rest is its value. Checked against the header's
// rule read independently: a whole number from 0 to INT_MAX, decimal digits
// only; anything else is NB_ERANK naming the variable, with the scalar
// out-parameter untouched.
#include <climits>
#include <string>

#include "fuzz_support.h"

namespace {

const char *const kVariables[] = {"LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK"};

// -1 when `text` is not a rank.
long long reference_rank(const std::string &text) {
    if (text.empty()) return -1;
    long long value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
        if (value > INT_MAX) return -1;
    }
    return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const char *name = data[0] == 'S' ? kVariables[1] : data[0] == 'O' ? kVariables[2] : kVariables[0];
    const std::string value = fuzz::c_string(data + 1, size - 1);
    for (const char *variable : kVariables) unsetenv(variable);
    FUZZ_CHECK(setenv(name, value.c_str(), 1) == 0, NB_OK);

    int rank = -7;
    const nb_status status = nb_local_rank_from_environment(&rank);
    const long long expected = reference_rank(value);
    if (expected < 0) {
        FUZZ_CHECK(fuzz::is_one_of(status, {NB_ERANK}) && rank == -7, status);
        FUZZ_CHECK(std::string(nb_last_error()).find(name) != std::string::npos, status);
    } else {
        FUZZ_CHECK(status == NB_OK && rank == expected, status);
    }
    return 0;
}
