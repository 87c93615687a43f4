// nb_cpuset_parse on any string, checked against a reference reading of the
// header's grammar (comma-separated decimal CPUs and inclusive ranges FIRST-
// LAST, nothing else, numbers up to NB_CPUSET_MAX_CPU; "" is the empty set):
// both must accept the same strings, the set must hold the reference's CPUs,
// nb_cpuset_format must write the canonical list, and parsing that back must
// give the same set and the same text (the round trip is the identity).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_support.h"

namespace {

using Range = std::pair<long, long>;

// Digits only, at most NB_CPUSET_MAX_CPU; -1 for anything else.
long reference_number(const std::string &text) {
    if (text.empty()) return -1;
    long value = 0;
    for (char c : text) {  // leading zeros are digits like any other
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
        if (value > NB_CPUSET_MAX_CPU) return -1;
    }
    return value;
}

// The ranges the list names, merged and sorted; false when the list is invalid.
bool reference_parse(const std::string &list, std::vector<Range> &ranges) {
    if (list.empty()) return true;
    size_t start = 0;
    while (true) {
        const size_t comma = list.find(',', start);
        const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const size_t dash = item.find('-');
        const long first = reference_number(item.substr(0, dash));
        const long last = dash == std::string::npos ? first : reference_number(item.substr(dash + 1));
        if (first < 0 || last < first) return false;
        ranges.emplace_back(first, last);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    std::sort(ranges.begin(), ranges.end());
    std::vector<Range> merged;
    for (const Range &range : ranges) {
        if (!merged.empty() && range.first <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, range.second);
        else
            merged.push_back(range);
    }
    ranges = std::move(merged);
    return true;
}

std::string reference_format(const std::vector<Range> &ranges) {
    std::string out;
    for (const Range &range : ranges) {
        if (!out.empty()) out += ',';
        out += std::to_string(range.first);
        if (range.second > range.first) out += "-" + std::to_string(range.second);
    }
    return out;
}

std::string format(const nb_cpuset *set) {
    char *text = nullptr;
    const nb_status status = nb_cpuset_format(&text, set);
    FUZZ_CHECK(status == NB_OK && text != nullptr, status);
    const fuzz::String owned(text);
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string list = fuzz::c_string(data, size);
    std::vector<Range> ranges;
    const bool valid = reference_parse(list, ranges);

    nb_cpuset *raw = reinterpret_cast<nb_cpuset *>(0x1);
    const nb_status status = nb_cpuset_parse(&raw, list.c_str());
    if (!valid) {
        FUZZ_CHECK(fuzz::is_one_of(status, {NB_ECPULIST}) && raw == nullptr, status);
        return 0;
    }
    FUZZ_CHECK(status == NB_OK && raw != nullptr, status);
    const fuzz::Cpuset set(raw);

    long expected_count = 0;
    for (const Range &range : ranges) {
        expected_count += range.second - range.first + 1;
        FUZZ_CHECK(nb_cpuset_contains(set.get(), static_cast<int>(range.first)) &&
                       nb_cpuset_contains(set.get(), static_cast<int>(range.second)) &&
                       !nb_cpuset_contains(set.get(), static_cast<int>(range.first) - 1),
                   status);
        FUZZ_CHECK(nb_cpuset_next(set.get(), static_cast<int>(range.second)) != static_cast<int>(range.second) + 1,
                   status);
    }
    FUZZ_CHECK(nb_cpuset_count(set.get()) == expected_count, status);

    const std::string canonical = format(set.get());
    FUZZ_CHECK(canonical == reference_format(ranges), status);
    nb_cpuset *again = nullptr;
    const nb_status reparsed = nb_cpuset_parse(&again, canonical.c_str());
    FUZZ_CHECK(reparsed == NB_OK, reparsed);
    const fuzz::Cpuset owned_again(again);
    FUZZ_CHECK(nb_cpuset_equal(set.get(), again) == 1, reparsed);
    FUZZ_CHECK(format(again) == canonical, reparsed);
    return 0;
}
